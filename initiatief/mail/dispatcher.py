"""The dispatcher: claims due outbox rows and sends them over one SMTP connection."""

import logging
import random
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from flask import current_app
from flask_mail import Connection
from sqlalchemy import and_, or_, select, update

from ..extensions import db
from ..models import Event, EventKind, MailStatus, OutboxMail, utcnow
from .combine import combined_parts, group_combinable
from .message import OutboxMessage
from .refusals import (
    FLAGGED_ERROR,
    flag_address,
    flagged_addresses,
    normalise_address,
    refuses_address,
)

log = logging.getLogger(__name__)

BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)
BACKOFF_JITTER = 0.2  # +/- 20 %, so mails deferred together do not return together
# Headers Flask-Mail sets itself; a stored extra header must not duplicate them.
RESERVED_HEADERS = {"from", "to", "cc", "bcc", "subject", "date", "message-id"}

Outcome = Literal["temporary", "permanent", "connection"]


@dataclass
class DispatchResult:
    """What one dispatcher pass did, in numbers of mails."""

    sent: int = 0
    retried: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return f"{self.sent} sent, {self.retried} to retry, {self.failed} failed"


class _Connection(Connection):
    """Flask-Mail's connection with a socket timeout and a quiet close.

    Flask-Mail 0.10 opens smtplib.SMTP without a timeout, so a mail server that
    accepts the connection but never answers would hang the scheduler forever.
    """

    def __init__(self, timeout: float) -> None:
        super().__init__(current_app.extensions["mail"])
        self.timeout = timeout

    def configure_host(self) -> smtplib.SMTP:
        state = self.mail
        factory = smtplib.SMTP_SSL if state.use_ssl else smtplib.SMTP
        host = factory(state.server, state.port, timeout=self.timeout)
        host.set_debuglevel(int(state.debug))
        if state.use_tls:
            host.starttls()
        if state.username and state.password:
            host.login(state.username, state.password)
        return host

    def __exit__(self, exc_type, exc_value, tb) -> None:
        # A server that already hung up must not turn a finished batch into an error.
        if self.host is not None:
            try:
                self.host.quit()
            except (smtplib.SMTPException, OSError):
                self.host.close()


def backoff(attempts: int, rng: random.Random) -> timedelta:
    """Wait before the next try after `attempts` failed tries (1 or more).

    1 minute after the first failure, doubling each time, capped at 6 hours,
    then spread by +/- 20 % with `rng`.
    """
    exponent = max(attempts - 1, 0)
    # Compare exponents, not products, so a large count cannot overflow timedelta.
    ceiling = BACKOFF_CAP / BACKOFF_BASE
    delay = BACKOFF_CAP if 2**exponent >= ceiling else BACKOFF_BASE * 2**exponent
    return delay * rng.uniform(1 - BACKOFF_JITTER, 1 + BACKOFF_JITTER)


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
    """Claim rows one by one, each only if it is still due; commits.

    The condition is checked again inside the UPDATE, so when two dispatchers
    saw the same candidates only one of them gets each row.
    """
    lease = now + timedelta(seconds=current_app.config["MAIL_LEASE_SECONDS"])
    claimed = []
    for mail_id in ids:
        result = db.session.execute(
            update(OutboxMail)
            .where(OutboxMail.id == mail_id, _is_due(now))
            .values(status=MailStatus.SENDING, lease_until=lease)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            claimed.append(mail_id)
    db.session.commit()
    return claimed


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


def parse_headers(stored: str) -> dict[str, str]:
    """The extra headers kept on a row ("Name: value" per line) as a dict."""
    headers = {}
    for line in stored.splitlines():
        name, sep, value = line.partition(":")
        name = name.strip()
        if sep and name and name.lower() not in RESERVED_HEADERS:
            headers[name] = value.strip()
    return headers


def build_message(
    row: OutboxMail, joined: list[OutboxMail] | None = None, now: datetime | None = None
) -> OutboxMessage:
    """The Flask-Mail message for a row, carrying the row's own Message-ID.

    With joined rows (non-urgent mail held by the throttle) one combined mail
    carries all their messages; it keeps the first row's Message-ID. The parts
    go out quoted-printable and the subject encoded (mail.message), so no line
    is too long for a server and no header can be added through the text.
    """
    subject, text, html = row.subject, row.text_body, row.html_body
    if joined:
        subject, text, html = combined_parts([row, *joined], now or utcnow())
    message = OutboxMessage(
        subject=subject,
        recipients=[row.to_address],
        body=text,
        html=html,
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
        extra_headers=parse_headers(row.headers or ""),
    )
    message.msgId = row.message_id
    return message


def _classify(exc: Exception) -> Outcome:
    """Whether a failed send may succeed later, never will, or lost the connection."""
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "connection"
    if isinstance(exc, smtplib.SMTPResponseException):
        return "permanent" if 500 <= exc.smtp_code < 600 else "temporary"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return "temporary" if any(400 <= code < 500 for code in codes) else "permanent"
    if isinstance(exc, smtplib.SMTPException):
        return "permanent"  # e.g. SMTPUTF8 needed but not offered
    if isinstance(exc, OSError):
        return "connection"  # refused, reset, timed out
    return "permanent"  # the row itself is unusable (bad header, no recipient)


def _reply(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"{code} {text}"


def _describe(exc: BaseException) -> str:
    """The server's reply when there is one (as staff and the flag see it), else the error."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return _reply(exc.smtp_code, exc.smtp_error)[:1000]
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(_reply(code, reply) for code, reply in exc.recipients.values())[:1000]
    return f"{type(exc).__name__}: {exc}"[:1000]


def _code(exc: BaseException) -> str:
    """What a log line may say about a failed send: the SMTP code(s), else the error type.

    Never the server's text: a reply often quotes the refused address.
    """
    if isinstance(exc, smtplib.SMTPResponseException):
        return str(exc.smtp_code)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return ",".join(str(code) for code, _ in exc.recipients.values())
    return type(exc).__name__


def _mark_sent(row: OutboxMail, now: datetime) -> None:
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


def _record_failure(
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


def _fail_flagged(row: OutboxMail, result: DispatchResult) -> None:
    """Give up a row without trying it: its address was refused before; commits."""
    row.status = MailStatus.FAILED
    row.lease_until = None
    row.last_error = FLAGGED_ERROR
    result.failed += 1
    log.warning(
        "mail %s failed kind=%s code=flagged attempts=%d final=yes", row.id, row.kind, row.attempts
    )
    db.session.commit()


def _cancel_emptied(row: OutboxMail) -> None:
    """A row whose address was removed (the resident's data was anonymised
    while it was in flight) is not sent; commits."""
    row.status = MailStatus.CANCELLED
    row.lease_until = None
    db.session.commit()


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
        _cancel_emptied(row)
    refused = flagged_addresses({normalise_address(row.to_address) for row in waiting})
    for row in [row for row in waiting if normalise_address(row.to_address) in refused]:
        waiting.remove(row)
        _fail_flagged(row, result)
    if not waiting:
        return result
    joined = group_combinable(waiting)
    riders = {rider.id for group in joined.values() for rider in group}
    waiting = [row for row in waiting if row.id not in riders]
    try:
        with _Connection(current_app.config["MAIL_TIMEOUT"]) as connection:
            while waiting:
                row = waiting[0]
                address = normalise_address(row.to_address)
                if address in refused:  # refused earlier in this batch
                    waiting.pop(0)
                    _fail_flagged(row, result)
                    continue
                group = joined.get(row.id, [])
                try:
                    connection.send(build_message(row, group, now))
                except Exception as exc:
                    outcome = _classify(exc)
                    if outcome == "connection":
                        raise
                    waiting.pop(0)
                    flag = refuses_address(exc)
                    if flag:
                        refused.add(address)
                    for each in (row, *group):
                        _record_failure(
                            each, outcome, now, _describe(exc), _code(exc), rng, result, flag
                        )
                    continue
                waiting.pop(0)
                for each in (row, *group):
                    _mark_sent(each, now)
                    if each is not row:
                        each.last_error = f"verstuurd samen met {row.message_id}"
                db.session.commit()
                result.sent += 1 + len(group)
    except OSError as exc:  # smtplib's errors are OSErrors too
        # The connection failed or broke: every row not yet sent is tried again later.
        error, code = _describe(exc), _code(exc)
        log.warning("mail server unavailable code=%s waiting=%d", code, len(waiting))
        for row in waiting:
            for each in (row, *joined.get(row.id, [])):
                _record_failure(each, "temporary", now, error, code, rng, result)
    return result
