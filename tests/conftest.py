"""Fixtures: an app on a fresh database per test, a real SMTP server, and guards.

The database is SQLite unless TEST_DATABASE_URL points at PostgreSQL. Either way
the schema comes from the migrations, run once per session: SQLite copies a
migrated template file per test; PostgreSQL truncates every table after a test.

Where to start a new test: `world`, `actors` and `outbox` (shared_fixtures.py) give
the standard teams, wijken, staff and the queued mails; factories.py builds intakes
(submit), moments (at, MONDAY) and staff actions (act). Open an app context only
where the test works with the database: `with in_app(app, world):`. A file that
needs more builds a fixture with its own name on top of `world`.
"""

import os
import shutil
import smtplib
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from initiatief import create_app
from initiatief.extensions import db
from tests.smtp import SmtpServer

# Shared fixtures: the standard world, actors, outbox (shared_fixtures), worlds built
# on it for beheer (admin_world) and the dashboard (dashboard_world), and an app with
# low rate limits (limited_app).
pytest_plugins = [
    "tests.shared_fixtures",
    "tests.admin_world",
    "tests.dashboard_world",
    "tests.limited_app",
]

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
ON_POSTGRES = PG_URL.startswith("postgresql")
IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: needs Chromium (fails instead of skips in CI)")
    config.addinivalue_line("markers", "postgres_only: runs in the PostgreSQL pass only")
    config.addinivalue_line("markers", "sqlite_only: runs in the SQLite pass only")


def pytest_collection_modifyitems(config, items):
    """Database-specific tests are left out of the other database's pass, not skipped.

    `make test` runs both passes (CI always does), so every test runs somewhere
    and a skip never hides a missing database.
    """
    other = "sqlite_only" if ON_POSTGRES else "postgres_only"
    keep = [item for item in items if other not in item.keywords]
    dropped = [item for item in items if other in item.keywords]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs():
    """The catalogs' .mo files are built, never committed: compile what translations/ holds."""
    from babel.messages.frontend import CommandLineInterface

    folder = Path(__file__).resolve().parents[1] / "translations"
    if any(folder.glob("*/LC_MESSAGES/messages.po")):
        CommandLineInterface().run(["pybabel", "-q", "compile", "-d", str(folder)])


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """Run every migration once; hand back the URL (SQLite: a template file)."""
    from flask_migrate import upgrade

    if ON_POSTGRES:
        engine = create_engine(PG_URL)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
        url = PG_URL
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'template.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


@pytest.fixture
def database_url(migrated_database, tmp_path):
    """A database with the full schema and no rows, for this test alone."""
    if not ON_POSTGRES:
        path = tmp_path / "test.sqlite"
        shutil.copy(migrated_database.removeprefix("sqlite:///"), path)
        yield f"sqlite:///{path}"
        return
    yield migrated_database
    engine = create_engine(migrated_database)
    with engine.begin() as conn:
        tables = [t.name for t in db.metadata.sorted_tables]
        conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1 that records what it receives."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def app(database_url, smtp_server, tmp_path):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": smtp_server.port,
            "MAIL_TIMEOUT": 5,
            "UPLOAD_DIR": str(tmp_path / "uploads"),
        }
    )
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(autouse=True)
def forbid_outside_smtp(monkeypatch):
    """Any SMTP connection to something other than loopback fails the test."""
    original = smtplib.SMTP.connect

    def guarded(self, host="localhost", port=0, source_address=None):
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise AssertionError(f"test tried to reach a real mail server: {host}:{port}")
        return original(self, host, port, source_address)

    monkeypatch.setattr(smtplib.SMTP, "connect", guarded)


def require(condition: bool, reason: str) -> None:
    """Skip when something the test needs is missing, but fail in CI."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: missing tools fail instead of skipping)")
    pytest.skip(reason)


def chromium_path() -> str | None:
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(candidate).exists():
            return candidate
    return None
