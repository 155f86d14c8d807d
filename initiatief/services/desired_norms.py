"""The gewenste klantreis: the norm a coördinator wants per phase, next to the promised one.

A desired norm is a goal, never a promise: residents do not see it and no due
date uses it. Setting one for a journey is one change for all its phases; a
phase whose desired norm someone else changed since the form was shown is
refused (EditConflict), so nobody overwrites a goal they never saw.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import DesiredNorm, Phase, User
from ..models.improvement import DESIRED_DAYS_MAX
from .errors import DomainError, EditConflict


def field_name(phase_id: int) -> str:
    """The form field of a phase's desired norm (the refusal names it)."""
    return f"fase_{phase_id}"


def current_norms(journey_id: int) -> dict[int, int | None]:
    """phase id -> desired days (None: not set), for every phase of the journey."""
    rows = db.session.execute(
        select(Phase.id, DesiredNorm.days)
        .outerjoin(DesiredNorm, DesiredNorm.phase_id == Phase.id)
        .where(Phase.journey_id == journey_id)
    )
    return dict(rows.all())


def set_desired_norms(
    journey_id: int,
    wanted: dict[int, int | None],
    seen: dict[int, int | None],
    actor: User,
    now: datetime,
) -> int:
    """Set (or with None remove) the desired norm of each phase in wanted; returns how many changed.

    seen is what the form showed for each phase. When a phase's norm is no
    longer what was seen and this change would differ from it, nothing is saved.
    The journey's phases are locked first (PostgreSQL), so two coördinatoren saving
    at once are taken one after the other and the second sees the first's norms.
    """
    names = dict(
        db.session.execute(
            select(Phase.id, Phase.name).where(Phase.journey_id == journey_id).with_for_update()
        ).all()
    )
    stored = {
        norm.phase_id: norm
        for norm in db.session.scalars(
            select(DesiredNorm)
            .join(Phase, Phase.id == DesiredNorm.phase_id)
            .where(Phase.journey_id == journey_id)
        )
    }
    changed = 0
    for phase_id, days in wanted.items():
        if phase_id not in names:
            raise DomainError(_l("Deze fase hoort niet bij deze klantreis."))
        if days is not None and not 1 <= days <= DESIRED_DAYS_MAX:
            raise DomainError(
                _l("Vul een aantal dagen in van 1 tot en met 999."), field_name(phase_id)
            )
        norm = stored.get(phase_id)
        current = norm.days if norm else None
        if current == days:
            continue
        if seen.get(phase_id) != current:
            raise EditConflict(
                _l(
                    "%(phase)s: iemand anders heeft de gewenste norm net veranderd. "
                    "Er is niets opgeslagen. Bekijk de norm die nu geldt en kies opnieuw.",
                    phase=names[phase_id],
                ),
                field_name(phase_id),
            )
        changed += 1
        if days is None:
            db.session.delete(norm)
        elif norm is None:
            db.session.add(DesiredNorm(phase_id=phase_id, days=days, set_by=actor, set_at=now))
        else:
            norm.days, norm.set_by, norm.set_at = days, actor, now
    return changed
