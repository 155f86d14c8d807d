"""Column types and defaults shared by all models, and Amsterdam time for every layer above.

The time-zone helpers live here, at the bottom, so planning, mail and the
dashboards all read a moment the same way without importing rendering.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime, text
from sqlalchemy.orm import mapped_column
from sqlalchemy.types import TypeDecorator

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# The stored "look now" of a job's next moment (models.job_moments): a moment long past,
# the server default, so rows written by anyone (the bulk demo writer too) are due.
LOOK_NOW_DEFAULT = "2000-01-01 00:00:00.000000"  # as SQLite stores a DateTime


def local(moment: datetime) -> datetime:
    """A UTC moment as the wall clock in Amsterdam shows it."""
    return moment.astimezone(AMSTERDAM)


def amsterdam_date(moment: datetime | None) -> date | None:
    """The date in Amsterdam at a UTC moment; None stays None."""
    return None if moment is None else local(moment).date()


def utcnow() -> datetime:
    """Now, timezone-aware in UTC; used as a callable column default."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A moment in time, always aware and in UTC in Python.

    SQLite keeps no time zone and hands back naive values; storing naive UTC and
    re-attaching UTC on the way out makes both databases behave the same.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def job_moment():
    """A column with the moment a mail job must look at its row again (models.job_moments)."""
    return mapped_column(UTCDateTime, nullable=False, server_default=text(f"'{LOOK_NOW_DEFAULT}'"))
