"""What a failed send means: may it succeed later, when to try again, what to write down."""

import random
import smtplib
from datetime import timedelta
from typing import Literal

BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)
BACKOFF_JITTER = 0.2  # +/- 20 %, so mails deferred together do not return together

Outcome = Literal["temporary", "permanent", "connection"]


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


def classify(exc: Exception) -> Outcome:
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


def describe(exc: BaseException) -> str:
    """The server's reply when there is one (as staff and the flag see it), else the error."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return _reply(exc.smtp_code, exc.smtp_error)[:1000]
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(_reply(code, reply) for code, reply in exc.recipients.values())[:1000]
    return f"{type(exc).__name__}: {exc}"[:1000]


def error_code(exc: BaseException) -> str:
    """What a log line may say about a failed send: the SMTP code(s), else the error type.

    Never the server's text: a reply often quotes the refused address.
    """
    if isinstance(exc, smtplib.SMTPResponseException):
        return str(exc.smtp_code)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return ",".join(str(code) for code, _ in exc.recipients.values())
    return type(exc).__name__
