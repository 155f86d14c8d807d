"""Taking in a new initiative: number, routing, first phase, history and the receipt mail."""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..choices import SUPPORT_KINDS, THEMES  # noqa: F401  (re-exported for forms and demo)
from ..dates.planning import WorkCalendar
from ..extensions import db
from ..mail.composers import queue_receipt
from ..models import (
    Event,
    EventKind,
    Initiative,
    Initiator,
    Journey,
    NumberSequence,
    User,
    Wijk,
)
from ..models.types import local
from .assignment import assign_provisionally
from .config_cache import current_config
from .visits import enter_phase


@dataclass
class IntakeData:
    """What the resident filled in, already validated by the form."""

    title: str
    summary: str
    description: str
    theme: str
    wijk_id: int | None
    location: str
    support: list[str]
    amount_euros: int | None
    wished_start: date | None
    name: str
    email: str
    phone: str
    contact_preference: str
    postal_address: str = ""
    organisation: str = ""
    co_initiators: str = ""
    extra: dict = field(default_factory=dict)


class NoJourneyConfigured(RuntimeError):
    """There is no default journey: a beheerder must configure one first."""


def next_number(year: int) -> str:
    """The next public number for the year, e.g. INI-2026-0042.

    The counter row is raised with one UPDATE that returns the new value, so
    concurrent intakes on PostgreSQL queue on the row lock instead of handing
    out the same number. The year's first intakes may race to create the row:
    the loser's insert fails inside a savepoint, and it raises the winner's row.
    """
    last = _raise_counter(year)
    if last is None:
        try:
            with db.session.begin_nested():
                db.session.add(NumberSequence(year=year, last=1))
            last = 1
        except IntegrityError:
            last = _raise_counter(year)
    return f"INI-{year}-{last:04d}"


def _raise_counter(year: int) -> int | None:
    """Add one to the year's counter and return it; None when the year has no counter yet."""
    return db.session.execute(
        update(NumberSequence)
        .where(NumberSequence.year == year)
        .values(last=NumberSequence.last + 1)
        .returning(NumberSequence.last)
    ).scalar_one_or_none()


def default_journey() -> Journey:
    # With its phases in the same statement: the first one is entered at once.
    journey = (
        db.session.execute(
            select(Journey)
            .where(Journey.is_default.is_(True))
            .order_by(Journey.id)
            .limit(1)
            .options(joinedload(Journey.phases))
        )
        .unique()
        .scalar_one_or_none()
    )
    if journey is None or not journey.phases:
        raise NoJourneyConfigured("no default journey with phases")
    return journey


def submit_initiative(
    data: IntakeData,
    now: datetime,
    entered_by: User | None = None,
    *,
    language: str = "nl",
    calendar: WorkCalendar | None = None,
) -> Initiative:
    """Create the initiative with its initiator, route it, start phase one, queue the receipt.

    language is the one the resident reads pages and mails in (i18n.SUPPORTED):
    the page's language at the intake, or what staff chose at an assisted one.
    calendar: the working days, when the caller read the config already.

    A resident without an e-mail address (taken by phone or at the desk) gets no
    receipt mail; staff print the letter version instead.

    Adds and flushes only; the caller commits, so the receipt mail exists exactly
    when the initiative does.
    """
    journey = default_journey()
    wijk = db.session.get(Wijk, data.wijk_id) if data.wijk_id else None
    initiative = Initiative(
        number=next_number(local(now).year),
        title=data.title,
        summary=data.summary,
        description=data.description,
        theme=data.theme,
        wijk=wijk,
        location=data.location,
        support=list(data.support),
        amount_euros=data.amount_euros if "geld" in data.support else None,
        wished_start=data.wished_start,
        journey=journey,
        submitted_at=now,
        # No visits yet: the collection starts loaded, so the receipt's timeline reads
        # the first visit from it instead of querying for what this function just added.
        visits=[],
    )
    initiative.initiator = Initiator(
        name=data.name,
        email=data.email.strip().lower(),
        phone=data.phone,
        contact_preference=data.contact_preference,
        postal_address=data.postal_address,
        organisation=data.organisation,
        co_initiators=data.co_initiators,
        consent_at=now,
        language=language,
    )
    db.session.add(initiative)
    # Taken by phone or at the desk: the history says who typed it in for the resident.
    channel = {"entered_by": entered_by.id, "channel": "medewerker"} if entered_by else {}
    db.session.add(
        Event(
            initiative=initiative,
            kind=EventKind.SUBMITTED,
            created_at=now,
            actor=entered_by,
            data=channel,
        )
    )
    # Routing reads the teams without flushing the new rows first, so the initiative is
    # inserted once with its team and contact instead of inserted and then updated.
    with db.session.no_autoflush:
        assign_provisionally(initiative, now)
    calendar = calendar or current_config().calendar
    enter_phase(initiative, journey.phases[0], now, calendar)
    if initiative.initiator.email:
        queue_receipt(initiative, now, calendar)
    return initiative
