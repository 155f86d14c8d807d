"""Per phase: what is in it now, and how the visits that ended in the period went."""

from datetime import date

from sqlalchemy import case, func, select

from ...extensions import db
from ...models import Actor, Journey, Phase, User
from .figures import Filters, PhaseFigures, Share
from .sql import rank_statistics
from .visits import (
    days_on,
    has_promise,
    is_finished,
    is_open,
    is_overdue,
    promise_kept,
    visit_facts,
    within_norm,
)


def _count(condition):
    return func.sum(case((condition, 1), else_=0))


def _average(condition, value):
    return func.avg(case((condition, value * 1.0)))


def phase_figures(filters: Filters, viewer: User, today: date) -> list[PhaseFigures]:
    """One row per phase of the chosen journeys, in journey and phase order."""
    f = visit_facts(filters, viewer, today)
    done = is_finished(f, filters)
    promised = done & has_promise(f)
    totals = (
        select(
            f.c.phase_id,
            _count(is_open(f)).label("active"),
            _count(is_overdue(f, today)).label("overdue"),
            _count(done).label("finished"),
            _average(done, f.c.paused).label("paused"),
            _count(promised).label("promised"),
            _count(promised & within_norm(f)).label("within_norm"),
            _count(promised & promise_kept(f)).label("kept"),
            _average(done, days_on(f, Actor.MUNICIPALITY)).label("municipality"),
            _average(done, days_on(f, Actor.INITIATOR) + f.c.paused_initiator).label("initiator"),
            _average(done, days_on(f, Actor.TOGETHER)).label("together"),
            _average(done, f.c.paused_third).label("third"),
        )
        .group_by(f.c.phase_id)
        .subquery()
    )
    finished_days = select(f.c.phase_id, f.c.net).where(done).subquery()
    stats = rank_statistics(finished_days, "phase_id", "net").subquery()
    query = (
        select(Phase, Journey.name, totals, stats.c.median, stats.c.p90)
        .join(Journey, Journey.id == Phase.journey_id)
        .outerjoin(totals, totals.c.phase_id == Phase.id)
        .outerjoin(stats, stats.c.group_key == Phase.id)
        .order_by(Journey.name, Journey.id, Phase.position)
    )
    if filters.journey_id is not None:
        query = query.where(Phase.journey_id == filters.journey_id)
    return [_figures(row) for row in db.session.execute(query)]


def _figures(row) -> PhaseFigures:
    phase: Phase = row.Phase
    return PhaseFigures(
        journey_id=phase.journey_id,
        journey_name=row.name,
        phase_id=phase.id,
        phase_name=phase.name,
        position=phase.position,
        active=row.active or 0,
        overdue=row.overdue or 0,
        finished=row.finished or 0,
        median_days=_float(row.median),
        p90_days=row.p90,
        paused_days=_float(row.paused),
        within_norm=Share(row.within_norm or 0, row.promised or 0),
        promise_kept=Share(row.kept or 0, row.promised or 0),
        municipality_days=_float(row.municipality),
        initiator_days=_float(row.initiator),
        together_days=_float(row.together),
        third_party_days=_float(row.third),
    )


def _float(value) -> float | None:
    return None if value is None else float(value)
