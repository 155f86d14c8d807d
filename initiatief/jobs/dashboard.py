"""Keeping the dashboard's working-day calendar ahead of today, so no page has to write it.

Ending a visit extends the calendar as far as that visit needs, and a change of
closed days rebuilds it; this job covers time passing and a new or upgraded
database (where it counts every visit outcome too). Idempotent: a calendar far
enough ahead gets nothing.
"""

from datetime import datetime

from ..dates.planning import today_local
from ..extensions import db
from ..services.calendar_table import last_reportable_day
from ..services.visit_outcomes import extend_calendar


def keep_calendar_ahead(now: datetime) -> dict[str, int]:
    """Make the calendar reach the last day a dashboard period may end; commits once."""
    added = extend_calendar(last_reportable_day(today_local(now)))
    db.session.commit()
    return {"days": added}
