"""Resident login links and sessions, and the audit trail of personal data."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import UTCDateTime, utcnow


class LoginToken(db.Model):
    """A mailed login link. Only the SHA-256 of the token is stored."""

    __tablename__ = "login_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    next_path: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Set when used, or when a newer link for the same address supersedes it.
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ResidentSession(db.Model):
    """A logged-in resident on one device; revoking it logs that device out."""

    __tablename__ = "resident_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditEntry(db.Model):
    """Who viewed, changed, exported or deleted personal data, and how it went."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Indexed for the beheerder's audit page: newest first, per initiative, per actor.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(120), index=True)  # "user:12" or "resident:<hash>"
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(40))
    result: Mapped[str] = mapped_column(String(20), default="ok")
    origin: Mapped[str] = mapped_column(String(64), default="")
    initiative_id: Mapped[int | None] = mapped_column(ForeignKey("initiatives.id"), index=True)
    # Why staff exported or anonymised, as they typed it (a required reason).
    reason: Mapped[str] = mapped_column(Text, default="")
