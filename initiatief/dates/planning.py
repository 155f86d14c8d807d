"""Working days and due dates: the arithmetic behind every date a resident is shown.

A working day is Monday to Friday, not a Dutch public holiday (``holidays``
package, NL) and not a day the municipality configured as closed. Dates are
local dates in Amsterdam; a moment is converted before its day is taken.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import cache

import holidays
from sqlalchemy import select

from ..extensions import db
from ..models import ClosedDay, NormUnit
from ..models.types import local


@cache
def dutch_holidays() -> holidays.HolidayBase:
    """The Dutch public holidays, one object per process.

    It works out each year's holidays the first time a date in it is asked
    about; a new object per calendar (each request, each job) did that again
    every time, a few milliseconds of every intake.
    """
    return holidays.country_holidays("NL")


class WorkCalendar:
    """Answers 'is this a working day' and counts working days."""

    def __init__(self, closed_days: Iterable[date] = ()) -> None:
        self.closed_days = frozenset(closed_days)
        self._holidays = dutch_holidays()

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self._holidays and day not in self.closed_days

    def add_working_days(self, start: date, count: int) -> date:
        """The count-th working day after start; start itself never counts.

        This is how a term runs under Dutch administrative law: it starts the day
        after the request came in, so a Friday evening submission with a norm of
        2 working days is due on Tuesday.
        """
        day = start
        remaining = count
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def next_working_day(self, day: date) -> date:
        """Day itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after start up to and including end (0 when end <= start)."""
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    def due_date(self, start: date, norm_days: int | None, unit: str) -> date | None:
        """The date a norm ends when counted from start; None when there is no norm.

        A norm in calendar days that ends on a weekend, holiday or closed day moves
        to the next working day (as the Algemene termijnenwet does for legal terms).
        """
        if norm_days is None:
            return None
        if unit == NormUnit.CALENDAR_DAYS:
            return self.next_working_day(start + timedelta(days=norm_days))
        return self.add_working_days(start, norm_days)

    def due_date_from(self, moment: datetime, norm_days: int | None, unit: str) -> date | None:
        """due_date() counted from the Amsterdam date of a UTC moment."""
        return self.due_date(local(moment).date(), norm_days, unit)


def load_calendar() -> WorkCalendar:
    """The calendar with the closed days configured in the database."""
    closed = db.session.execute(select(ClosedDay.day)).scalars().all()
    return WorkCalendar(closed)


def today_local(now: datetime) -> date:
    """The date in Amsterdam at the UTC moment now."""
    return local(now).date()
