"""Residents' ideas: the remarks with their evaluation, as a coördinator may turn them into actions.

A remark is the resident's own words and may hold personal data: the views
audit every one they show. Scoped like the dashboard: a medewerker sees the
remarks of their own teams' initiatives and of those they are the contact for.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, select

from ...extensions import db
from ...models import Feedback, ImprovementAction, Initiative, User
from ..bottlenecks.sql import day_after, day_start
from ..paging import Page, paginate
from ..scoping import scope


@dataclass(frozen=True)
class Idea:
    feedback_id: int
    number: str
    given_at: datetime
    verdict: int  # 1 ontevreden, 2 neutraal, 3 tevreden
    remark: str
    has_action: bool  # an action already came from it


def _remarks():
    taken = exists().where(ImprovementAction.feedback_id == Feedback.id)
    return (
        select(
            Feedback.id,
            Initiative.number,
            Feedback.created_at,
            Feedback.verdict,
            Feedback.remark,
            taken.label("has_action"),
        )
        .select_from(Feedback)
        .join(Initiative, Initiative.id == Feedback.initiative_id)
        .where(Feedback.remark != "")
    )


def resident_ideas(start: date, end: date, viewer: User, page: int) -> Page:
    """One page of the remarks given from start to end (Amsterdam dates), newest first."""
    query = scope(_remarks(), viewer).where(
        Feedback.created_at >= day_start(start), Feedback.created_at < day_after(end)
    )
    found = paginate(query.order_by(Feedback.created_at.desc(), Feedback.id.desc()), page)
    rows = [Idea(*row[:5], has_action=bool(row.has_action)) for row in found.rows]
    return Page(rows=rows, total=found.total, page=found.page, pages=found.pages)


def visible_remark(feedback_id: int, viewer: User) -> Idea | None:
    """One remark, when there is one and the viewer may see its initiative."""
    row = db.session.execute(scope(_remarks(), viewer).where(Feedback.id == feedback_id)).first()
    return None if row is None else Idea(*row[:5], has_action=bool(row.has_action))
