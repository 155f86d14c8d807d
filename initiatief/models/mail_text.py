"""Texts a beheerder can edit: the resident mails, as Markdown with named placeholders."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import UTCDateTime, utcnow


class MailText(db.Model):
    """The editable subject and body of one kind of mail in one language.

    Absent means the built-in text of that language (mail.default_texts).
    """

    __tablename__ = "mail_texts"

    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    language: Mapped[str] = mapped_column(
        String(5), primary_key=True, default="nl", server_default="nl"
    )
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)  # Markdown with {placeholders}
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
