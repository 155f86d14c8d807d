"""The resident's rights and the retention rules: data requests, address changes, periods."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .organisation import User
from .types import UTCDateTime, utcnow


class RetentionPolicy(db.Model):
    """How long personal data is kept, as the beheerder set it; one row, id 1.

    Without a row the defaults from the configuration apply.
    """

    __tablename__ = "retention_policy"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Months after closing before the initiator's contact data is anonymised.
    closed_months: Mapped[int] = mapped_column(Integer)
    # Days a sent or failed mail is kept in the outbox before it is purged.
    outbox_days: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class DataRequestStatus(StrEnum):
    OPEN = "open"  # waiting for the coördinator
    AFTER_CLOSING = "after_closing"  # kept to finish; removed as soon as it closes
    DONE = "done"  # anonymised


class DataRequest(db.Model):
    """A resident's request to remove the personal data of a running initiative.

    A closed initiative is anonymised at once; a running one may still need the
    data (a subsidy, a permit), so a coördinator answers the request within a term.
    """

    __tablename__ = "data_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id"), index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=DataRequestStatus.OPEN, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Why the data is kept until closing, as told to the resident.
    answer: Mapped[str] = mapped_column(Text, default="")
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    initiative = relationship("Initiative")
    answered_by: Mapped[User | None] = relationship()


class EmailChange(db.Model):
    """A resident's new e-mail address, waiting for the link mailed to it to be used.

    Only the SHA-256 of the link's token is stored, as for login links.
    """

    __tablename__ = "email_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    old_email: Mapped[str] = mapped_column(String(254), index=True)
    new_email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
