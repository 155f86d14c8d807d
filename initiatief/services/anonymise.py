"""Removing a resident's personal data from initiatives, while their history stays countable.

One function for every reason: the retention job, the resident's own request and
a coördinator acting on a request. What goes: every personal field of the
initiator, the text the resident wrote (replaced by a fixed sentence, so the
history keeps its length), call-back numbers, the addresses and bodies of mails
to them, and, once the address has no live initiative left, their login links,
sessions, address changes and a flag on the address. Staff-written text stays,
with the resident's name, address and phone number taken out of it. What stays:
number, title, theme, wijk, phases, dates, pauses, norms, outcome and scores, so
the dashboard's figures do not change.

It works set-wise on a list of initiatives, a few statements per table for the
whole list, so the retention job can pass chunks of hundreds. Those statements
are in anonymise_tables.py; taking the resident out of staff text in scrubber.py.
"""

import hashlib
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select, update

from ..extensions import db
from ..models import AuditEntry, Event, EventKind, Initiative, Initiator, User
from .anonymise_tables import (
    empty_initiators,
    empty_mail,
    forget_addresses,
    replace_resident_text,
    scrub_staff_text,
    still_live,
)
from .event_html import stored_html
from .scrubber import Person, Scrubber


class Cause(StrEnum):
    RETENTION = "bewaartermijn"
    RESIDENT = "op verzoek van de initiatiefnemer"
    STAFF = "op verzoek, door een medewerker"


def anonymise(
    initiative_ids: Iterable[int],
    *,
    now: datetime,
    cause: Cause,
    actor: User | None = None,
    note: str = "",
) -> int:
    """Anonymise the initiators of these initiatives; returns how many it changed.

    Initiatives whose initiator is already anonymised are skipped, so running it
    twice changes nothing the second time. Flushes, never commits; objects the
    session holds are expired, as the work is done in bulk statements.
    """
    db.session.flush()
    wanted = list(initiative_ids)
    people = live_initiators(wanted)
    ids = [person.initiative_id for person in people]
    _mark_without_personal_data(set(wanted) - set(ids))
    if not people:
        return 0
    scrubbers = {person.initiative_id: Scrubber.for_person(person) for person in people}
    addresses = {person.email for person in people if person.email}

    empty_initiators(ids, now)
    replace_resident_text(ids)
    scrub_staff_text(scrubbers)
    empty_mail(ids, scrubbers)
    gone = addresses - still_live(addresses)
    forget_addresses(gone, now)
    _record(people, now=now, cause=cause, actor=actor, note=note)
    db.session.flush()
    db.session.expire_all()
    return len(people)


def live_initiators(ids: list[int]) -> list[Person]:
    """The personal data of the initiatives' initiators not yet anonymised, by initiative."""
    if not ids:
        return []
    rows = db.session.execute(
        select(
            Initiator.initiative_id,
            Initiator.name,
            Initiator.email,
            Initiator.phone,
            Initiator.postal_address,
            Initiator.co_initiators,
            Initiator.id,
        )
        .where(Initiator.initiative_id.in_(ids), Initiator.anonymised_at.is_(None))
        .order_by(Initiator.initiative_id)
    )
    return [Person(*row) for row in rows]


def _mark_without_personal_data(ids: set[int]) -> None:
    """Initiatives with nothing (left) to anonymise leave the retention job's index."""
    if ids:
        db.session.execute(
            update(Initiative)
            .where(Initiative.id.in_(ids), Initiative.holds_personal_data.is_(True))
            .values(holds_personal_data=False)
            .execution_options(synchronize_session=False)
        )


def event_text(cause: Cause) -> str:
    return f"Gegevens van de initiatiefnemer verwijderd ({cause.value})"


def resident_actor(email: str) -> str:
    """How the audit trail names a resident: a hash of the address, never the address."""
    return "resident:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:40]


def _record(people: list[Person], *, now, cause: Cause, actor: User | None, note: str) -> None:
    body = event_text(cause) + (f": {note.strip()}" if note.strip() else "")
    actor_id = actor.id if actor is not None else None
    db.session.execute(
        Event.__table__.insert(),
        [
            {
                "initiative_id": person.initiative_id,
                "kind": EventKind.ANONYMISED.value,
                "created_at": now,
                "actor_id": actor_id,
                "public": False,
                "body": body,
                "data": {"cause": cause.name.lower()},
                **stored_html(EventKind.ANONYMISED, body),
            }
            for person in people
        ],
    )
    db.session.execute(
        AuditEntry.__table__.insert(),
        [
            {
                "created_at": now,
                "actor": _audit_actor(cause, actor, person),
                "action": "anonymise",
                "object_type": "initiator",
                "object_id": str(person.initiator_id),
                "result": "ok",
                "origin": cause.name.lower(),
                "reason": note.strip(),
                "initiative_id": person.initiative_id,
            }
            for person in people
        ],
    )


def _audit_actor(cause: Cause, actor: User | None, person: Person) -> str:
    if actor is not None:
        return f"user:{actor.id}"
    if cause is Cause.RESIDENT:
        return resident_actor(person.email)
    return "system:retention"
