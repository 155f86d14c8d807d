"""Outgoing mail, queued in the same transaction as the change that causes it."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime, utcnow


class MailStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a dispatcher until lease_until
    SENT = "sent"
    FAILED = "failed"  # permanent failure, or out of attempts
    CANCELLED = "cancelled"


class OutboxMail(db.Model):
    """One mail, from queueing to delivery. The key makes queueing idempotent."""

    __tablename__ = "outbox_mails"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    initiative_id: Mapped[int | None] = mapped_column(ForeignKey("initiatives.id"), index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    # Made at queueing time, so a resend after a crash is recognisably the same mail.
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    headers: Mapped[str] = mapped_column(Text, default="")  # extra headers, one per line
    status: Mapped[str] = mapped_column(String(20), default=MailStatus.PENDING, index=True)
    # Non-urgent resident mails may be held back and combined (DESIGN §4 throttle).
    urgent: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    send_after: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    initiative = relationship("Initiative")

    # Mails about no initiative (login links, address changes) name a resident only by
    # their address: found by it when the resident's data is anonymised or downloaded.
    __table_args__ = (
        Index(
            "ix_outbox_mails_unattached_address",
            "to_address",
            postgresql_where=text("initiative_id IS NULL"),
            sqlite_where=text("initiative_id IS NULL"),
        ),
    )
