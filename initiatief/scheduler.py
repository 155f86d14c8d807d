"""The scheduler process: the JOBS list, its single-instance lock, and `flask scheduler`."""

import fcntl
import logging
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

import click
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection

from .extensions import db
from .mail.dispatcher import dispatch_due
from .models import MailStatus, OutboxMail

log = logging.getLogger(__name__)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Key of the PostgreSQL advisory lock; any fixed number no other code uses.
ADVISORY_LOCK_KEY = 0x1A17_1A71
LOCK_POLL_SECONDS = 10


def dispatch_mail(now: datetime) -> None:
    """Send the outbox mail that is due at `now` (aware UTC); retries wait their turn."""
    result = dispatch_due(now)
    if result.sent or result.retried or result.failed:
        log.info(
            "mail: %d sent, %d to retry, %d failed", result.sent, result.retried, result.failed
        )


@dataclass(frozen=True)
class Job:
    """One periodic job: a plain function of `now` (aware UTC), and when it runs."""

    id: str
    func: Callable[[datetime], Any]
    trigger: BaseTrigger


JOBS: list[Job] = [
    Job("dispatch_mail", dispatch_mail, IntervalTrigger(seconds=15, timezone=AMSTERDAM)),
]


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


def run_job(app: Flask, job: Job) -> None:
    """Run one job in a fresh app context; an error is logged, the next run still comes."""
    with app.app_context():
        try:
            job.func(datetime.now(UTC))
        except Exception:
            log.exception("job %s failed", job.id)
            db.session.rollback()
        finally:
            db.session.remove()


def build_scheduler(app: Flask, jobs: list[Job] | None = None) -> BlockingScheduler:
    """A BlockingScheduler with the jobs added, not started."""
    scheduler = BlockingScheduler(
        timezone=AMSTERDAM,
        executors={"default": ThreadPoolExecutor(max_workers=4)},
        # One run of a job at a time; runs missed while busy collapse into one.
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 60},
    )
    for job in JOBS if jobs is None else jobs:
        scheduler.add_job(run_job, job.trigger, args=(app, job), id=job.id, name=job.id)
    return scheduler


def _stop_on_signals() -> None:
    """SIGINT and SIGTERM both stop the scheduler, also when started in the background."""

    def handler(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)


scheduler_cli = AppGroup("scheduler", help="The scheduler process that runs the periodic jobs.")


@scheduler_cli.command("run")
def run_command() -> None:
    """Run the jobs until Ctrl-C or SIGTERM; a second instance waits for the first."""
    logging.basicConfig(
        stream=sys.stdout,
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    app = current_app._get_current_object()
    _stop_on_signals()
    try:
        lock = wait_for_lock(app)
    except KeyboardInterrupt:
        return
    scheduler = build_scheduler(app)
    log.info("scheduler started with jobs: %s", ", ".join(job.id for job in JOBS))
    try:
        scheduler.start()
    except KeyboardInterrupt:
        log.info("stopping; waiting for running jobs to finish")
        scheduler.shutdown(wait=True)
    finally:
        lock.release()
        log.info("scheduler stopped")


@scheduler_cli.command("run-once")
def run_once_command() -> None:
    """Run every job once now, unless the scheduler process is running."""
    app = current_app._get_current_object()
    lock = try_lock(app)
    if lock is None:
        raise click.ClickException("the scheduler is running; it runs the jobs already")
    try:
        for job in JOBS:
            click.echo(f"running {job.id}")
            job.func(datetime.now(UTC))
    finally:
        db.session.remove()
        lock.release()


@scheduler_cli.command("status")
def status_command() -> None:
    """Show the jobs and the state of the mail queue."""
    click.echo("Jobs:")
    for job in JOBS:
        zone = getattr(job.trigger, "timezone", "")
        click.echo(f"  {job.id:<20} {job.trigger} {zone}")
    counts = dict(
        db.session.execute(
            select(OutboxMail.status, func.count()).group_by(OutboxMail.status)
        ).all()
    )
    click.echo(
        f"Mail queue: {counts.get(MailStatus.PENDING, 0)} pending, "
        f"{counts.get(MailStatus.SENDING, 0)} sending, {counts.get(MailStatus.FAILED, 0)} failed"
    )
    oldest = db.session.scalars(
        select(OutboxMail)
        .where(OutboxMail.status == MailStatus.PENDING)
        .order_by(OutboxMail.created_at, OutboxMail.id)
        .limit(1)
    ).first()
    if oldest is None:
        click.echo("Oldest pending mail: none")
    else:
        queued = oldest.created_at.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M:%S %Z")
        due = oldest.send_after.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M:%S %Z")
        click.echo(
            f"Oldest pending mail: #{oldest.id} {oldest.kind}, queued {queued}, "
            f"next try {due}, {oldest.attempts} failed attempts"
        )
