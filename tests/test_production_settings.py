"""Production fails closed: no APP_ENV means production, and production refuses unsafe settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

import config as config_module
from config import DEFAULT_SECRET, ProductionConfig, check_production
from initiatief import create_app
from tests.factories import make_world

ROOT = Path(__file__).resolve().parent.parent

# A production app's own process: settings are read from the environment at import.
PROBE = """
from initiatief import create_app
app = create_app()
client = app.test_client()
response = client.get("/privacy")
print(app.config["ENV_NAME"], response.status_code)
print(response.headers.get("Strict-Transport-Security", "-"))
# Every response, not only pages: an error page, a static file, the health check.
for path in ("/bestaat-niet", "/static/css/app.css", "/gezond"):
    print("also", path, client.get(path).headers.get("Strict-Transport-Security", "-"))
"""


def safe_production(tmp_path) -> dict[str, str]:
    """An environment production accepts (SQLite and http only because they are allowed)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("APP_ENV", "FLASK_"))}
    return {
        **env,
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite'}",
        "ALLOW_SQLITE": "1",
        "BASE_URL": "https://initiatieven.gemeente.example",
        "RATELIMIT_ALLOW_MEMORY": "1",
        "INSTANCE_PATH": str(tmp_path / "instance"),
    }


def probe(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_without_app_env_the_app_is_production_and_refuses_the_public_secret(tmp_path):
    env = safe_production(tmp_path)
    del env["APP_ENV"], env["SECRET_KEY"]
    result = probe(env)
    assert result.returncode != 0
    assert "Refusing to start in production" in result.stderr
    assert "SECRET_KEY" in result.stderr and "APP_ENV=development" in result.stderr


def test_production_answers_with_hsts_for_a_year(tmp_path):
    result = probe(safe_production(tmp_path))
    assert result.returncode == 0, result.stderr
    started, hsts, *others = result.stdout.splitlines()[-5:]
    assert started.split()[0] == "production"
    max_age = int(hsts.split("max-age=")[1].split(";")[0])
    assert max_age >= 365 * 24 * 3600 and "includeSubDomains" in hsts
    assert [line.split(" ", 2)[2] for line in others] == [hsts] * 3, others


def test_an_unknown_app_env_refuses_to_start(monkeypatch):
    monkeypatch.setenv("APP_ENV", "prod")
    with pytest.raises(RuntimeError, match="APP_ENV must be one of"):
        create_app()


def test_development_only_when_asked_for(monkeypatch):
    monkeypatch.setenv("APP_ENV", "development")
    assert create_app().config["ENV_NAME"] == "development"


def test_testing_and_development_send_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/privacy").headers


def baseline() -> dict:
    config = {key: getattr(ProductionConfig, key) for key in dir(ProductionConfig) if key.isupper()}
    config.update(
        SECRET_KEY=secrets.token_urlsafe(48),
        SQLALCHEMY_DATABASE_URI="postgresql+psycopg://db/initiatief",
        BASE_URL="https://initiatieven.gemeente.example",
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379",
        DEBUG=False,
        MAILBOX_DIR=None,
    )
    return config


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"SECRET_KEY": DEFAULT_SECRET}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 40}, "SECRET_KEY"),  # one character repeated
        ({"SECRET_KEY": " " * 40}, "SECRET_KEY"),
        ({"SECRET_KEY": "ab" * 20}, "SECRET_KEY"),
        ({"BASE_URL": "http://initiatieven.gemeente.example"}, "https://"),
        ({"RATELIMIT_STORAGE_URI": "memory://"}, "shared store"),
        # What Flask-Limiter also reads as memory://: empty, another case, a leading space.
        ({"RATELIMIT_STORAGE_URI": ""}, "shared store"),
        ({"RATELIMIT_STORAGE_URI": "MEMORY://"}, "shared store"),
        ({"RATELIMIT_STORAGE_URI": " memory://"}, "shared store"),
        ({"DEBUG": True}, "debug"),
        ({"SQLALCHEMY_DATABASE_URI": "sqlite:///x.sqlite"}, "PostgreSQL"),
        ({"MAILBOX_DIR": "/tmp/mailbox"}, "MAILBOX_DIR"),
        ({"STAFF_TOTP_REQUIRED": False}, "second factor"),
    ],
)
def test_production_refuses_placeholders_plain_http_and_private_limits(overrides, problem):
    config = baseline()
    check_production(config)  # the safe baseline passes
    config.update(overrides)
    with pytest.raises(RuntimeError, match=problem):
        check_production(config)


@pytest.mark.parametrize(
    "overrides",
    [
        {"BASE_URL": "http://test-host.example", "ALLOW_HTTP_BASE_URL": True},
        {"RATELIMIT_STORAGE_URI": "memory://", "RATELIMIT_ALLOW_MEMORY": True},
    ],
)
def test_an_operator_may_allow_http_or_memory_limits_on_purpose(overrides):
    config = baseline()
    config.update(overrides)
    check_production(config)


def test_an_empty_limit_store_is_memory_and_refused(tmp_path):
    """RATELIMIT_STORAGE_URI= with nothing filled in (an env file left blank) is what
    Flask-Limiter reads as memory://: counted per worker, so refused like memory://."""
    env = safe_production(tmp_path)
    del env["RATELIMIT_ALLOW_MEMORY"]
    env["RATELIMIT_STORAGE_URI"] = ""
    result = probe(env)
    assert result.returncode != 0
    assert "RATELIMIT_STORAGE_URI must be a shared store" in result.stderr


def test_a_bad_number_of_trusted_proxies_refuses_to_start(tmp_path):
    env = safe_production(tmp_path)
    env["TRUSTED_PROXIES"] = "een"
    result = probe(env)
    assert result.returncode != 0 and "TRUSTED_PROXIES must be a whole number" in result.stderr


def test_the_intake_form_and_its_check_step_are_never_cached(app, client):
    with app.app_context():
        from initiatief.extensions import db

        make_world()
        db.session.commit()
    assert client.get("/initiatief-indienen").headers["Cache-Control"] == "no-store"
    answers = {"title": "Moestuin", "name": "Fatima el Amrani", "action": "check"}
    assert client.post("/initiatief-indienen", data=answers).headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("uri", "timeouts"),
    [("redis://127.0.0.1:6379/0", True), ("REDIS://127.0.0.1", True), ("memory://", False)],
)
def test_a_redis_store_gets_timeouts_in_any_case(uri, timeouts):
    """A hanging Redis fails a request within RATELIMIT_STORAGE_TIMEOUT, however it is spelled."""
    options = config_module._storage_options(uri)
    assert bool(options) is timeouts
    assert not options or options["socket_timeout"] == 2.0
