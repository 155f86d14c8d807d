"""Per phase: what is in it now, and how the visits that ended in the period went."""

from datetime import date

from sqlalchemy import case, func, select

from ...extensions import db
from ...models import Actor, Journey, Phase, User
from .figures import Filters, PhaseFigures, Share
from .stats import VisitStats
from .visits import is_late, is_overdue, open_visits

NO_VISITS = VisitStats(0, 0, 0, 0, 0, 0, 0, 0, None, None)


def open_counts(filters: Filters, viewer: User, today: date) -> dict[int, tuple[int, int, int]]:
    """phase id -> (open visits now, of which overdue, of which past twice the norm)."""
    v = open_visits(filters, viewer, today)
    query = select(
        v.c.phase_id,
        func.count(),
        func.sum(case((is_overdue(v, today), 1), else_=0)),
        func.sum(case((is_late(v), 1), else_=0)),
    ).group_by(v.c.phase_id)
    return {
        phase_id: (active, int(overdue or 0), int(late or 0))
        for phase_id, active, overdue, late in db.session.execute(query)
    }


def phase_figures(
    filters: Filters,
    now: dict[int, tuple[int, int, int]],
    stats: dict[tuple[str, int], VisitStats],
) -> list[PhaseFigures]:
    """One row per phase of the chosen journeys, in journey and phase order.

    now comes from open_counts, stats from stats.ended_statistics, for the same filters.
    """
    query = (
        select(Phase, Journey.name)
        .join(Journey, Journey.id == Phase.journey_id)
        .order_by(Journey.name, Journey.id, Phase.position)
    )
    if filters.journey_id is not None:
        query = query.where(Phase.journey_id == filters.journey_id)
    rows = []
    for phase, journey_name in db.session.execute(query):
        s = stats.get(("phase", phase.id), NO_VISITS)
        active, overdue, _ = now.get(phase.id, (0, 0, 0))
        net = s.average(s.net_days)

        def on(actor: Actor, net=net, phase=phase) -> float | None:
            return None if net is None else (net if phase.actor == actor else 0.0)

        initiator = on(Actor.INITIATOR)
        rows.append(
            PhaseFigures(
                journey_id=phase.journey_id,
                journey_name=journey_name,
                phase_id=phase.id,
                phase_name=phase.name,
                position=phase.position,
                active=active,
                overdue=overdue,
                finished=s.finished,
                median_days=s.median,
                p90_days=s.p90,
                paused_days=s.average(s.paused),
                within_norm=Share(s.within_norm, s.promised),
                promise_kept=Share(s.kept, s.promised),
                municipality_days=on(Actor.MUNICIPALITY),
                initiator_days=None
                if initiator is None
                else initiator + s.average(s.paused_initiator),
                together_days=on(Actor.TOGETHER),
                third_party_days=s.average(s.paused_third),
            )
        )
    return rows
