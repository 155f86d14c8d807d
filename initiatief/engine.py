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
"""

from functools import partial

from flask import Flask
from sqlalchemy import event
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
