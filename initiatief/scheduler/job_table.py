"""The job table: every periodic job, and when it runs (Amsterdam time).

A plain list, so adding a job is adding one line; the jobs themselves are
functions of `now` in initiatief/jobs/ (and the mail dispatcher).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from ..jobs import dashboard, digests, event_html, residents, retention
from ..jobs import evaluation as evaluation_jobs
from ..jobs import staff as staff_jobs
from ..mail.dispatcher import DispatchResult, dispatch_due

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


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
    # Event HTML the status pages now render on every view (services/event_html.py).
    Job(
        "event_html",
        event_html.store_stale_event_html,
        CronTrigger(hour=3, minute=40, timezone=AMSTERDAM),
    ),
    Job(
        "failed_mail_digest",
        digests.send_failed_mail_digest,
        CronTrigger(hour=7, minute=0, timezone=AMSTERDAM),
    ),
]
