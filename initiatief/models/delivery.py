"""What the mail machinery remembers besides the outbox: refused addresses and job runs."""

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import UTCDateTime, utcnow


class FlaggedAddress(db.Model):
    """An address a mail server refused for good (5xx): staff must check it."""

    __tablename__ = "flagged_addresses"

    address: Mapped[str] = mapped_column(String(254), primary_key=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    flagged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when staff corrected or confirmed the address; mail may flow again.
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class JobRun(db.Model):
    """The last run of each scheduler job, for `flask scheduler status`."""

    __tablename__ = "job_runs"

    job_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    result: Mapped[str] = mapped_column(Text, default="")
