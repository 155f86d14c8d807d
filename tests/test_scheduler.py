"""The scheduler: jobs as data, the single-instance lock, and its commands (never started)."""

import logging
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from initiatief.extensions import db
from initiatief.models import JobRun, MailStatus, OutboxMail
from initiatief.scheduler import JOBS, Job, commands
from initiatief.scheduler.commands import job_status
from initiatief.scheduler.job_table import dispatch_mail
from initiatief.scheduler.lock import lock_file_path, try_lock, wait_for_lock
from initiatief.scheduler.runs import build_scheduler, run_job
from tests.factories import queue_test_mail

AMS = ZoneInfo("Europe/Amsterdam")


def queue(key: str, **overrides) -> OutboxMail:
    row = queue_test_mail(key, **overrides)
    db.session.commit()
    return row


def test_mail_is_dispatched_every_fifteen_seconds_in_amsterdam_time():
    jobs = {job.id: job for job in JOBS}
    job = jobs["dispatch_mail"]
    assert job.func is dispatch_mail
    assert isinstance(job.trigger, IntervalTrigger)
    assert job.trigger.interval == timedelta(seconds=15)
    assert job.trigger.timezone == ZoneInfo("Europe/Amsterdam")


def test_dispatch_mail_job_sends_what_is_due(app, smtp_server):
    with app.app_context():
        queue("due")
        queue("later", send_after=datetime.now(UTC) + timedelta(hours=1))
        dispatch_mail(datetime.now(UTC))

    assert len(smtp_server.messages) == 1


def test_build_scheduler_adds_every_job_without_starting(app):
    built = build_scheduler(app)
    assert [job.id for job in built.get_jobs()] == [job.id for job in JOBS]
    assert not built.running


def test_second_lock_fails_while_the_first_is_held(app):
    with app.app_context():
        first = try_lock(app)
        assert first is not None
        try:
            assert try_lock(app) is None
        finally:
            first.release()
        again = try_lock(app)
        assert again is not None
        again.release()


@pytest.mark.sqlite_only  # the lock file is the SQLite lock
def test_sqlite_lock_file_sits_next_to_the_database(app):
    database = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    with app.app_context():
        lock = try_lock(app)
        lock.release()
        path = lock_file_path(app)
    assert path == database.with_name(database.name + ".scheduler.lock")
    assert path.exists()


def test_second_scheduler_waits_until_the_first_stops(app):
    got = []

    def second():
        with app.app_context():
            got.append(wait_for_lock(app, poll_seconds=0.01))

    with app.app_context():
        first = try_lock(app)
        waiter = threading.Thread(target=second)
        waiter.start()
        waiter.join(0.2)
        assert waiter.is_alive() and got == []
        first.release()
        waiter.join(5)
    assert len(got) == 1
    with app.app_context():
        got[0].release()


def test_failing_job_is_logged_and_does_not_stop_the_scheduler(app, caplog):
    seen = []

    def boom(now: datetime) -> None:
        seen.append(now)
        raise RuntimeError("kapot")

    with caplog.at_level(logging.ERROR, logger="initiatief.scheduler"):
        run_job(app, Job("boom", boom, IntervalTrigger(seconds=1)))

    assert seen and seen[0].tzinfo == UTC
    assert "job boom failed" in caplog.text


def test_status_shows_jobs_queue_failures_and_oldest_pending(app, runner):
    with app.app_context():
        oldest = queue("a")
        oldest.created_at = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
        queue("b")
        queue("c").status = MailStatus.FAILED
        db.session.commit()
        oldest_id = oldest.id

    result = runner.invoke(args=["scheduler", "status"])

    assert result.exit_code == 0, result.output
    assert "dispatch_mail" in result.output and "interval[0:00:15]" in result.output
    assert "2 pending" in result.output and "1 failed" in result.output
    assert f"#{oldest_id} test, queued 2026-03-02 09:00:00 CET" in result.output


def test_status_of_an_empty_queue(app, runner):
    result = runner.invoke(args=["scheduler", "status"])
    assert "0 pending" in result.output and "Oldest pending mail: none" in result.output


def test_run_once_runs_every_job_now(app, runner, smtp_server):
    with app.app_context():
        queue("a")

    result = runner.invoke(args=["scheduler", "run-once"])

    assert result.exit_code == 0, result.output
    assert "running dispatch_mail" in result.output
    assert len(smtp_server.messages) == 1


def test_run_once_refuses_while_the_scheduler_runs(app, runner, smtp_server):
    with app.app_context():
        queue("a")
        lock = try_lock(app)
    try:
        result = runner.invoke(args=["scheduler", "run-once"])
    finally:
        with app.app_context():
            lock.release()

    assert result.exit_code == 1
    assert "scheduler is running" in result.output
    assert smtp_server.messages == []


def test_run_job_records_start_finish_and_the_jobs_summary(app, smtp_server):
    with app.app_context():
        queue("a")
    before = datetime.now(UTC)
    run_job(app, Job("dispatch_mail", dispatch_mail, IntervalTrigger(seconds=15)))

    with app.app_context():
        run = db.session.get(JobRun, "dispatch_mail")
        assert before <= run.started_at <= run.finished_at <= datetime.now(UTC)
        assert run.result == "1 sent, 0 to retry, 0 failed"


def test_run_job_records_an_error_and_overwrites_the_previous_run(app):
    def boom(now: datetime) -> None:
        db.session.add(OutboxMail())  # half-done work that must be rolled back
        raise RuntimeError("kapot")

    run_job(app, Job("boom", lambda now: None, IntervalTrigger(seconds=1)))
    run_job(app, Job("boom", boom, IntervalTrigger(seconds=1)))

    with app.app_context():
        [run] = db.session.scalars(db.select(JobRun)).all()
        assert run.result == "error: RuntimeError: kapot"
        assert run.finished_at is not None


def test_job_status_shows_last_and_next_run():
    now = datetime(2026, 3, 2, 8, 59, 30, tzinfo=UTC)
    job = Job("weekly", lambda now: None, CronTrigger(day_of_week="mon", hour=10, timezone=AMS))
    done = JobRun(
        job_id="weekly",
        started_at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
        finished_at=datetime(2026, 3, 2, 8, 0, 2, tzinfo=UTC),
        result="3 sent",
    )
    hung = JobRun(job_id="weekly", started_at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC))

    assert job_status(job, done, now)[1:] == [
        "    last run: 2026-03-02 09:00:00 CET (2.0 s): 3 sent",
        "    next run: 2026-03-02 10:00:00 CET",
    ]
    assert job_status(job, hung, now)[1] == (
        "    last run: started 2026-03-02 09:00:00 CET, not finished"
    )
    assert job_status(job, None, now + timedelta(hours=1))[1:] == [
        "    last run: never",
        "    next run: 2026-03-09 10:00:00 CET",
    ]


def test_status_lists_last_and_next_run_per_job(app, runner, smtp_server):
    runner.invoke(args=["scheduler", "run-once"])

    result = runner.invoke(args=["scheduler", "status"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = next(i for i, line in enumerate(lines) if "dispatch_mail" in line)
    assert lines[at + 1].startswith("    last run: 20")
    assert lines[at + 1].endswith(": 0 sent, 0 to retry, 0 failed")
    assert lines[at + 2].startswith("    next run: 20")


def test_run_once_records_a_failing_job_and_runs_the_others(app, runner, monkeypatch):
    seen = []

    def boom(now: datetime) -> None:
        raise RuntimeError("kapot")

    monkeypatch.setattr(
        commands,
        "JOBS",
        [
            Job("boom", boom, IntervalTrigger(seconds=1)),
            Job("fine", seen.append, IntervalTrigger(seconds=1)),
        ],
    )
    result = runner.invoke(args=["scheduler", "run-once"])

    assert result.exit_code == 1
    assert "jobs failed: boom" in result.output and len(seen) == 1
    with app.app_context():
        runs = {run.job_id: run.result for run in db.session.scalars(db.select(JobRun))}
    assert runs == {"boom": "error: RuntimeError: kapot", "fine": "ok"}
