"""The working-day calendar as look-up tables, for generating millions of due dates.

WorkCalendar walks day by day and asks the holidays package each time: right for
one intake, far too slow for a million. FastCalendar answers the same questions
from a table of working days built once over a fixed span, and falls back to the
WorkCalendar outside it, so its answers are the real calendar's by construction.
"""

from bisect import bisect_right
from datetime import date, timedelta

from initiatief.dates.planning import WorkCalendar
from initiatief.models import NormUnit


class FastCalendar:
    """WorkCalendar's due-date arithmetic on dates from first to last, by table look-up."""

    def __init__(self, calendar: WorkCalendar, first: date, last: date) -> None:
        self.slow = calendar
        self.first, self.last = first, last
        self._base = first.toordinal()
        self.working: list[date] = []  # every working day in the span, in order
        self._count: list[int] = []  # working days in the span up to and including a day
        self._is_working: list[bool] = []
        day = first
        while day <= last:
            working = calendar.is_working_day(day)
            if working:
                self.working.append(day)
            self._is_working.append(working)
            self._count.append(len(self.working))
            day += timedelta(days=1)
        self._ordinals = [d.toordinal() for d in self.working]

    def _inside(self, day: date) -> bool:
        return self.first <= day <= self.last

    def is_working_day(self, day: date) -> bool:
        if not self._inside(day):
            return self.slow.is_working_day(day)
        return self._is_working[day.toordinal() - self._base]

    def add_working_days(self, start: date, count: int) -> date:
        """The count-th working day after start (start never counts), as WorkCalendar says."""
        if count <= 0:
            return start
        if self._inside(start):
            target = self._count[start.toordinal() - self._base] + count - 1
            if target < len(self.working):
                return self.working[target]
        return self.slow.add_working_days(start, count)

    def next_working_day(self, day: date) -> date:
        if self.is_working_day(day):
            return day
        return self.add_working_days(day, 1)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after start up to and including end (0 when end <= start)."""
        if end <= start:
            return 0
        if self._inside(start) and self._inside(end):
            return (
                self._count[end.toordinal() - self._base]
                - self._count[start.toordinal() - self._base]
            )
        return self.slow.working_days_between(start, end)

    def working_days_before(self, day: date, count: int) -> date:
        """The working day count working days before day (day itself when count is 0
        and it is a working day; else the last working day before it)."""
        if not self.is_working_day(day):
            count = max(0, count - 1)  # the last working day before day is the first back
        if self._inside(day):
            index = bisect_right(self._ordinals, day.toordinal()) - 1
            if index - count >= 0:
                return self.working[index - count]
        while not self.slow.is_working_day(day):
            day -= timedelta(days=1)
        while count > 0:
            day -= timedelta(days=1)
            count -= self.slow.is_working_day(day)
        return day

    def due_date(self, start: date, norm_days: int | None, unit: str) -> date | None:
        """As WorkCalendar.due_date: calendar-day norms move to the next working day."""
        if norm_days is None:
            return None
        if unit == NormUnit.CALENDAR_DAYS:
            return self.next_working_day(start + timedelta(days=norm_days))
        return self.add_working_days(start, norm_days)
