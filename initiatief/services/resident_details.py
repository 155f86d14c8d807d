"""A resident corrects their own details: phone, contact preference, and e-mail address.

Phone and preference change at once, on every initiative of the resident that
is not anonymised. A new e-mail address is only used after the resident opens
the link mailed to it: the EmailChange row keeps the SHA-256 of that link's
token, as login links do; the old address gets a notice, so a stranger with a
borrowed session cannot take the initiatives away unseen. Everything here adds
and flushes; the view commits once. Each change is audited per initiative.
"""

import secrets
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from ..extensions import db
from ..mail.composers import queue_email_change_mails
from ..models import (
    AuditEntry,
    ContactPreference,
    EmailChange,
    Initiative,
    Initiator,
    LoginToken,
    ResidentSession,
)
from .anonymise import resident_actor
from .errors import DomainError
from .resident_access import hash_token, normalise_email

CONFIRM_HOURS = 24


def live_initiators(email: str) -> list[Initiator]:
    """The resident's initiators that still hold personal data, newest first."""
    return list(
        db.session.execute(
            select(Initiator)
            .join(Initiative)
            .where(Initiator.email == normalise_email(email), Initiator.anonymised_at.is_(None))
            .order_by(Initiative.submitted_at.desc(), Initiator.id.desc())
        ).scalars()
    )


def _audit(initiators: list[Initiator], *, actor: str, action: str, now: datetime) -> None:
    db.session.add_all(
        AuditEntry(
            created_at=now,
            actor=actor,
            action=action,
            object_type="initiator",
            object_id=str(initiator.id),
            initiative_id=initiator.initiative_id,
        )
        for initiator in initiators
    )


def change_contact(email: str, *, phone: str, preference: str, now: datetime) -> int:
    """Set phone and contact preference on all live initiatives; returns how many changed.

    Refused (DomainError) when the resident wants a call without a number, or
    letters while we have no address of theirs.
    """
    initiators = live_initiators(email)
    phone = " ".join(phone.split())
    if preference not in {p.value for p in ContactPreference}:
        raise DomainError(_l("Kies hoe wij contact met u opnemen."), "contact_preference")
    if preference == ContactPreference.PHONE and not phone:
        raise DomainError(_l("Vul uw telefoonnummer in, want u wilt gebeld worden."), "phone")
    if preference == ContactPreference.LETTER and not any(i.postal_address for i in initiators):
        raise DomainError(
            _l(
                "Wij hebben geen adres van u. Kies e-mail of telefoon, "
                "of bel ons om uw adres door te geven."
            ),
            "contact_preference",
        )
    changed = [i for i in initiators if (i.phone, i.contact_preference) != (phone, preference)]
    for initiator in changed:
        initiator.phone = phone
        initiator.contact_preference = preference
    _audit(changed, actor=resident_actor(email), action="details_changed", now=now)
    db.session.flush()
    return len(changed)


def check_new_address(old_email: str, new_email: str) -> str:
    """The new address, normalised; DomainError when invalid or the same as now."""
    try:
        checked = validate_email(new_email.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise DomainError(
            _l("Dit is geen goed e-mailadres. Schrijf het zoals naam@voorbeeld.nl."), "email"
        ) from error
    address = normalise_email(checked.normalized)
    if len(address) > 254:
        raise DomainError(_l("Dit e-mailadres is te lang."), "email")
    if address == normalise_email(old_email):
        raise DomainError(_l("Dit is al uw e-mailadres. Vul een ander adres in."), "email")
    return address


def request_email_change(old_email: str, new_email: str, now: datetime) -> EmailChange:
    """Start a change of address: a link to the new address, a notice to the old one.

    An earlier change that was not confirmed yet stops working: only the newest
    link counts. Nothing changes until the link is used.
    """
    old_email = normalise_email(old_email)
    address = check_new_address(old_email, new_email)
    initiators = live_initiators(old_email)
    if not initiators:
        raise DomainError(_l("Wij hebben geen gegevens meer van u."), "email")
    db.session.execute(
        update(EmailChange)
        .where(EmailChange.old_email == old_email, EmailChange.used_at.is_(None))
        .values(used_at=now)
    )
    raw = secrets.token_urlsafe(32)
    change = EmailChange(
        token_hash=hash_token(raw),
        old_email=old_email,
        new_email=address,
        created_at=now,
        expires_at=now + timedelta(hours=CONFIRM_HOURS),
    )
    db.session.add(change)
    db.session.flush()
    queue_email_change_mails(change, raw, initiators[0].initiative, now)
    return change


def find_usable_change(raw: str, now: datetime) -> EmailChange | None:
    """The change behind a link if it can still be confirmed; reading it changes nothing."""
    change = db.session.execute(
        select(EmailChange).where(EmailChange.token_hash == hash_token(raw))
    ).scalar_one_or_none()
    if change is None or change.used_at is not None or change.expires_at <= now:
        return None
    return change


def confirm_email_change(raw: str, now: datetime) -> EmailChange | None:
    """Use the link once: every live initiative, session and the audit move to the new address.

    The resident's sessions follow the address, so they stay logged in; unused
    login links of the old address stop working. The link is claimed with a
    conditional UPDATE, so two simultaneous confirmations cannot both run.
    Returns None when the link cannot be used (any more).
    """
    change = find_usable_change(raw, now)
    if change is None:
        return None
    claimed = db.session.execute(
        update(EmailChange)
        .where(EmailChange.id == change.id, EmailChange.used_at.is_(None))
        .values(used_at=now)
    )
    if claimed.rowcount != 1:
        return None
    initiators = live_initiators(change.old_email)
    for initiator in initiators:
        initiator.email = change.new_email
    db.session.execute(
        update(ResidentSession)
        .where(
            ResidentSession.email == change.old_email,
            ResidentSession.revoked_at.is_(None),
            ResidentSession.expires_at > now,
        )
        .values(email=change.new_email)
    )
    db.session.execute(
        update(LoginToken)
        .where(LoginToken.email == change.old_email, LoginToken.used_at.is_(None))
        .values(used_at=now)
    )
    _audit(initiators, actor=resident_actor(change.old_email), action="email_changed", now=now)
    db.session.flush()
    return change
