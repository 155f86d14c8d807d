"""The scheduler process: the JOBS list, its single-instance lock, and `flask scheduler`."""

import fcntl
import logging
import signal
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
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection

from .extensions import db
from .jobs import dashboard, digests, residents, retention
from .jobs import evaluation as evaluation_jobs
from .jobs import staff as staff_jobs
from .mail.dispatcher import DispatchResult, dispatch_due
from .models import JobRun, MailStatus, OutboxMail

log = logging.getLogger(__name__)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Key of the PostgreSQL advisory lock; any fixed number no other code uses.
ADVISORY_LOCK_KEY = 0x1A17_1A71
LOCK_POLL_SECONDS = 10


def dispatch_mail(now: datetime) -> DispatchResult:
    """Send the outbox mail that is due at `now` (aware UTC); retries wait their turn.

    Returns the counts; as text they are the summary in the job's run record.
    """
    return dispatch_due(now)


@dataclass(frozen=True)
class Job:
    """One periodic job: a plain function of `now` (aware UTC), and when it runs."""

    id: str
    func: Callable[[datetime], Any]
    trigger: BaseTrigger


JOBS: list[Job] = [
    Job("dispatch_mail", dispatch_mail, IntervalTrigger(seconds=15, timezone=AMSTERDAM)),
    # Resident mails: any hour (queued mail waits for 08.00), staggered minutes.
    Job(
        "resident_checkins",
        residents.send_checkins,
        CronTrigger(minute=10, timezone=AMSTERDAM),
    ),
    Job(
        "resident_overdue",
        residents.send_overdue_notices,
        CronTrigger(minute=5, timezone=AMSTERDAM),
    ),
    Job(
        "resident_action_reminders",
        residents.send_action_reminders,
        CronTrigger(minute=15, timezone=AMSTERDAM),
    ),
    # Staff mails are sent at once, so their jobs run in office hours only.
    Job(
        "staff_due_warnings",
        staff_jobs.send_due_warnings,
        CronTrigger(hour="7-17", minute=20, timezone=AMSTERDAM),
    ),
    Job(
        "staff_escalations",
        staff_jobs.send_escalations,
        CronTrigger(hour="7-17", minute=25, timezone=AMSTERDAM),
    ),
    Job(
        "weekly_overview",
        digests.send_weekly_overviews,
        CronTrigger(day_of_week="mon", hour=7, minute=30, timezone=AMSTERDAM),
    ),
    Job(
        "evaluation_reminders",
        evaluation_jobs.send_evaluation_reminders,
        CronTrigger(minute=35, timezone=AMSTERDAM),
    ),
    # Retention (DESIGN §6): at night, when nobody waits for the database.
    Job(
        "retention_anonymise",
        retention.anonymise_due,
        CronTrigger(hour=2, minute=40, timezone=AMSTERDAM),
    ),
    Job("retention_purge", retention.purge_old, CronTrigger(hour=3, minute=10, timezone=AMSTERDAM)),
    # The dashboard's working-day calendar, so its pages only read (services/visit_outcomes.py).
    Job(
        "dashboard_calendar",
        dashboard.keep_calendar_ahead,
        CronTrigger(hour=1, minute=50, timezone=AMSTERDAM),
    ),
    Job(
        "failed_mail_digest",
        digests.send_failed_mail_digest,
        CronTrigger(hour=7, minute=0, timezone=AMSTERDAM),
    ),
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


def _record_run(job_id: str, **fields: Any) -> None:
    """Update the job's one JobRun row (made on its first run); commits."""
    run = db.session.get(JobRun, job_id)
    if run is None:
        run = JobRun(job_id=job_id)
        db.session.add(run)
    for name, value in fields.items():
        setattr(run, name, value)
    db.session.commit()


def run_recorded(job: Job) -> str | None:
    """Run a job once now and record the run in JobRun; None if it went well, else the error.

    Needs an app context. The run is recorded as started before the job runs (a
    run that hangs or dies shows as unfinished) and again when it ends, each in
    its own commit; the job commits its own work in between. The result is what
    the job returned, or "ok".
    """
    now = datetime.now(UTC)
    _record_run(job.id, started_at=now, finished_at=None, result="running")
    started = time.perf_counter()
    try:
        outcome = job.func(now)
    except Exception as exc:
        # The type and stack only (see logs.py): an exception's text can quote personal data.
        log.exception(
            "job %s failed error=%s ms=%.0f", job.id, type(exc).__name__, _ms_since(started)
        )
        db.session.rollback()
        error = f"error: {type(exc).__name__}: {exc}"[:1000]
        _record_run(job.id, finished_at=datetime.now(UTC), result=error)
        return error
    result = "ok" if outcome is None else str(outcome)[:1000]
    log.info("job %s done ms=%.0f %s", job.id, _ms_since(started), _counts(outcome))
    _record_run(job.id, finished_at=datetime.now(UTC), result=result)
    return None


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _counts(outcome: Any) -> str:
    """What a job did as key=value counts; jobs return a number of mails or counts only."""
    if isinstance(outcome, int):
        return f"queued={outcome}"
    if isinstance(outcome, dict):
        return " ".join(f"{name}={count}" for name, count in outcome.items())
    if isinstance(outcome, DispatchResult):
        return f"sent={outcome.sent} retried={outcome.retried} failed={outcome.failed}"
    return "result=-"


def run_job(app: Flask, job: Job) -> None:
    """Run one job in a fresh app context; an error is logged, the next run still comes."""
    with app.app_context():
        try:
            run_recorded(job)
        except Exception:  # e.g. the database is gone, so not even the record was written
            log.exception("job %s could not run", job.id)
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


def _local(moment: datetime) -> str:
    return moment.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M:%S %Z")


def job_status(job: Job, run: JobRun | None, now: datetime) -> list[str]:
    """The status lines of one job: its trigger, its last run, and its next run.

    The next run is what the trigger allows after `now` (aware); for an interval
    trigger the running scheduler counts from its own start, so it may differ by
    up to one interval.
    """
    zone = getattr(job.trigger, "timezone", "")
    lines = [f"  {job.id:<20} {job.trigger} {zone}"]
    if run is None:
        lines.append("    last run: never")
    elif run.finished_at is None:
        lines.append(f"    last run: started {_local(run.started_at)}, not finished")
    else:
        seconds = (run.finished_at - run.started_at).total_seconds()
        lines.append(f"    last run: {_local(run.started_at)} ({seconds:.1f} s): {run.result}")
    upcoming = job.trigger.get_next_fire_time(None, now)
    lines.append(f"    next run: {_local(upcoming) if upcoming else 'none'}")
    return lines


scheduler_cli = AppGroup("scheduler", help="The scheduler process that runs the periodic jobs.")


@scheduler_cli.command("run")
def run_command() -> None:
    """Run the jobs until Ctrl-C or SIGTERM; a second instance waits for the first."""
    # Logging is set up by create_app (logs.py): key=value lines on stderr, like gunicorn's.
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
    failed = []
    try:
        for job in JOBS:
            click.echo(f"running {job.id}")
            error = run_recorded(job)
            if error is not None:
                click.echo(f"  {job.id} failed: {error}", err=True)
                failed.append(job.id)
    finally:
        db.session.remove()
        lock.release()
    if failed:
        raise click.ClickException(f"jobs failed: {', '.join(failed)}")


@scheduler_cli.command("status")
def status_command() -> None:
    """Show the jobs with their last and next run, and the state of the mail queue."""
    click.echo("Jobs:")
    now = datetime.now(UTC)
    runs = {run.job_id: run for run in db.session.scalars(select(JobRun))}
    for job in JOBS:
        for line in job_status(job, runs.get(job.id), now):
            click.echo(line)
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
