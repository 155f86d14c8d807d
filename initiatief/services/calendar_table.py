"""Keeps the calendar_days table in step with the working-day calendar.

SQL cannot ask the `holidays` package whether a day is a working day, so the
answer is written down once per date with running counters (models/calendar.py).
The table starts at ORIGIN and is extended when data that needs it changes and
by a nightly job (services/visit_outcomes.py, which also counts the outcomes
that depend on it); readers only check that it reaches far enough. Functions
take a Connection, so a caller can run them in its own transaction.
"""

from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from ..dates.planning import WorkCalendar
from ..extensions import db
from ..models import CalendarDay, ClosedDay

# No initiative in this product is older than this; dates before it are not counted.
ORIGIN = date(2000, 1, 1)
# Extend this far past what was asked, so most changes find the table complete.
MARGIN = timedelta(days=3 * 366)


def last_reportable_day(today: date) -> date:
    """The last day a period on the dashboard or in the audit log may end: 31 December next year."""
    return date(today.year + 1, 12, 31)


def last_day(connection: Connection | None = None) -> date | None:
    """The last date in the table, None while it is empty."""
    conn = connection or db.session.connection()
    return conn.execute(select(func.max(CalendarDay.day))).scalar_one()


def ensure_calendar(until: date, connection: Connection | None = None) -> int:
    """Make sure calendar_days runs from ORIGIN to at least until; returns the days added."""
    conn = connection or db.session.connection()
    last = last_day(conn)
    if last is not None and last >= until:
        return 0
    if last is None:
        return _fill(conn, ORIGIN, until + MARGIN, start_index=0)
    index = conn.execute(
        select(CalendarDay.working_index).where(CalendarDay.day == last)
    ).scalar_one()
    return _fill(conn, last + timedelta(days=1), until + MARGIN, index)


def rebuild_calendar() -> None:
    """Write the table again over the same dates, after a closed day was added or removed.

    The visit outcomes were counted with the old table: the caller counts them again.
    """
    conn = db.session.connection()
    last = last_day(conn)
    conn.execute(delete(CalendarDay))
    if last is not None:
        _fill(conn, ORIGIN, last, start_index=0)


def _insert(conn: Connection):
    """INSERT that skips rows already there: two writers extending at once both succeed."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(CalendarDay).on_conflict_do_nothing(index_elements=["day"])


def _fill(conn: Connection, first: date, last: date, start_index: int) -> int:
    closed = frozenset(conn.execute(select(ClosedDay.day)).scalars())
    rows = _rows(first, last, start_index, closed)
    for start in range(0, len(rows), 2000):
        conn.execute(_insert(conn), list(rows[start : start + 2000]))
    return len(rows)


@lru_cache(maxsize=8)
def _rows(first: date, last: date, start_index: int, closed: frozenset[date]) -> tuple:
    """The rows for first..last; the same range and closed days give the same rows,
    so a process that fills many fresh databases (tests, the demo) works them out once."""
    calendar = WorkCalendar(closed)
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
            }
        )
        day += timedelta(days=1)
    return tuple(rows)
