"""What a try leaves behind: each row's new state, committed, and the pass's counts.

Sent, to retry later, failed, or cancelled; the retry policy itself is in failures.py.
"""

import logging
import random
from dataclasses import dataclass
from datetime import datetime

from flask import current_app

from ...extensions import db
from ...models import Event, EventKind, MailStatus, OutboxMail
from ..refusals import FLAGGED_ERROR, flag_address
from .failures import Outcome, backoff

# The dispatcher's lines share one logger name, whichever of its modules writes them.
log = logging.getLogger(__package__)


@dataclass
class DispatchResult:
    """What one dispatcher pass did, in numbers of mails."""

    sent: int = 0
    retried: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return f"{self.sent} sent, {self.retried} to retry, {self.failed} failed"


def mark_sent(row: OutboxMail, now: datetime) -> None:
    row.status = MailStatus.SENT
    row.sent_at = now
    row.lease_until = None
    if row.initiative_id is not None:
        initiator = row.initiative.initiator if row.initiative else None
        is_resident = initiator is not None and (initiator.email.lower() == row.to_address.lower())
        to = "initiatiefnemer" if is_resident else row.to_address
        db.session.add(
            Event(
                initiative_id=row.initiative_id,
                kind=EventKind.MAIL_SENT,
                public=False,
                created_at=now,
                data={"kind": row.kind, "to": to},
            )
        )


def record_failure(
    row: OutboxMail,
    outcome: Outcome,
    now: datetime,
    error: str,
    code: str,
    rng: random.Random,
    result: DispatchResult,
    flag: bool = False,
) -> None:
    """Schedule a temporary failure for a later try, or give the row up; commits.

    With `flag`, the server refused the address itself: it is flagged in the same
    transaction as the failure, so later mail to it is not tried. The full error
    goes on the row (staff see it); the log gets the row id and `code` only,
    since logs outlive the retention of personal data.
    """
    row.attempts += 1
    row.lease_until = None
    row.last_error = error
    if outcome != "permanent" and row.attempts < current_app.config["MAIL_MAX_ATTEMPTS"]:
        row.status = MailStatus.PENDING
        row.send_after = now + backoff(row.attempts, rng)
        result.retried += 1
    else:
        row.status = MailStatus.FAILED
        result.failed += 1
    log.warning(
        "mail %s failed kind=%s code=%s attempts=%d final=%s",
        row.id,
        row.kind,
        code,
        row.attempts,
        "yes" if row.status == MailStatus.FAILED else "no",
    )
    if flag:
        flag_address(row.to_address, error, now)
    db.session.commit()


def fail_flagged(row: OutboxMail, result: DispatchResult) -> None:
    """Give up a row without trying it: its address was refused before; commits."""
    row.status = MailStatus.FAILED
    row.lease_until = None
    row.last_error = FLAGGED_ERROR
    result.failed += 1
    log.warning(
        "mail %s failed kind=%s code=flagged attempts=%d final=yes", row.id, row.kind, row.attempts
    )
    db.session.commit()


def cancel_emptied(row: OutboxMail) -> None:
    """A row whose address was removed (the resident's data was anonymised
    while it was in flight) is not sent; commits."""
    row.status = MailStatus.CANCELLED
    row.lease_until = None
    db.session.commit()
