"""Queueing mail in the outbox, inside the caller's transaction, and whether a key was queued."""

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from ..extensions import db
from ..models import Initiative, MailStatus, OutboxMail, utcnow
from .safety import header_text


def make_message_id() -> str:
    """A Message-ID made once at queueing, so every resend carries the same one."""
    domain = current_app.config["MAIL_DEFAULT_SENDER"].rsplit("@", 1)[-1].strip("> ")
    return f"<{secrets.token_hex(16)}@{domain or 'initiatief.local'}>"


def queue_mail(
    *,
    key: str,
    kind: str,
    to: str,
    subject: str,
    text: str,
    html: str,
    initiative: Initiative | None = None,
    send_after: datetime | None = None,
    headers: dict[str, str] | None = None,
    urgent: bool = True,
) -> OutboxMail:
    """Add a mail to the outbox unless one with the same key exists; flushes.

    The key names the cause (e.g. ``submitted:42:resident``), so a job or request
    that runs twice queues the mail once. Nothing is sent here: the dispatcher in
    the scheduler process sends after the caller's commit, and a rollback leaves
    no mail behind. urgent=False marks a mail the dispatcher may hold back and
    combine (the scheduler's check-ins and reminders). The subject is stored as
    one safe line (safety.header_text), whichever composer made it.
    """
    existing = db.session.execute(select(OutboxMail).filter_by(key=key)).scalar_one_or_none()
    if existing is not None:
        return existing
    send_after = send_after or utcnow()
    if not urgent and initiative is not None:
        send_after = throttled(initiative, to, send_after)
    row = OutboxMail(
        key=key,
        kind=kind,
        to_address=to,
        subject=header_text(subject),
        text_body=text,
        html_body=html,
        initiative=initiative,
        message_id=make_message_id(),
        headers="\n".join(f"{name}: {value}" for name, value in (headers or {}).items()),
        send_after=send_after,
        urgent=urgent,
    )
    db.session.add(row)
    db.session.flush()
    return row


def throttled(initiative: Initiative, to: str, send_after: datetime) -> datetime:
    """When a non-urgent mail about this initiative to this address may go out.

    At most one per THROTTLE window: after one was sent, the next waits until
    the window has passed; while one is still waiting, the next joins it (same
    moment), and the dispatcher sends the two as one combined mail.
    """
    window = timedelta(minutes=current_app.config.get("MAIL_THROTTLE_MINUTES", 15))
    same = (
        OutboxMail.initiative_id == initiative.id,
        func.lower(OutboxMail.to_address) == to.lower(),
        OutboxMail.urgent.is_(False),
    )
    waiting = db.session.execute(
        select(func.max(OutboxMail.send_after)).where(
            *same, OutboxMail.status == MailStatus.PENDING
        )
    ).scalar_one_or_none()
    if waiting is not None:
        return max(send_after, waiting)
    last_sent = db.session.execute(
        select(func.max(OutboxMail.sent_at)).where(*same, OutboxMail.status == MailStatus.SENT)
    ).scalar_one_or_none()
    if last_sent is not None and send_after < last_sent + window:
        return last_sent + window
    return send_after


def is_queued(key: str) -> bool:
    """Whether a mail with exactly this key was ever queued (whatever became of it)."""
    return db.session.scalar(select(OutboxMail.id).where(OutboxMail.key == key)) is not None


# Keys per IN (...) in queued_keys: well below SQLite's and PostgreSQL's parameter limits.
KEY_CHUNK = 500


def queued_keys(keys: Iterable[str]) -> set[str]:
    """Those of keys that were ever queued: is_queued for many keys in a few queries."""
    wanted = sorted(set(keys))
    found: set[str] = set()
    for start in range(0, len(wanted), KEY_CHUNK):
        chunk = wanted[start : start + KEY_CHUNK]
        found.update(db.session.scalars(select(OutboxMail.key).where(OutboxMail.key.in_(chunk))))
    return found


def any_queued(prefix: str) -> bool:
    """Whether any mail key starts with prefix: 'once per cause' over several recipients."""
    statement = select(OutboxMail.id).where(OutboxMail.key.startswith(prefix, autoescape=True))
    return db.session.scalar(statement.limit(1)) is not None
