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
whole list, so the retention job can pass chunks of hundreds.
"""

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import bindparam, delete, select, update

from ..extensions import db
from ..models import (
    AuditEntry,
    CallbackRequest,
    DataRequest,
    EmailChange,
    Event,
    EventKind,
    Feedback,
    FlaggedAddress,
    Initiative,
    Initiator,
    LoginToken,
    MailStatus,
    OutboxMail,
    Pause,
    PhaseVisit,
    ResidentSession,
    Team,
    User,
)

REMOVED = "[verwijderd]"
REMOVED_TEXT = "Deze tekst van de initiatiefnemer is verwijderd, om de privacy te beschermen."
# Lower-case words that are parts of names but also ordinary words (tussenvoegsels).
NAME_PARTICLES = {"de", "den", "der", "van", "het", "ter", "ten", "te", "in", "op", "la", "le"}


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
    people = _live_initiators(wanted)
    ids = [person.initiative_id for person in people]
    _mark_without_personal_data(set(wanted) - set(ids))
    if not people:
        return 0
    scrubbers = {person.initiative_id: Scrubber.for_person(person) for person in people}
    addresses = {person.email for person in people if person.email}

    _empty_initiators(ids, now)
    _replace_resident_text(ids)
    _scrub_staff_text(scrubbers)
    _empty_mail(ids, scrubbers)
    gone = addresses - _still_live(addresses)
    _forget_addresses(gone, now)
    _record(people, now=now, cause=cause, actor=actor, note=note)
    db.session.flush()
    db.session.expire_all()
    return len(people)


@dataclass(frozen=True)
class Person:
    initiative_id: int
    name: str
    email: str
    phone: str
    postal_address: str
    co_initiators: str
    initiator_id: int = 0


def _live_initiators(ids: list[int]) -> list[Person]:
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


class Scrubber:
    """Takes one resident's name, e-mail address, phone number and address out of a text.

    Most texts mention none of it, so a cheap look for the words and digits comes
    first; the regular expression is compiled only for a text that needs it.
    """

    def __init__(self, literals: list[str], name_parts: list[str], phone: str) -> None:
        self.literals = literals
        self.name_parts = name_parts
        self.phone_digits = significant_digits(phone)
        self._pattern: re.Pattern | None = None

    @classmethod
    def for_person(cls, person: "Person") -> "Scrubber":
        literals = [
            value.strip()
            for value in (person.email, person.postal_address, person.name, person.co_initiators)
            if len(value.strip()) >= 3
        ]
        # Parts of a name on their own ("Beste Fatima,"), capitalised as names are.
        parts = [
            part
            for part in re.split(r"[\s,]+", person.name)
            if len(part) >= 3 and part.lower() not in NAME_PARTICLES and part[0].isupper()
        ]
        return cls(literals, parts, person.phone)

    def mentions(self, text: str) -> bool:
        lowered = text.lower()
        return (
            any(literal.lower() in lowered for literal in self.literals)
            or any(part in text for part in self.name_parts)
            or (bool(self.phone_digits) and self.phone_digits in re.sub(r"\D", "", text))
        )

    def pattern(self) -> re.Pattern:
        if self._pattern is None:
            # Longest first, so a full name goes before its parts.
            pieces = [(len(v), rf"(?i:{re.escape(v)})") for v in self.literals]
            pieces += [(len(v), rf"(?<!\w){re.escape(v)}(?!\w)") for v in self.name_parts]
            if self.phone_digits:
                pieces.append((len(self.phone_digits), phone_regex(self.phone_digits)))
            pieces.sort(key=lambda piece: piece[0], reverse=True)
            self._pattern = re.compile("|".join(regex for _, regex in pieces))
        return self._pattern

    def __call__(self, text: str | None) -> str:
        if not text or not self.mentions(text):
            return text or ""
        return self.pattern().sub(REMOVED, text)


def significant_digits(phone: str) -> str:
    """The digits that identify a number, without 0, +31 or 0031 in front; '' if too short."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 6:
        return ""
    if digits.startswith("0031"):
        return digits[4:]
    if digits.startswith("31") and phone.strip().startswith("+"):
        return digits[2:]
    return digits[1:] if digits.startswith("0") else digits


def phone_regex(digits: str) -> str:
    """The number however it is written: 06-1234 5678, 0612345678, +31 6 12345678."""
    spaced = r"[\s\-.()/]*".join(re.escape(digit) for digit in digits)
    return rf"(?:(?:\+|00)\s*31[\s\-.()/]*(?:\(0\)[\s\-.]*)?|0[\s\-.()/]*)?{spaced}"


def _empty_initiators(ids: list[int], now: datetime) -> None:
    db.session.execute(
        update(Initiator)
        .where(Initiator.initiative_id.in_(ids))
        .values(
            name="",
            email="",
            phone="",
            postal_address="",
            organisation="",
            co_initiators="",
            anonymised_at=now,
        )
        .execution_options(synchronize_session=False)
    )


def _replace_resident_text(ids: list[int]) -> None:
    """What the resident wrote becomes one fixed sentence; the rows themselves stay."""
    statements = [
        update(Initiative)
        .where(Initiative.id.in_(ids))
        .values(
            summary=REMOVED_TEXT, description=REMOVED_TEXT, location="", holds_personal_data=False
        ),
        update(Event)
        .where(Event.initiative_id.in_(ids), Event.kind == EventKind.REPLY, Event.body != "")
        .values(body=REMOVED_TEXT),
        update(CallbackRequest)
        .where(CallbackRequest.initiative_id.in_(ids))
        .values(phone="", preferred_moment=""),
        update(Feedback)
        .where(Feedback.initiative_id.in_(ids), Feedback.remark != "")
        .values(remark=REMOVED_TEXT),
    ]
    for statement in statements:
        db.session.execute(statement.execution_options(synchronize_session=False))


def _scrub_staff_text(scrubbers: dict[int, "Scrubber"]) -> None:
    """Staff text stays, without the resident's name, address or number in it."""
    ids = list(scrubbers)
    sources = [
        (Initiative, [Initiative.title, Initiative.outcome], Initiative.id),
        (Event, [Event.body], Event.initiative_id),
        (PhaseVisit, [PhaseVisit.delay_reason], PhaseVisit.initiative_id),
        (CallbackRequest, [CallbackRequest.note], CallbackRequest.initiative_id),
        (Feedback, [Feedback.follow_up_note], Feedback.initiative_id),
        (DataRequest, [DataRequest.answer], DataRequest.initiative_id),
    ]
    for model, columns, owner in sources:
        rows = db.session.execute(select(model.id, owner, *columns).where(owner.in_(ids)))
        _write_changed(model, columns, rows, scrubbers)
    pauses = db.session.execute(
        select(Pause.id, PhaseVisit.initiative_id, Pause.reason)
        .join(PhaseVisit, Pause.visit_id == PhaseVisit.id)
        .where(PhaseVisit.initiative_id.in_(ids))
    )
    _write_changed(Pause, [Pause.reason], pauses, scrubbers)


def _write_changed(model, columns, rows, scrubbers) -> None:
    """Write back only the rows whose text changed, in one executemany."""
    changes = []
    for row_id, owner_id, *values in rows:
        scrub = scrubbers[owner_id]
        pairs = list(zip(columns, values, strict=True))
        cleaned = {column.key: scrub(value) for column, value in pairs}
        if any(cleaned[column.key] != (value or "") for column, value in pairs):
            changes.append({"row_id": row_id, **cleaned})
    _update_by_id(model, changes)


def _update_by_id(model, changes: list[dict]) -> None:
    """Core executemany by primary key; the ORM's version counter is not involved."""
    if not changes:
        return
    table = model.__table__
    columns = [name for name in changes[0] if name != "row_id"]
    statement = (
        table.update()
        .where(table.c.id == bindparam("row_id"))
        .values({name: bindparam(name) for name in columns})
    )
    db.session.execute(statement, changes)


def _empty_mail(ids: list[int], scrubbers: dict[int, "Scrubber"]) -> None:
    """Mails about these initiatives lose address and body; those not yet sent are cancelled."""
    db.session.execute(
        update(OutboxMail)
        .where(
            OutboxMail.initiative_id.in_(ids),
            OutboxMail.status.in_([MailStatus.PENDING, MailStatus.SENDING]),
        )
        .values(status=MailStatus.CANCELLED, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    rows = db.session.execute(
        select(
            OutboxMail.id, OutboxMail.initiative_id, OutboxMail.subject, OutboxMail.last_error
        ).where(OutboxMail.initiative_id.in_(ids))
    )
    changes = [
        {
            "row_id": row_id,
            "to_address": "",
            "text_body": "",
            "html_body": "",
            "headers": "",
            "subject": scrubbers[owner](subject),
            "last_error": scrubbers[owner](last_error),
        }
        for row_id, owner, subject, last_error in rows
    ]
    _update_by_id(OutboxMail, changes)


def _still_live(addresses: set[str]) -> set[str]:
    """Those addresses that another, not anonymised initiative still uses."""
    if not addresses:
        return set()
    return set(
        db.session.scalars(
            select(Initiator.email).where(
                Initiator.email.in_(addresses), Initiator.anonymised_at.is_(None)
            )
        )
    )


def _forget_addresses(gone: set[str], now: datetime) -> None:
    """An address with no live initiative: its links, sessions and mails go.

    Login links and mails without an initiative (a login link, an address
    change) name the address; the sessions of that resident end, so a link or
    a logged-in device no longer opens anything.
    """
    if not gone:
        return
    for statement in (
        delete(LoginToken).where(LoginToken.email.in_(gone)),
        delete(ResidentSession).where(ResidentSession.email.in_(gone)),
        delete(EmailChange).where(
            EmailChange.old_email.in_(gone) | EmailChange.new_email.in_(gone)
        ),
        # Mails about an initiative were emptied with it (_empty_mail).
        update(OutboxMail)
        .where(
            OutboxMail.initiative_id.is_(None),
            OutboxMail.to_address.in_(gone),
            OutboxMail.status.in_([MailStatus.PENDING, MailStatus.SENDING]),
        )
        .values(status=MailStatus.CANCELLED, lease_until=None),
        update(OutboxMail)
        .where(OutboxMail.initiative_id.is_(None), OutboxMail.to_address.in_(gone))
        .values(to_address="", text_body="", html_body="", headers="", last_error=""),
    ):
        db.session.execute(statement.execution_options(synchronize_session=False))
    staff = set(db.session.scalars(select(User.email).where(User.email.in_(gone))))
    staff |= set(db.session.scalars(select(Team.email).where(Team.email.in_(gone))))
    flagged = gone - staff
    if flagged:
        db.session.execute(
            delete(FlaggedAddress)
            .where(FlaggedAddress.address.in_(flagged))
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
