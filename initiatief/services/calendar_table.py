"""Keeps the calendar_days table in step with the working-day calendar.

SQL cannot ask the `holidays` package whether a day is a working day, so the
answer is written down once per date with running counters (models/calendar.py).
The table starts at ORIGIN and is extended on demand; a change of closed days
rebuilds it in the same transaction.
"""

from datetime import date, timedelta

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import CalendarDay
from .planning import WorkCalendar, load_calendar

# No initiative in this product is older than this; dates before it are not counted.
ORIGIN = date(2000, 1, 1)
# Extend this far past what was asked, so most requests find the table complete.
MARGIN = timedelta(days=3 * 366)


def ensure_calendar(until: date) -> None:
    """Make sure calendar_days runs from ORIGIN to at least until. Adds and flushes."""
    last = db.session.execute(select(func.max(CalendarDay.day))).scalar_one()
    if last is not None and last >= until:
        return
    first, index = ORIGIN, 0
    if last is not None:
        first, index = last + timedelta(days=1), db.session.get(CalendarDay, last).working_index
    try:
        # Two first requests at once: the loser's rows collide, and the winner's are fine.
        with db.session.begin_nested():
            _fill(load_calendar(), first, until + MARGIN, index)
    except IntegrityError:
        pass


def rebuild_calendar() -> None:
    """Write the table again, e.g. after a closed day was added or removed."""
    last = db.session.execute(select(func.max(CalendarDay.day))).scalar_one()
    db.session.execute(delete(CalendarDay))
    if last is not None:
        _fill(load_calendar(), ORIGIN, last, start_index=0)


def _fill(calendar: WorkCalendar, first: date, last: date, start_index: int) -> None:
    rows = []
    index = start_index
    day = first
    while day <= last:
        if calendar.is_working_day(day):
            index += 1
        rows.append(
            {
                "day": day,
                "day_number": day.toordinal(),
                "working_index": index,
                "month": day.replace(day=1),
            }
        )
        day += timedelta(days=1)
    for start in range(0, len(rows), 2000):
        db.session.execute(insert(CalendarDay), rows[start : start + 2000])
    db.session.flush()
