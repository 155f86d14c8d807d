"""The working-day calendar as a table, so SQL can count working days with two look-ups."""

from datetime import date

from sqlalchemy import Date, Integer
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class CalendarDay(db.Model):
    """One Amsterdam date with running counters, filled by services/calendar_table.py.

    Working days after a up to and including b are b.working_index - a.working_index,
    the same count as WorkCalendar.working_days_between(a, b); calendar days are
    b.day_number - a.day_number.
    The rows are derived data: rebuilt when closed days change, never edited.
    """

    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    day_number: Mapped[int] = mapped_column(Integer)
    working_index: Mapped[int] = mapped_column(Integer)
