"""Vergelijking: teams or contact persons side by side, only where the numbers carry it.

An initiative counts for a group when it was open at some moment in the period
(submitted before its end, not closed before its start). Visit figures are those
of the visits that ended in the period, as per phase. Groups with fewer than
MIN_GROUP_SIZE initiatives are not compared, only named with their count.
"""

from datetime import date

from sqlalchemy import case, func, or_, select

from ...extensions import db
from ...models import Initiative, Team, User
from .figures import MIN_GROUP_SIZE, Comparison, Filters, GroupFigures, Share
from .scope import restrict
from .sql import day_after, day_start, rank_statistics
from .visits import has_promise, is_finished, promise_kept, visit_facts, within_norm


def open_in_period(filters: Filters):
    """The condition on Initiative: open at some moment of the period."""
    return (
        Initiative.submitted_at < day_after(filters.end),
        or_(Initiative.closed_at.is_(None), Initiative.closed_at >= day_start(filters.start)),
    )


def compare(group: str, filters: Filters, viewer: User, today: date) -> Comparison:
    """group is "team" or "contact"."""
    column = Initiative.team_id if group == "team" else Initiative.contact_id
    model = Team if group == "team" else User
    sizes = (
        restrict(
            select(column.label("group_id"), func.count().label("initiatives"))
            .where(*open_in_period(filters), column.is_not(None))
            .group_by(column),
            filters,
            viewer,
        )
    ).subquery()
    f = visit_facts(filters, viewer, today)
    key = f.c.team_id if group == "team" else f.c.contact_id
    done = is_finished(f, filters)
    promised = done & has_promise(f)
    visits = (
        select(
            key.label("group_id"),
            func.sum(case((promised, 1), else_=0)).label("promised"),
            func.sum(case((promised & within_norm(f), 1), else_=0)).label("within_norm"),
            func.sum(case((promised & promise_kept(f), 1), else_=0)).label("kept"),
        )
        .group_by(key)
        .subquery()
    )
    days = select(key.label("group_id"), f.c.net).where(done).subquery()
    stats = rank_statistics(days, "group_id", "net").subquery()
    query = (
        select(model.id, model.name, sizes.c.initiatives, visits, stats.c.median)
        .select_from(sizes)
        .join(model, model.id == sizes.c.group_id)
        .outerjoin(visits, visits.c.group_id == sizes.c.group_id)
        .outerjoin(stats, stats.c.group_key == sizes.c.group_id)
        .order_by(model.name, model.id)
    )
    compared, too_small = [], []
    for row in db.session.execute(query):
        if row.initiatives < MIN_GROUP_SIZE:
            too_small.append((row.name, row.initiatives))
            continue
        promised_total = int(row.promised or 0)
        compared.append(
            GroupFigures(
                group_id=row.id,
                name=row.name,
                initiatives=row.initiatives,
                median_days=None if row.median is None else float(row.median),
                within_norm=Share(int(row.within_norm or 0), promised_total),
                promise_kept=Share(int(row.kept or 0), promised_total),
            )
        )
    return Comparison(compared, too_small)
