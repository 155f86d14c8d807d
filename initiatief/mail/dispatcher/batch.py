"""One dispatcher pass: claim a batch of due mail and send it over one SMTP connection."""

import logging
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import Initiative, OutboxMail
from ..combine import group_combinable
from ..refusals import flagged_addresses, normalise_address, refuses_address
from .claims import claim_due
from .failures import classify, describe, error_code
from .results import DispatchResult, SentRecorder, cancel_emptied, fail_flagged, record_failure
from .smtp import TimeoutConnection, build_message

# The dispatcher's lines share one logger name, whichever of its modules writes them.
log = logging.getLogger(__package__)


@contextmanager
def _loaded_for_the_pass() -> Iterator[None]:
    """The claimed rows stay loaded across the pass's commits, then are expired.

    A commit normally expires every loaded row, and the next read of a row loads it
    again: one SELECT per mail. The pass writes sent rows with UPDATE statements of
    its own, so what it keeps loaded is what it read at claim time; at the end every
    row is expired, so no one reads a stale status afterwards.
    """
    session = db.session()
    expiring, session.expire_on_commit = session.expire_on_commit, False
    try:
        yield
    finally:
        session.expire_on_commit = expiring
        session.expire_all()


def _load_claimed(ids: list[int]) -> list[OutboxMail]:
    """The claimed rows, with what recording them needs (initiative, initiator), oldest first."""
    query = (
        select(OutboxMail)
        .where(OutboxMail.id.in_(ids))
        .order_by(OutboxMail.id)
        .options(selectinload(OutboxMail.initiative).selectinload(Initiative.initiator))
    )
    return list(db.session.scalars(query))


def dispatch_due(now: datetime, rng: random.Random | None = None) -> DispatchResult:
    """Send one batch of due mail; commits each row's change of state, sent rows in groups.

    `now` is an aware UTC datetime and is the dispatcher's clock: it decides what
    is due, the lease, sent_at and the retry moments. Runs inside an app context
    (the scheduler process), never in a request. At-least-once: a row is marked
    sent only after the server accepted it, so a crash re-sends just the rows in
    flight: the one in DATA and those accepted but not yet recorded, at most
    MAIL_RECORD_EVERY (results.SentRecorder). An exception that ends the pass
    records what was accepted first. `rng` drives the retry jitter (tests pass a
    seeded one). Mail to an address flagged after a 5xx fails at once, without an
    SMTP attempt.
    """
    rng = rng or random.Random()
    result = DispatchResult()
    ids = claim_due(now, current_app.config["MAIL_BATCH_SIZE"])
    if not ids:
        return result
    with _loaded_for_the_pass():
        _send_claimed(_load_claimed(ids), now, rng, result)
    return result


def _send_claimed(
    waiting: list[OutboxMail], now: datetime, rng: random.Random, result: DispatchResult
) -> None:
    """Cancel, fail or send each claimed row over one connection, counting in `result`."""
    for row in [row for row in waiting if not row.to_address]:
        waiting.remove(row)
        cancel_emptied(row)
    refused = flagged_addresses({normalise_address(row.to_address) for row in waiting})
    for row in [row for row in waiting if normalise_address(row.to_address) in refused]:
        waiting.remove(row)
        fail_flagged(row, result)
    if not waiting:
        return
    joined = group_combinable(waiting)
    riders = {rider.id for group in joined.values() for rider in group}
    waiting = [row for row in waiting if row.id not in riders]
    config = current_app.config
    sent = SentRecorder(now, result, config["MAIL_RECORD_EVERY"], config["MAIL_RECORD_SECONDS"])
    try:
        with TimeoutConnection(config["MAIL_TIMEOUT"]) as connection, _recording(sent):
            while waiting:
                row = waiting[0]
                address = normalise_address(row.to_address)
                if address in refused:  # refused earlier in this batch
                    waiting.pop(0)
                    fail_flagged(row, result)
                    continue
                group = joined.get(row.id, [])
                try:
                    message = build_message(row, group, now)
                    started = time.monotonic()
                    connection.send(message)
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
                sent.add(row, group, time.monotonic() - started)
    except OSError as exc:  # smtplib's errors are OSErrors too
        # The connection failed or broke: every row not yet sent is tried again later.
        error, code = describe(exc), error_code(exc)
        log.warning("mail server unavailable code=%s waiting=%d", code, len(waiting))
        for row in waiting:
            for each in (row, *joined.get(row.id, [])):
                record_failure(each, "temporary", now, error, code, rng, result)


@contextmanager
def _recording(sent: SentRecorder) -> Iterator[None]:
    """Record the open group however the sending ends: done, broken or interrupted."""
    try:
        yield
    finally:
        sent.record()
