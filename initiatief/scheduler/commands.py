"""`flask scheduler`: run the jobs, run each once now, or show their state and the queue."""

import logging
import signal
from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from ..extensions import db
from ..models import JobRun, MailStatus, OutboxMail
from .job_table import AMSTERDAM, JOBS, Job
from .lock import try_lock, wait_for_lock
from .runs import build_scheduler, run_recorded

# The scheduler's lines share one logger name, whichever of its modules writes them.
log = logging.getLogger(__package__)


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
