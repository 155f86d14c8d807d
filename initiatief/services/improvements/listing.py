"""Finding verbeteracties: need-to-know first, then the filters, a page at a time.

A medewerker sees the actions for the whole municipality (no team), for their
own teams, and those they own; coördinatoren and beheerders see all of them.
"""

from dataclasses import dataclass

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import ImprovementAction, Phase, User, team_members
from ..paging import Page, paginate
from ..scoping import sees_everything


@dataclass(frozen=True)
class ActionFilters:
    status: str | None = None
    journey_id: int | None = None
    phase_id: int | None = None
    team_id: int | None = None
    owner_id: int | None = None


def visible(query: Select, viewer: User) -> Select:
    """Limit a query on ImprovementAction to what the viewer may see."""
    if sees_everything(viewer):
        return query
    a = ImprovementAction
    own_teams = select(team_members.c.team_id).where(team_members.c.user_id == viewer.id)
    return query.where(or_(a.team_id.is_(None), a.team_id.in_(own_teams), a.owner_id == viewer.id))


def visible_action(viewer: User, action_id: int) -> ImprovementAction | None:
    """The action with this id if the viewer may see it; None otherwise."""
    query = visible(select(ImprovementAction).where(ImprovementAction.id == action_id), viewer)
    return db.session.execute(query).scalar_one_or_none()


def list_actions(filters: ActionFilters, viewer: User, page: int) -> Page:
    """One page of the actions, newest start first (ideas, without a start, on top)."""
    a = ImprovementAction
    query = (
        select(a)
        .join(Phase, Phase.id == a.phase_id)
        .options(
            selectinload(a.phase).selectinload(Phase.journey),
            selectinload(a.team),
            selectinload(a.owner),
        )
    )
    for column, value in (
        (a.status, filters.status),
        (Phase.journey_id, filters.journey_id),
        (a.phase_id, filters.phase_id),
        (a.team_id, filters.team_id),
        (a.owner_id, filters.owner_id),
    ):
        if value is not None:
            query = query.where(column == value)
    query = visible(query, viewer).order_by(
        a.starts_on.is_(None).desc(), a.starts_on.desc(), a.id.desc()
    )
    return paginate(query, page)
