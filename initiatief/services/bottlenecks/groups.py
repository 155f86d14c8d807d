"""Vergelijking: teams or contact persons side by side, only where the numbers carry it.

An initiative counts for a group when it was open at some moment in the period
(submitted before its end, not closed before its start). Visit figures are those
of the visits that ended in the period, as per phase. Groups with fewer than
MIN_GROUP_SIZE initiatives are not compared, only named with their count.
"""

from sqlalchemy import func, literal, or_, select, union_all

from ...extensions import db
from ...models import Initiative, Team, User
from .figures import MIN_GROUP_SIZE, Comparison, Filters, GroupFigures, Share
from .scope import restrict
from .sql import day_after, day_start
from .stats import VisitStats

MODELS = {"team": Team, "contact": User}


def open_in_period(filters: Filters):
    """The condition on Initiative: open at some moment of the period."""
    return (
        Initiative.submitted_at < day_after(filters.end),
        or_(Initiative.closed_at.is_(None), Initiative.closed_at >= day_start(filters.start)),
    )


def group_sizes(filters: Filters, viewer: User) -> dict[tuple[str, int], int]:
    """(team|contact, id) -> initiatives open in the period.

    One pass over the initiatives, counted per team and person together, then
    added up per team and per person.
    """
    pairs = restrict(
        select(Initiative.team_id, Initiative.contact_id, func.count().label("n"))
        .where(*open_in_period(filters))
        .group_by(Initiative.team_id, Initiative.contact_id),
        filters,
        viewer,
    ).cte("pairs")
    parts = [
        select(literal(group).label("dimension"), pairs.c[name], func.sum(pairs.c.n))
        .where(pairs.c[name].is_not(None))
        .group_by(pairs.c[name])
        for group, name in (("team", "team_id"), ("contact", "contact_id"))
    ]
    query = union_all(*parts)
    return {(dimension, key): int(n) for dimension, key, n in db.session.execute(query)}


def compare(
    group: str,
    filters: Filters,
    sizes: dict[tuple[str, int], int],
    stats: dict[tuple[str, int], VisitStats],
) -> Comparison:
    """group is "team" or "contact"; sizes and stats as computed for the same filters."""
    ids = [key for dimension, key in sizes if dimension == group]
    model = MODELS[group]
    names = db.session.execute(
        select(model.id, model.name).where(model.id.in_(ids)).order_by(model.name, model.id)
    ).all()
    compared, too_small = [], []
    for group_id, name in names:
        count = sizes[(group, group_id)]
        if count < MIN_GROUP_SIZE:
            too_small.append((name, count))
            continue
        s = stats.get((group, group_id))
        compared.append(
            GroupFigures(
                group_id=group_id,
                name=name,
                initiatives=count,
                median_days=s.median if s else None,
                within_norm=Share(s.within_norm, s.promised) if s else Share(0, 0),
                promise_kept=Share(s.kept, s.promised) if s else Share(0, 0),
            )
        )
    return Comparison(compared, too_small)
