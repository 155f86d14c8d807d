"""What a try leaves behind: each row's new state, committed, and the pass's counts.

Sent (recorded a group at a time), to retry later, failed, or cancelled; the
retry policy itself is in failures.py.
"""

import logging
import random
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import insert, update

from ...extensions import db
from ...models import Event, EventKind, MailStatus, OutboxMail
from ...rendering import RENDERER_STAMP
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


class SentRecorder:
    """Rows the server accepted, written down as sent a group at a time.

    One UPDATE, one INSERT of their events and one commit per group of `every`
    rows instead of a commit per row. A mail that took `seconds` or more to send
    closes its group at once: against a slow server (DATA taking tens of
    milliseconds) each mail is recorded as it is accepted, as a commit costs
    little next to it. The price: after a crash the rows of the open group
    (accepted, not yet recorded, still claimed) are sent again; never a row that
    was recorded. Rows come loaded with their initiative and initiator, so
    recording reads nothing back.
    """

    def __init__(self, now: datetime, result: DispatchResult, every: int, seconds: float):
        self.now = now
        self.result = result
        self.every = every
        self.seconds = seconds
        self.accepted: list[tuple[OutboxMail, list[OutboxMail]]] = []

    def add(self, row: OutboxMail, joined: list[OutboxMail], seconds: float) -> None:
        """The server accepted row's mail (carrying `joined`), which took `seconds` to send;
        records when the group is full or the server slow."""
        self.accepted.append((row, joined))
        size = sum(1 + len(group) for _, group in self.accepted)
        if size >= self.every or seconds >= self.seconds:
            self.record()

    def record(self) -> None:
        """Write down every accepted row as sent, with its events; commits."""
        accepted, self.accepted = self.accepted, []
        if not accepted:
            return
        rows = [each for row, group in accepted for each in (row, *group)]
        db.session.execute(
            update(OutboxMail)
            .where(OutboxMail.id.in_([row.id for row in rows]))
            .values(status=MailStatus.SENT, sent_at=self.now, lease_until=None)
            .execution_options(synchronize_session=False)
        )
        riders = [
            {"id": rider.id, "last_error": f"verstuurd samen met {row.message_id}"}
            for row, group in accepted
            for rider in group
        ]
        if riders:
            db.session.execute(update(OutboxMail), riders)
        events = [_sent_event(row, self.now) for row in rows if row.initiative_id is not None]
        if events:
            db.session.execute(insert(Event), events)
        db.session.commit()
        self.result.sent += len(rows)


def _sent_event(row: OutboxMail, now: datetime) -> dict:
    """The MAIL_SENT event of a row about an initiative; the resident is not named."""
    initiator = row.initiative.initiator if row.initiative else None
    is_resident = initiator is not None and (initiator.email.lower() == row.to_address.lower())
    return {
        "initiative_id": row.initiative_id,
        "kind": EventKind.MAIL_SENT,
        "public": False,
        "created_at": now,
        "data": {"kind": row.kind, "to": "initiatiefnemer" if is_resident else row.to_address},
        # Written past the ORM hook (services/event_html.py): the empty body's HTML and
        # the stamp as the hook would store them, so the nightly job has nothing to do.
        "body_html": "",
        "body_html_stamp": RENDERER_STAMP,
    }


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
