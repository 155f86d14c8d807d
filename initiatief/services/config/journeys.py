"""Configuring journeys (klantreizen) and their phases: order, norms, texts, the default.

Editing a phase never touches the PhaseVisit rows of initiatives: their due
dates were computed and stored at entry, and are what residents were promised.
"""

import re
import unicodedata
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ...extensions import db
from ...models import Journey, NormUnit, Phase, PhaseVisit
from ..errors import DomainError


@dataclass
class PhaseData:
    """A phase as the beheerder filled it in, already checked by the form."""

    name: str
    expectation: str
    norm_days: int | None  # None: no fixed norm, agreed per initiative
    norm_unit: str
    actor: str
    resident_task: str
    mail_on_enter: bool
    checkin_after_days: int | None


def journeys() -> list[Journey]:
    """Every journey, the default first, then by name."""
    return list(
        db.session.execute(select(Journey).order_by(Journey.is_default.desc(), Journey.name))
        .scalars()
        .all()
    )


def phases_in_use(journey: Journey) -> set[int]:
    """Ids of this journey's phases that some initiative has visited (so cannot be deleted)."""
    return set(
        db.session.execute(
            select(PhaseVisit.phase_id)
            .join(Phase, Phase.id == PhaseVisit.phase_id)
            .where(Phase.journey_id == journey.id)
            .distinct()
        ).scalars()
    )


def _slug(name: str) -> str:
    """A unique, readable slug from the name, e.g. 'klein-initiatief' or 'klein-initiatief-2'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:50] or "klantreis"
    taken = set(
        db.session.execute(select(Journey.slug).where(Journey.slug.like(f"{base}%"))).scalars()
    )
    slug, counter = base, 1
    while slug in taken:
        counter += 1
        slug = f"{base}-{counter}"
    return slug


def _check_name(name: str, journey: Journey | None) -> str:
    name = name.strip()
    same = select(Journey.id).where(func.lower(Journey.name) == name.lower())
    if journey is not None and journey.id is not None:
        same = same.where(Journey.id != journey.id)
    if db.session.execute(same).first() is not None:
        raise DomainError(_l("Er is al een klantreis met deze naam. Kies een andere naam."), "name")
    return name


def create_journey(name: str, description: str) -> Journey:
    """A new, empty journey; it can become the default once it has phases."""
    journey = Journey(
        name=_check_name(name, None),
        slug=_slug(name),
        description=description.strip(),
        is_default=False,
    )
    db.session.add(journey)
    db.session.flush()
    return journey


def update_journey(journey: Journey, name: str, description: str, is_default: bool) -> None:
    """Change name, description and whether new intakes start in this journey.

    There is always exactly one default: choosing this one switches the others off,
    and the default cannot simply be switched off (choose another one instead).
    """
    journey.name = _check_name(name, journey)
    journey.description = description.strip()
    if is_default and not journey.is_default:
        if not journey.phases:
            raise DomainError(
                _l("Een klantreis zonder fasen kan niet de standaard zijn. Voeg eerst fasen toe."),
                "is_default",
            )
        others = select(Journey).where(Journey.is_default.is_(True))
        for other in db.session.execute(others).scalars().all():
            other.is_default = False
        db.session.flush()
        journey.is_default = True
    elif not is_default and journey.is_default:
        raise DomainError(
            _l(
                "Er moet altijd één standaardklantreis zijn. Maak een andere klantreis de "
                "standaard; dan gaat het vinkje hier vanzelf uit."
            ),
            "is_default",
        )
    db.session.flush()


def _apply(phase: Phase, data: PhaseData) -> None:
    phase.name = data.name.strip()
    phase.expectation = data.expectation.strip()
    phase.norm_days = data.norm_days
    phase.norm_unit = data.norm_unit if data.norm_days is not None else NormUnit.WORKING_DAYS
    phase.actor = data.actor
    phase.resident_task = data.resident_task.strip()
    phase.mail_on_enter = data.mail_on_enter
    phase.checkin_after_days = data.checkin_after_days


def add_phase(journey: Journey, data: PhaseData) -> Phase:
    """A new phase at the end of the journey."""
    last = db.session.execute(
        select(func.max(Phase.position)).where(Phase.journey_id == journey.id)
    ).scalar()
    phase = Phase(journey=journey, position=(last or 0) + 1)
    _apply(phase, data)
    db.session.add(phase)
    db.session.flush()
    return phase


def update_phase(phase: Phase, data: PhaseData) -> None:
    """New texts and norm for the phase; only dates computed from now on use the new norm."""
    _apply(phase, data)
    db.session.flush()


def move_phase(phase: Phase, direction: int) -> bool:
    """Swap the phase with its neighbour (-1: up, +1: down); False at either end.

    UniqueConstraint(journey_id, position) holds after every flush, so the swap
    goes through a temporary position no phase ever has (below zero).
    """
    siblings = list(
        db.session.execute(
            select(Phase).where(Phase.journey_id == phase.journey_id).order_by(Phase.position)
        ).scalars()
    )
    index = siblings.index(phase)
    target = index + direction
    if direction not in (-1, 1) or not 0 <= target < len(siblings):
        return False
    other = siblings[target]
    mine, theirs = phase.position, other.position
    phase.position = -1
    db.session.flush()
    other.position = mine
    db.session.flush()
    phase.position = theirs
    db.session.flush()
    db.session.expire(phase.journey, ["phases"])
    return True


def delete_phase(phase: Phase) -> None:
    """Delete a phase nobody has been in; the phases after it move up one place.

    A phase with visits is history of real initiatives and stays. The default
    journey keeps at least one phase, or new intakes could not start.
    """
    used = db.session.execute(
        select(PhaseVisit.id).where(PhaseVisit.phase_id == phase.id).limit(1)
    ).first()
    if used is not None:
        raise DomainError(
            _l(
                "U kunt deze fase niet verwijderen: er zijn initiatieven die in deze fase zijn "
                "geweest. Pas de fase liever aan."
            )
        )
    journey = phase.journey
    if journey.is_default and len(journey.phases) == 1:
        raise DomainError(
            _l("De standaardklantreis moet minstens één fase hebben. Voeg eerst een andere toe.")
        )
    position = phase.position
    journey.phases.remove(phase)
    db.session.delete(phase)
    db.session.flush()
    later = db.session.execute(
        select(Phase)
        .where(Phase.journey_id == journey.id, Phase.position > position)
        .order_by(Phase.position)
    ).scalars()
    # Ascending, one at a time: each phase moves into the place just freed.
    for following in later.all():
        following.position -= 1
        db.session.flush()
    db.session.expire(journey, ["phases"])
