"""Which initiatives a dashboard figure counts: need-to-know first, then the filters."""

from sqlalchemy import Select

from ...models import Initiative, User, VisitOutcome
from ..scoping import scope, scope_by, sees_everything
from .figures import Filters


def restrict(query: Select, filters: Filters, viewer: User) -> Select:
    """Limit a query that has Initiative in its FROM to what the viewer may see and chose.

    The period is not applied here: each figure says itself which moment has to
    fall in the period (entering, leaving, submitting, closing).
    """
    query = scope(query, viewer)
    if filters.journey_id is not None:
        query = query.where(Initiative.journey_id == filters.journey_id)
    if filters.wijk_id is not None:
        query = query.where(Initiative.wijk_id == filters.wijk_id)
    if filters.team_id is not None:
        query = query.where(Initiative.team_id == filters.team_id)
    if filters.contact_id is not None:
        query = query.where(Initiative.contact_id == filters.contact_id)
    if filters.theme is not None:
        query = query.where(Initiative.theme == filters.theme)
    return query


def restrict_outcomes(query: Select, filters: Filters, viewer: User) -> Select:
    """restrict() for visit outcomes, on the team, contact, wijk and theme they ended with."""
    o = VisitOutcome
    query = scope_by(query, viewer, o.team_id, o.contact_id)
    for column, value in (
        (o.journey_id, filters.journey_id),
        (o.wijk_id, filters.wijk_id),
        (o.team_id, filters.team_id),
        (o.contact_id, filters.contact_id),
        (o.theme, filters.theme),
    ):
        if value is not None:
            query = query.where(column == value)
    return query


def narrowed(filters: Filters) -> bool:
    """True when any filter on initiatives is set (so mail without an initiative is out)."""
    return any(
        value is not None
        for value in (
            filters.journey_id,
            filters.wijk_id,
            filters.team_id,
            filters.contact_id,
            filters.theme,
        )
    )


def needs_initiative(filters: Filters, viewer: User) -> bool:
    """Whether restrict() would add anything: otherwise a query may skip the join."""
    return narrowed(filters) or not sees_everything(viewer)
