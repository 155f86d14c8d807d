"""Issue 14 (P1): fewer round trips per request on PostgreSQL, with dead connections still caught.

A pooled connection is asked whether it lives only when it sat idle for a while or
when its socket shows the server hung up; a page that only reads runs outside a
transaction, so PostgreSQL keeps the statements it prepared for the connection.
"""

import pytest
from sqlalchemy import create_engine, text

from initiatief import create_app
from initiatief.extensions import db
from tests.factories import login_resident
from tests.test_status_page_reads import busy_initiative

pytestmark = pytest.mark.postgres_only

EMAIL = "fatima@voorbeeld.example"


def counted_pings(app, monkeypatch) -> list:
    """The liveness pings the app's engine sends, counted."""
    with app.app_context():
        dialect = db.engine.dialect
    sent = []
    real_ping = dialect.do_ping

    def counted_ping(dbapi_connection):
        sent.append(dbapi_connection)
        return real_ping(dbapi_connection)

    monkeypatch.setattr(dialect, "do_ping", counted_ping)
    return sent


@pytest.fixture
def pings(app, monkeypatch):
    return counted_pings(app, monkeypatch)


def backend_pid() -> int:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT pg_backend_pid()")).scalar_one()


def test_a_connection_used_moments_ago_is_not_pinged(app, pings):
    with app.app_context():
        first = backend_pid()
        for _ in range(5):
            assert backend_pid() == first
    assert pings == []


def test_a_connection_idle_longer_than_the_setting_is_pinged_first(app, monkeypatch):
    impatient = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "DATABASE_PING_AFTER_IDLE": 0.0,
        }
    )
    pings = counted_pings(impatient, monkeypatch)
    with impatient.app_context():
        backend_pid()
        backend_pid()
        db.engine.dispose()
    assert len(pings) == 1  # the second checkout; a new connection is never pinged


def test_a_connection_the_server_ended_is_replaced_before_it_is_used(app, pings):
    with app.app_context():
        doomed = backend_pid()
        server = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
        with server.connect() as other:
            # With a timeout the call waits until the process has ended, so the server has
            # said goodbye on the socket before the next checkout looks at it.
            ended = other.execute(
                text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": doomed}
            ).scalar_one()
            assert ended
        server.dispose()
        fresh = backend_pid()  # would raise "terminating connection" without the check
    assert fresh != doomed
    assert len(pings) == 1


def test_the_status_page_keeps_its_statements_prepared_across_views(app, client):
    """psycopg forgets what it prepared on every ROLLBACK; a page read outside a
    transaction never sends one, so after a few views its reads are prepared."""
    number = busy_initiative(app)
    login_resident(app, client, EMAIL)
    with app.app_context():
        db.engine.dispose()  # one connection from here on, the page's own
    for _ in range(7):  # psycopg prepares a statement on its sixth run
        assert client.get(f"/mijn/initiatief/{number}").status_code == 200

    with app.app_context(), db.engine.connect() as conn:
        prepared = conn.execute(text("SELECT statement FROM pg_prepared_statements")).scalars()
        prepared = list(prepared)
    assert any("JOIN resident_sessions" in s for s in prepared), prepared  # the joined read
    assert any("FROM events" in s for s in prepared), prepared
