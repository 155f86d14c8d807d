"""Issue 14 (P5): engine settings for several workers on one database.

SQLite runs in WAL mode with a busy timeout, so a reader never makes a writer
answer "database is locked" and writers wait for each other; PostgreSQL gets
a bounded pool per process from DATABASE_POOL_SIZE and DATABASE_MAX_OVERFLOW.
"""

import threading

import pytest
from sqlalchemy import text

from initiatief import create_app
from initiatief.extensions import db

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def sqlite_app(tmp_path):
    """An app on an SQLite file of its own; writers wait at most one second."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'wal.sqlite'}",
            "SQLITE_BUSY_TIMEOUT": 1,
        }
    )
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(text("CREATE TABLE writes (id INTEGER PRIMARY KEY, worker INTEGER)"))
        yield app
        db.engine.dispose()


def test_every_sqlite_connection_is_in_wal_mode_with_the_busy_timeout(sqlite_app):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 1000
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL: a receipt holds


def test_a_writer_commits_while_another_connection_reads(sqlite_app):
    """In the rollback-journal mode the open read blocks the commit: 'database is locked'."""
    with db.engine.connect() as reader, db.engine.connect() as writer:
        reader.exec_driver_sql("BEGIN")
        assert reader.exec_driver_sql("SELECT count(*) FROM writes").scalar() == 0
        writer.execute(text("INSERT INTO writes (worker) VALUES (1)"))
        writer.commit()
        # The reader keeps its snapshot until it ends, then sees the row.
        assert reader.exec_driver_sql("SELECT count(*) FROM writes").scalar() == 0
        reader.exec_driver_sql("COMMIT")
        assert reader.exec_driver_sql("SELECT count(*) FROM writes").scalar() == 1


def test_concurrent_readers_and_writers_never_see_a_locked_database(sqlite_app):
    """Like several gunicorn workers: each reads, then writes and commits, many times,
    while a staff page holds a read open a little longer."""
    engine = db.engine
    errors: list[Exception] = []
    workers, rounds = 4, 40
    writing = threading.Event()

    def write(worker: int) -> None:
        try:
            for _ in range(rounds):
                with engine.connect() as conn:
                    conn.execute(text("SELECT count(*) FROM writes")).scalar()
                    conn.execute(text("INSERT INTO writes (worker) VALUES (:w)"), {"w": worker})
                    conn.commit()
        except Exception as error:  # noqa: BLE001 (collected and asserted below)
            errors.append(error)

    def read() -> None:
        while not writing.is_set():
            with engine.connect() as conn:
                conn.exec_driver_sql("BEGIN")
                conn.exec_driver_sql("SELECT count(*) FROM writes").scalar()
                writing.wait(0.05)
                conn.exec_driver_sql("COMMIT")

    reader = threading.Thread(target=read)
    reader.start()
    threads = [threading.Thread(target=write, args=(w,)) for w in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    writing.set()
    reader.join(10)
    assert errors == []
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM writes").scalar() == workers * rounds


def test_postgresql_gets_the_pool_size_from_the_settings():
    app = create_app(
        {
            # Never connected to: the engine and its pool are made without a connection.
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:9/none",
            "DATABASE_POOL_SIZE": 3,
            "DATABASE_MAX_OVERFLOW": 2,
        }
    )
    with app.app_context():
        assert db.engine.pool.size() == 3
        assert db.engine.pool._max_overflow == 2


def test_the_default_pool_is_five_connections_and_five_more_at_most():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:9/none"})
    with app.app_context():
        assert db.engine.pool.size() == 5
        assert db.engine.pool._max_overflow == 5
