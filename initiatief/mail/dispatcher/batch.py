"""One dispatcher pass: claim a batch of due mail and send it over one SMTP connection."""

import logging
import random
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from ...extensions import db
from ...models import OutboxMail
from ..combine import group_combinable
from ..refusals import flagged_addresses, normalise_address, refuses_address
from .claims import claim_due
from .failures import classify, describe, error_code
from .results import DispatchResult, cancel_emptied, fail_flagged, mark_sent, record_failure
from .smtp import TimeoutConnection, build_message

# The dispatcher's lines share one logger name, whichever of its modules writes them.
log = logging.getLogger(__package__)


def dispatch_due(now: datetime, rng: random.Random | None = None) -> DispatchResult:
    """Send one batch of due mail; commits after every row's change of state.

    `now` is an aware UTC datetime and is the dispatcher's clock: it decides what
    is due, the lease, sent_at and the retry moments. Runs inside an app context
    (the scheduler process), never in a request. At-least-once: a row is marked
    sent only after the server accepted it, so a crash re-sends just the rows in
    flight. `rng` drives the retry jitter (tests pass a seeded one). Mail to an
    address flagged after a 5xx fails at once, without an SMTP attempt.
    """
    rng = rng or random.Random()
    result = DispatchResult()
    ids = claim_due(now, current_app.config["MAIL_BATCH_SIZE"])
    if not ids:
        return result
    query = select(OutboxMail).where(OutboxMail.id.in_(ids)).order_by(OutboxMail.id)
    waiting = list(db.session.scalars(query))
    for row in [row for row in waiting if not row.to_address]:
        waiting.remove(row)
        cancel_emptied(row)
    refused = flagged_addresses({normalise_address(row.to_address) for row in waiting})
    for row in [row for row in waiting if normalise_address(row.to_address) in refused]:
        waiting.remove(row)
        fail_flagged(row, result)
    if not waiting:
        return result
    joined = group_combinable(waiting)
    riders = {rider.id for group in joined.values() for rider in group}
    waiting = [row for row in waiting if row.id not in riders]
    try:
        with TimeoutConnection(current_app.config["MAIL_TIMEOUT"]) as connection:
            while waiting:
                row = waiting[0]
                address = normalise_address(row.to_address)
                if address in refused:  # refused earlier in this batch
                    waiting.pop(0)
                    fail_flagged(row, result)
                    continue
                group = joined.get(row.id, [])
                try:
                    connection.send(build_message(row, group, now))
                except Exception as exc:
                    outcome = classify(exc)
                    if outcome == "connection":
                        raise
                    waiting.pop(0)
                    flag = refuses_address(exc)
                    if flag:
                        refused.add(address)
                    for each in (row, *group):
                        record_failure(
                            each, outcome, now, describe(exc), error_code(exc), rng, result, flag
                        )
                    continue
                waiting.pop(0)
                for each in (row, *group):
                    mark_sent(each, now)
                    if each is not row:
                        each.last_error = f"verstuurd samen met {row.message_id}"
                db.session.commit()
                result.sent += 1 + len(group)
    except OSError as exc:  # smtplib's errors are OSErrors too
        # The connection failed or broke: every row not yet sent is tried again later.
        error, code = describe(exc), error_code(exc)
        log.warning("mail server unavailable code=%s waiting=%d", code, len(waiting))
        for row in waiting:
            for each in (row, *joined.get(row.id, [])):
                record_failure(each, "temporary", now, error, code, rng, result)
    return result
