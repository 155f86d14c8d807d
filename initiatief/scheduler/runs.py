"""Running jobs: one run, recorded in JobRun, and the APScheduler that runs them on time.

A job's failure is logged and recorded, never raised: the next run still comes.
"""

import logging
import time
from datetime import UTC, datetime
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from ..extensions import db
from ..mail.dispatcher import DispatchResult
from ..models import JobRun
from .job_table import AMSTERDAM, JOBS, Job

# The scheduler's lines share one logger name, whichever of its modules writes them.
log = logging.getLogger(__package__)


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
