"""What happens to an initiative: the append-only history and call-back requests."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .organisation import User
from .types import UTCDateTime, job_moment, utcnow


class EventKind(StrEnum):
    SUBMITTED = "submitted"
    ASSIGNED = "assigned"
    PHASE_CHANGED = "phase_changed"
    UPDATE = "update"  # public, the resident reads it
    NOTE = "note"  # internal
    REPLY = "reply"  # from the resident
    PAUSED = "paused"
    RESUMED = "resumed"
    REPLANNED = "replanned"
    MAIL_SENT = "mail_sent"
    CALLBACK_ASKED = "callback_asked"
    CALLBACK_HANDLED = "callback_handled"
    FEEDBACK = "feedback"
    ANONYMISED = "anonymised"
    MAIL_PREFERENCE = "mail_preference"  # non-essential mails switched off or on


class Event(db.Model):
    """One thing that happened; never updated, only added."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Visible to the resident on the status page.
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown for updates
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    # body rendered and sanitised when written (services/event_html.py), and the
    # renderer's stamp then: HTML of another stamp, or none, is rendered again on read.
    # A reply has the stamp and no HTML. Indexed: the nightly job finds the rows
    # without the current stamp.
    body_html: Mapped[str | None] = mapped_column(Text)
    body_html_stamp: Mapped[str | None] = mapped_column(String(16), index=True)

    actor: Mapped[User | None] = relationship()
    initiative = relationship("Initiative")


class CallbackRequest(db.Model):
    """'Bel mij terug' from the status page: a task for the contact person."""

    __tablename__ = "callback_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id"), index=True)
    phone: Mapped[str] = mapped_column(String(40))
    preferred_moment: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    # When the escalation job must look again (see PhaseVisit.next_checkin_at).
    next_escalation_at: Mapped[datetime] = job_moment()

    initiative = relationship("Initiative")

    __table_args__ = (
        Index(
            "ix_callback_requests_open_next_escalation_at",
            "next_escalation_at",
            postgresql_where=text("handled_at IS NULL"),
            sqlite_where=text("handled_at IS NULL"),
        ),
    )
