"""Issue 10: GET/HEAD /gezond tells the load balancer whether this worker can serve.

Runs in both database passes: the app fixture uses the pass's database.
"""

import socket

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import stamp
from sqlalchemy import func, select

from initiatief import create_app
from initiatief.extensions import db, limiter
from initiatief.models import AuditEntry
from initiatief.views import health


def assert_not_kept_or_tracked(response):
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_healthy_worker_answers_200_without_cookie_or_audit(app, client):
    response = client.get("/gezond")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert_not_kept_or_tracked(response)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_head_answers_without_body(client):
    response = client.head("/gezond")

    assert response.status_code == 200
    assert response.data == b""
    assert_not_kept_or_tracked(response)


def closed_port() -> int:
    """A port on which nothing listens (bound, read, closed again)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_database_down_answers_503(kind, tmp_path, caplog):
    url = {
        "postgresql": f"postgresql+psycopg://root@127.0.0.1:{closed_port()}/nothing",
        "sqlite": f"sqlite:///{tmp_path / 'missing-folder' / 'initiatief.sqlite'}",
    }[kind]
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})

    response = app.test_client().get("/gezond")

    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "reason": "database"}
    assert_not_kept_or_tracked(response)
    # The operator reads why, without the connection details.
    assert "the database does not answer (OperationalError)" in caplog.text
    assert "127.0.0.1" not in caplog.text and str(tmp_path) not in caplog.text


@pytest.fixture
def older_schema(app):
    """The test database stamped one revision before head; stamped back afterwards.

    Stamping back matters on PostgreSQL: alembic_version is not truncated between tests.
    """
    with app.app_context():
        script = ScriptDirectory(app.extensions["migrate"].directory)
        (head,) = script.get_heads()
        stamp(revision=script.get_revision(head).down_revision)
        db.engine.dispose()
    yield
    with app.app_context():
        stamp(revision=head)
        db.engine.dispose()


@pytest.mark.usefixtures("older_schema")
def test_database_behind_the_migrations_answers_503(client):
    response = client.get("/gezond")

    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "reason": "migrations"}
    assert_not_kept_or_tracked(response)


@pytest.fixture
def restore_default_limits():
    """Flask-Limiter keeps the first app's RATELIMIT_DEFAULT on its one limiter object;
    put back what was there, so later tests' apps do not inherit our low limit."""
    manager = limiter.limit_manager
    saved = list(manager._default_limits)
    yield
    manager.set_default_limits(saved)


@pytest.mark.usefixtures("restore_default_limits")
def test_never_rate_limited(database_url):
    """The load balancer asks often from one address; a limit must not take a worker out."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_DEFAULT": "2 per minute",
        }
    )
    client = app.test_client()

    statuses = [client.get("/gezond").status_code for _ in range(5)]

    assert statuses == [200] * 5
    # The default limit is really on: another page is refused after two requests.
    assert [client.get("/privacy").status_code for _ in range(3)][-1] == 429
    with app.app_context():
        db.engine.dispose()


def test_migration_head_is_read_once_per_process(client, monkeypatch):
    reads = []
    real = health.ScriptDirectory

    def counting(directory):
        reads.append(directory)
        return real(directory)

    health.migration_heads.cache_clear()
    monkeypatch.setattr(health, "ScriptDirectory", counting)

    for _ in range(3):
        assert client.get("/gezond").status_code == 200

    assert len(reads) == 1
