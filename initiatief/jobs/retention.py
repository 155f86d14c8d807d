"""Keeping personal data no longer than needed: anonymising closed initiatives, purging.

Both jobs read only what is due (through indexes on the moments they compare),
work in chunks with a commit after each, and are idempotent: what was done is
not due any more.
"""

from datetime import datetime, time, timedelta

from sqlalchemy import Select, delete, or_, select, true

from ..dates.planning import today_local
from ..extensions import db
from ..models import (
    EmailChange,
    Initiative,
    JobRun,
    LoginToken,
    MailStatus,
    OutboxMail,
    ResidentSession,
    Status,
)
from ..models.types import AMSTERDAM
from ..services.anonymise import Cause, anonymise
from ..services.config.retention import current_periods, months_before

# Initiatives per anonymising transaction, rows per purging one.
ANONYMISE_CHUNK = 500
PURGE_CHUNK = 5000
CLOSED = (Status.FINISHED, Status.STOPPED)


def anonymise_cutoff(now: datetime) -> datetime:
    """Initiatives closed before this moment are due: closed on or before the Amsterdam
    date the retention period ago, so one closed a period minus a day ago is not."""
    last_day = months_before(today_local(now), current_periods().closed_months)
    return datetime.combine(last_day + timedelta(days=1), time(), AMSTERDAM)


def due_ids(cutoff: datetime) -> Select:
    """The next chunk of initiatives whose resident data is due for anonymising.

    Through the partial index on closed_at of initiatives that hold personal
    data: what was anonymised left it, so this reads only what is due.
    """
    return (
        select(Initiative.id)
        .where(
            Initiative.holds_personal_data == true(),
            Initiative.closed_at < cutoff,
            Initiative.status.in_(CLOSED),
        )
        .order_by(Initiative.closed_at)
        .limit(ANONYMISE_CHUNK)
    )


def anonymise_due(now: datetime) -> dict[str, int]:
    """Anonymise the initiator of every initiative closed longer than the period ago."""
    cutoff = anonymise_cutoff(now)
    done = 0
    while ids := list(db.session.scalars(due_ids(cutoff))):
        # anonymise also marks initiatives without a live initiator, so each chunk is new.
        done += anonymise(ids, now=now, cause=Cause.RETENTION)
        db.session.commit()
    return {"anonymised": done}


def purge_old(now: datetime) -> dict[str, int]:
    """Delete mails, login links, sessions, address changes and job records no longer needed.

    Sent, failed and cancelled mails go after the outbox period; links and
    sessions as soon as they were used, superseded, revoked or expired.
    """
    outbox_cutoff = now - timedelta(days=current_periods().outbox_days)
    finished = (MailStatus.SENT, MailStatus.FAILED, MailStatus.CANCELLED)
    return {
        "mails": _delete_in_chunks(
            OutboxMail,
            OutboxMail.status.in_(finished),
            OutboxMail.send_after < outbox_cutoff,
            or_(OutboxMail.sent_at.is_(None), OutboxMail.sent_at < outbox_cutoff),
        ),
        "login_links": _delete_in_chunks(
            LoginToken, or_(LoginToken.used_at.is_not(None), LoginToken.expires_at <= now)
        ),
        "sessions": _delete_in_chunks(
            ResidentSession,
            or_(ResidentSession.revoked_at.is_not(None), ResidentSession.expires_at <= now),
        ),
        "address_changes": _delete_in_chunks(
            EmailChange, or_(EmailChange.used_at.is_not(None), EmailChange.expires_at <= now)
        ),
        "job_runs": _delete_in_chunks(JobRun, JobRun.finished_at < outbox_cutoff),
    }


def _delete_in_chunks(model, *conditions) -> int:
    key = model.__mapper__.primary_key[0]
    deleted = 0
    while True:
        ids = list(db.session.scalars(select(key).where(*conditions).limit(PURGE_CHUNK)))
        if not ids:
            return deleted
        db.session.execute(
            delete(model).where(key.in_(ids)).execution_options(synchronize_session=False)
        )
        db.session.commit()
        deleted += len(ids)
