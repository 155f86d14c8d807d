"""Routing an intake to a team by wijk, and choosing its contact person."""

from datetime import datetime

from sqlalchemy import func, select

from ..extensions import db
from ..models import Event, EventKind, Initiative, Status, Team, User, Wijk, team_members


def route_team(wijk: Wijk | None) -> Team | None:
    """The team covering the wijk; when unknown, the team that takes unrouted intakes."""
    if wijk is not None and wijk.team is not None:
        return wijk.team
    return db.session.execute(
        select(Team).where(Team.takes_unrouted.is_(True)).order_by(Team.id).limit(1)
    ).scalar_one_or_none()


def least_busy_member(team: Team) -> User | None:
    """The active team member who is contact for the fewest open initiatives.

    Ties go to the lowest id, so routing is predictable and testable.
    """
    members = select(team_members.c.user_id).where(team_members.c.team_id == team.id)
    # Counted for this team's members only, not for every open initiative in the city.
    workload = (
        select(Initiative.contact_id, func.count().label("open"))
        .where(
            Initiative.status.in_([Status.ACTIVE, Status.PAUSED]),
            Initiative.contact_id.in_(members),
        )
        .group_by(Initiative.contact_id)
        .subquery()
    )
    return db.session.execute(
        select(User)
        .join(team_members, team_members.c.user_id == User.id)
        .outerjoin(workload, workload.c.contact_id == User.id)
        .where(team_members.c.team_id == team.id, User.active.is_(True))
        .order_by(func.coalesce(workload.c.open, 0), User.id)
        .limit(1)
    ).scalar_one_or_none()


def assign_provisionally(initiative: Initiative, now: datetime) -> None:
    """Give a fresh intake its team and a provisional contact person; records an Event."""
    team = route_team(initiative.wijk)
    contact = least_busy_member(team) if team is not None else None
    initiative.team = team
    initiative.contact = contact
    db.session.add(
        Event(
            initiative=initiative,
            kind=EventKind.ASSIGNED,
            created_at=now,
            data={
                "provisional": True,
                "team_id": team.id if team else None,
                "contact_id": contact.id if contact else None,
            },
        )
    )
