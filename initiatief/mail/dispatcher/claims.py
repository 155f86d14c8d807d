"""Claiming due outbox rows: which rows are due, and taking them for one dispatcher.

A claim is a lease (MAIL_LEASE_SECONDS): a dispatcher that dies leaves its rows
to the next pass once the lease runs out, and two dispatchers never claim the
same row.
"""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update

from ...extensions import db
from ...models import MailStatus, OutboxMail


def _is_due(now: datetime):
    """Pending and due, or claimed by a dispatcher whose lease ran out (a crash)."""
    return or_(
        and_(OutboxMail.status == MailStatus.PENDING, OutboxMail.send_after <= now),
        and_(OutboxMail.status == MailStatus.SENDING, OutboxMail.lease_until <= now),
    )


def _due_ids(now: datetime, limit: int) -> list[int]:
    query = (
        select(OutboxMail.id)
        .where(_is_due(now))
        .order_by(OutboxMail.send_after, OutboxMail.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def _claim_conditionally(ids: list[int], now: datetime) -> list[int]:
    """Claim those of `ids` that are still due, in one UPDATE; commits.

    The condition is checked again inside the UPDATE, so when two dispatchers
    saw the same candidates only one of them gets each row (SQLite writes one
    statement at a time). Returns the ids claimed, in the order given.
    """
    if not ids:
        db.session.commit()
        return []
    lease = now + timedelta(seconds=current_app.config["MAIL_LEASE_SECONDS"])
    claimed = set(
        db.session.scalars(
            update(OutboxMail)
            .where(OutboxMail.id.in_(ids), _is_due(now))
            .values(status=MailStatus.SENDING, lease_until=lease)
            .returning(OutboxMail.id)
            .execution_options(synchronize_session=False)
        )
    )
    db.session.commit()
    return [mail_id for mail_id in ids if mail_id in claimed]


def _claim_skip_locked(now: datetime, limit: int) -> list[int]:
    """PostgreSQL: lock due rows, skipping rows another dispatcher holds; commits."""
    lease = now + timedelta(seconds=current_app.config["MAIL_LEASE_SECONDS"])
    query = (
        select(OutboxMail.id)
        .where(_is_due(now))
        .order_by(OutboxMail.send_after, OutboxMail.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    ids = list(db.session.scalars(query))
    if ids:
        db.session.execute(
            update(OutboxMail)
            .where(OutboxMail.id.in_(ids))
            .values(status=MailStatus.SENDING, lease_until=lease)
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
    return ids


def claim_due(now: datetime, limit: int) -> list[int]:
    """Claim at most `limit` due rows for this dispatcher and commit the claim.

    `now` is an aware UTC datetime; a claim lasts MAIL_LEASE_SECONDS, after which
    another pass may take the row over. Returns the ids claimed, oldest first.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        return _claim_skip_locked(now, limit)
    # SQLite: the session may hold no read snapshot while it upgrades to writing.
    ids = _due_ids(now, limit)
    db.session.commit()
    return _claim_conditionally(ids, now)
