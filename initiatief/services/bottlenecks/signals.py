"""Signalering: what needs someone's attention now, oldest first.

Each list holds at most LIMIT rows; the count says how many there are in all,
and the list behind it (drilldown) shows every one.
"""

from datetime import date

from sqlalchemy import func, select

from ...extensions import db
from ...models import CallbackRequest, Feedback, Initiative, OutboxMail, User
from ...models.mail import MailStatus
from ..scoping import sees_everything
from .figures import FailedMail, Filters, LateInitiative, OpenCallback, UnhappyVerdict
from .scope import narrowed, needs_initiative, restrict
from .sql import calendar_alias, day_after, day_start, local_date, today_literal
from .visits import is_late, open_visits, spent_in_norm_unit

LIMIT = 25
UNHAPPY = 1


def _counted(query, model, conditions, filters: Filters, viewer: User) -> tuple[list, int]:
    """The first LIMIT rows of query, and how many rows of model meet the conditions.

    The count joins the initiative only when scope or filters need it.
    """
    count = select(func.count()).select_from(model).where(*conditions)
    if needs_initiative(filters, viewer):
        count = restrict(
            count.join(Initiative, Initiative.id == model.initiative_id), filters, viewer
        )
    total = db.session.execute(count).scalar_one()
    return list(db.session.execute(query.where(*conditions).limit(LIMIT))), total


def late_initiatives(filters: Filters, viewer: User, today: date) -> list[LateInitiative]:
    """The oldest LIMIT open visits past twice their norm (phases.open_counts counts them).

    The phase name comes from the open visits themselves: joining phases a second
    time made PostgreSQL compare every open visit with every phase.
    """
    v = open_visits(filters, viewer, today)
    query = (
        select(
            Initiative.number,
            Initiative.title,
            v.c.phase_name,
            v.c.entered_on,
            spent_in_norm_unit(v).label("spent"),
            v.c.norm_days,
            v.c.norm_unit,
            User.name.label("contact"),
        )
        .select_from(v)
        .join(Initiative, Initiative.id == v.c.initiative_id)
        .outerjoin(User, User.id == Initiative.contact_id)
        .where(is_late(v))
        .order_by(v.c.entered_at, v.c.initiative_id)
    )
    return [
        LateInitiative(
            r.number,
            r.title,
            r.phase_name,
            r.entered_on,
            r.spent,
            r.norm_days,
            r.norm_unit,
            r.contact,
        )
        for r in db.session.execute(query.limit(LIMIT))
    ]


def open_callbacks(filters: Filters, viewer: User, today: date):
    asked, now = calendar_alias(), calendar_alias()
    query = restrict(
        select(
            Initiative.number,
            Initiative.title,
            CallbackRequest.created_at,
            (now.working_index - asked.working_index).label("days"),
            User.name.label("contact"),
        )
        .select_from(CallbackRequest)
        .join(Initiative, Initiative.id == CallbackRequest.initiative_id)
        .join(asked, asked.day == local_date(CallbackRequest.created_at))
        .join(now, now.day == today_literal(today))
        .outerjoin(User, User.id == Initiative.contact_id)
        .order_by(CallbackRequest.created_at, CallbackRequest.id),
        filters,
        viewer,
    )
    waiting = [CallbackRequest.handled_at.is_(None)]
    rows, total = _counted(query, CallbackRequest, waiting, filters, viewer)
    return [OpenCallback(r.number, r.title, r.created_at, r.days, r.contact) for r in rows], total


def failed_mails(filters: Filters, viewer: User):
    """Mail that failed for good, queued in the period.

    Mail without an initiative (staff overviews) only for those who see everything,
    and only when no filter on initiatives is set.
    """
    failed = [
        OutboxMail.status == MailStatus.FAILED,
        OutboxMail.created_at >= day_start(filters.start),
        OutboxMail.created_at < day_after(filters.end),
    ]
    query = select(
        Initiative.number,
        OutboxMail.kind,
        OutboxMail.subject,
        OutboxMail.created_at,
        OutboxMail.last_error,
    ).order_by(OutboxMail.created_at, OutboxMail.id)
    if sees_everything(viewer) and not narrowed(filters):
        query = query.select_from(OutboxMail).outerjoin(
            Initiative, Initiative.id == OutboxMail.initiative_id
        )
        total = db.session.execute(
            select(func.count()).select_from(OutboxMail).where(*failed)
        ).scalar_one()
        rows = list(db.session.execute(query.where(*failed).limit(LIMIT)))
    else:
        query = restrict(
            query.select_from(OutboxMail).join(
                Initiative, Initiative.id == OutboxMail.initiative_id
            ),
            filters,
            viewer,
        )
        rows, total = _counted(query, OutboxMail, failed, filters, viewer)
    return [
        FailedMail(r.number, r.kind, r.subject, r.created_at, r.last_error) for r in rows
    ], total


def unhappy_verdicts(filters: Filters, viewer: User):
    """Unhappy verdicts nobody has followed up yet, whenever they were given."""
    query = restrict(
        select(
            Feedback.id,
            Initiative.number,
            Initiative.title,
            Feedback.created_at,
            Feedback.remark,
            User.name.label("contact"),
        )
        .select_from(Feedback)
        .join(Initiative, Initiative.id == Feedback.initiative_id)
        .outerjoin(User, User.id == Initiative.contact_id)
        .order_by(Feedback.created_at, Feedback.id),
        filters,
        viewer,
    )
    waiting = [Feedback.verdict == UNHAPPY, Feedback.followed_up_at.is_(None)]
    rows, total = _counted(query, Feedback, waiting, filters, viewer)
    return [
        UnhappyVerdict(r.id, r.number, r.title, r.created_at, r.remark, r.contact) for r in rows
    ], total
