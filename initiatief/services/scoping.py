"""Need-to-know for staff, in one place: which initiatives a staff member may see."""

from sqlalchemy import Select, or_, select

from ..extensions import db
from ..models import Initiative, Role, User, team_members


def sees_everything(user: User) -> bool:
    return user.role in (Role.COORDINATOR, Role.BEHEERDER)


def scope(query: Select, user: User) -> Select:
    """Limit a query on Initiative to what the user may see.

    A medewerker sees the initiatives of their own teams and those where they are
    the contact person; coördinatoren and beheerders see all.
    """
    return scope_by(query, user, Initiative.team_id, Initiative.contact_id)


def scope_by(query: Select, user: User, team_column, contact_column) -> Select:
    """scope() on any row that names a team and a contact person (e.g. a visit outcome)."""
    if sees_everything(user):
        return query
    own_teams = select(team_members.c.team_id).where(team_members.c.user_id == user.id)
    return query.where(or_(team_column.in_(own_teams), contact_column == user.id))


def visible_initiative(user: User, number: str) -> Initiative | None:
    """The initiative with this number if the user may see it; None otherwise."""
    return db.session.execute(
        scope(select(Initiative).where(Initiative.number == number), user)
    ).scalar_one_or_none()
