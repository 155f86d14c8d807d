"""The single-scheduler lock: one process runs the jobs, a second one waits.

On PostgreSQL a session advisory lock, on SQLite an flock on a file next to
the database; either goes when the process goes.
"""

import fcntl
import logging
import time
from pathlib import Path
from typing import IO

from flask import Flask
from sqlalchemy import text
from sqlalchemy.engine import Connection

from ..extensions import db

# The scheduler's lines share one logger name, whichever of its modules writes them.
log = logging.getLogger(__package__)

# Key of the PostgreSQL advisory lock; any fixed number no other code uses.
ADVISORY_LOCK_KEY = 0x1A17_1A71
LOCK_POLL_SECONDS = 10


class SchedulerLock:
    """Proof that this process is the one scheduler; release() lets another start.

    On PostgreSQL a session advisory lock on a dedicated connection (it goes when
    that connection goes); on SQLite an flock on a file next to the database (it
    goes when the process goes).
    """

    def __init__(self, connection: Connection | None = None, file: IO | None = None) -> None:
        self.connection = connection
        self.file = file

    def release(self) -> None:
        if self.connection is not None:
            try:
                self.connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY}
                )
            finally:
                self.connection.close()
                self.connection = None
        if self.file is not None:
            fcntl.flock(self.file, fcntl.LOCK_UN)
            self.file.close()
            self.file = None


def lock_file_path(app: Flask) -> Path:
    """The SQLite lock file: beside the database file, or in instance/ for :memory:.

    Needs an app context.
    """
    database = db.engine.url.database
    if database and database != ":memory:":
        path = Path(database)
        return path.with_name(path.name + ".scheduler.lock")
    return Path(app.instance_path) / "scheduler.lock"


def try_lock(app: Flask) -> SchedulerLock | None:
    """Take the single-scheduler lock without waiting; None when another holds it.

    Needs an app context (for the database engine).
    """
    engine = db.engine
    if engine.dialect.name == "postgresql":
        connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        taken = connection.execute(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY}
        ).scalar()
        if not taken:
            connection.close()
            return None
        return SchedulerLock(connection=connection)
    path = lock_file_path(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    file = path.open("a")
    try:
        fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        file.close()
        return None
    return SchedulerLock(file=file)


def wait_for_lock(app: Flask, poll_seconds: float = LOCK_POLL_SECONDS) -> SchedulerLock:
    """Block until this process holds the lock, so a second scheduler only waits."""
    lock = try_lock(app)
    if lock is None:
        log.info("another scheduler is running; waiting for it to stop")
    while lock is None:
        time.sleep(poll_seconds)
        lock = try_lock(app)
    return lock
