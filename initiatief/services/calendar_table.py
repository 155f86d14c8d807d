"""Keeps the calendar_days table in step with the working-day calendar.

SQL cannot ask the `holidays` package whether a day is a working day, so the
answer is written down once per date with running counters (models/calendar.py).
The table starts at ORIGIN and is extended on demand; a change of closed days
rebuilds it, and the visit outcomes counted with it, in the same transaction.
Functions take a Connection, so they also work while the session flushes.
"""

from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..models import CalendarDay, ClosedDay
from .planning import WorkCalendar

# No initiative in this product is older than this; dates before it are not counted.
ORIGIN = date(2000, 1, 1)
# Extend this far past what was asked, so most requests find the table complete.
MARGIN = timedelta(days=3 * 366)


def ensure_calendar(until: date, connection: Connection | None = None) -> None:
    """Make sure calendar_days runs from ORIGIN to at least until.

    On an empty table (a new or upgraded database) the visit outcomes are
    counted too, since they could not be counted without it.
    """
    conn = connection or db.session.connection()
    last = conn.execute(select(func.max(CalendarDay.day))).scalar_one()
    if last is not None and last >= until:
        return
    if last is None:
        _fill(conn, ORIGIN, until + MARGIN, start_index=0)
        from .visit_outcomes import rebuild_outcomes

        rebuild_outcomes(conn)
        return
    index = conn.execute(
        select(CalendarDay.working_index).where(CalendarDay.day == last)
    ).scalar_one()
    _fill(conn, last + timedelta(days=1), until + MARGIN, index)


def calendar_is_empty(conn: Connection) -> bool:
    return conn.execute(select(func.count()).select_from(CalendarDay)).scalar_one() == 0


def rebuild_calendar() -> None:
    """Write the table again after a closed day was added or removed, and recount outcomes."""
    from .visit_outcomes import rebuild_outcomes

    conn = db.session.connection()
    last = conn.execute(select(func.max(CalendarDay.day))).scalar_one()
    conn.execute(delete(CalendarDay))
    if last is not None:
        _fill(conn, ORIGIN, last, start_index=0)
        rebuild_outcomes(conn)


def _insert(conn: Connection):
    """INSERT that skips rows already there: two requests extending at once both succeed."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(CalendarDay).on_conflict_do_nothing(index_elements=["day"])


def _fill(conn: Connection, first: date, last: date, start_index: int) -> None:
    closed = frozenset(conn.execute(select(ClosedDay.day)).scalars())
    rows = _rows(first, last, start_index, closed)
    for start in range(0, len(rows), 2000):
        conn.execute(_insert(conn), list(rows[start : start + 2000]))


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
