"""Addresses a mail server refused for good: telling a refusal apart, flagging, looking up."""

import re
import smtplib
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..extensions import db
from ..models import FlaggedAddress

# last_error of a mail not tried because its address was refused before; staff read it.
FLAGGED_ERROR = "adres eerder geweigerd"
ENHANCED_CODE = re.compile(r"5\.(\d{1,3})\.\d{1,3}\b")


def _about_the_address(code: int, reply: bytes | str) -> bool:
    """Whether a 5xx reply refuses the recipient rather than our message or our client.

    500-504 are syntax and sequence errors (RFC 5321 4.2.3), and enhanced codes
    5.3.x, 5.5.x and 5.6.x name the mail system, the protocol and the content
    (RFC 3463): e.g. "500 Line too long" says nothing about the resident.
    """
    if not 500 <= code < 600 or code <= 504:
        return False
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    enhanced = ENHANCED_CODE.match(text.strip())
    return enhanced is None or enhanced[1] not in {"3", "5", "6"}


def refuses_address(exc: Exception) -> bool:
    """Whether the server refused the recipient for good, so the address is flagged.

    A refused sender (MAIL FROM) is our problem, not the resident's address.
    """
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return False
    if isinstance(exc, smtplib.SMTPResponseException):
        return _about_the_address(exc.smtp_code, exc.smtp_error)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(_about_the_address(*reply) for reply in exc.recipients.values())
    return False


def normalise_address(address: str) -> str:
    """The form an address is flagged under: trimmed and lower case."""
    return address.strip().lower()


def flag_address(address: str, reason: str, now: datetime) -> None:
    """Flag an address as refused (again), so later mail to it is not tried; no commit.

    An upsert, so two dispatchers refused at the same moment do not collide, and
    a resolved flag is opened again by a new refusal.
    """
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    values = {"address": normalise_address(address), "reason": reason, "flagged_at": now}
    statement = insert(FlaggedAddress).values(resolved_at=None, **values)
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[FlaggedAddress.address],
            set_={"reason": reason, "flagged_at": now, "resolved_at": None},
        )
    )


def flagged_addresses(addresses: set[str]) -> set[str]:
    """Which of these (normalised) addresses are flagged and not resolved."""
    if not addresses:
        return set()
    query = select(FlaggedAddress.address).where(
        FlaggedAddress.address.in_(addresses), FlaggedAddress.resolved_at.is_(None)
    )
    return set(db.session.scalars(query))
