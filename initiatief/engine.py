"""Database engine settings per backend: SQLite's journal and wait, PostgreSQL's pool.

Several gunicorn workers write to one database at once. SQLite in its default
(rollback journal) mode lets a reader block a writer's commit, and a writer
that waits longer than the busy timeout answers "database is locked", a 500 for
a resident. In WAL mode readers and the one writer no longer block each other,
and a writer waits for another writer up to SQLITE_BUSY_TIMEOUT seconds.

synchronous stays FULL (SQLite's default): a receipt page is a promise that the
initiative is stored, and NORMAL in WAL mode may lose the last commits after a
power cut (benchmarks/README.md measured what FULL costs).

PostgreSQL gets a bounded pool per process (DATABASE_POOL_SIZE kept open,
DATABASE_MAX_OVERFLOW more at most), so no process can exhaust the server's
max_connections; see config.py.

A pooled PostgreSQL connection can be dead when it is handed out: the server
restarted, or a firewall dropped a connection that sat idle. SQLAlchemy's
pre-ping asks the server on every checkout, a round trip on every request
(measured: one of the status page's seven). Instead a connection is asked only
when it sat idle for DATABASE_PING_AFTER_IDLE seconds, or when its socket has
something to read while it should be silent: a server that shuts down or ends
the session says so on the socket, or closes it. A dead connection is replaced
before the request uses it, as pre-ping would.
"""

import select
import time
from functools import partial

from flask import Flask
from sqlalchemy import event, exc
from sqlalchemy.engine import make_url

from .extensions import db


def pool_options(app: Flask) -> None:
    """Set the PostgreSQL pool size from the config; call before db.init_app."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "postgresql":
        return
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options.setdefault("pool_size", app.config["DATABASE_POOL_SIZE"])
    options.setdefault("max_overflow", app.config["DATABASE_MAX_OVERFLOW"])
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def liveness_checks(app: Flask) -> None:
    """Check pooled PostgreSQL connections on checkout when in doubt; call after db.init_app."""
    idle_seconds = app.config["DATABASE_PING_AFTER_IDLE"]
    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name == "postgresql":
                event.listen(engine, "checkin", mark_idle)
                check = partial(check_alive, dialect=engine.dialect, idle_seconds=idle_seconds)
                event.listen(engine, "checkout", check)


IDLE_SINCE = "initiatief_idle_since"


def mark_idle(_dbapi_connection, record) -> None:
    record.info[IDLE_SINCE] = time.monotonic()


def check_alive(dbapi_connection, record, _proxy, *, dialect, idle_seconds: float) -> None:
    """Raise DisconnectionError for a dead connection, so the pool opens a new one.

    A connection just opened, or back from a request moments ago with a silent
    socket, is taken as alive without asking the server.
    """
    idle_since = record.info.pop(IDLE_SINCE, None)
    if idle_since is None:
        return
    if time.monotonic() - idle_since < idle_seconds and not _has_input(dbapi_connection):
        return
    try:
        dialect.do_ping(dbapi_connection)
    except dialect.loaded_dbapi.Error as error:
        if dialect.is_disconnect(error, dbapi_connection, None):
            raise exc.DisconnectionError() from error
        raise


def _has_input(dbapi_connection) -> bool:
    """Whether an idle connection's socket is readable: a message from the server, or closed."""
    if dbapi_connection.closed:
        return True
    try:
        poller = select.poll()
        poller.register(dbapi_connection.fileno(), select.POLLIN)
        return bool(poller.poll(0))
    except (OSError, ValueError):  # no usable socket: ask the server
        return True


def sqlite_pragmas(app: Flask) -> None:
    """WAL and a busy timeout on every new SQLite connection; call after db.init_app."""
    busy_ms = int(app.config["SQLITE_BUSY_TIMEOUT"] * 1000)
    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", partial(set_pragmas, busy_ms=busy_ms))


def set_pragmas(dbapi_connection, _record, *, busy_ms: int) -> None:
    """Runs once per new connection, before the pool hands it out."""
    cursor = dbapi_connection.cursor()
    try:
        # In memory (the tests' sqlite://) the journal stays "memory"; a file switches once
        # and keeps WAL in its header.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms:d}")
    finally:
        cursor.close()
