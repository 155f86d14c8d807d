"""The initiatives behind a figure, found with the very predicate that counted them."""

from datetime import date, datetime

from sqlalchemy import Select, or_, select, true

from ...inputs import parse_id
from ...models import (
    CallbackRequest,
    Feedback,
    Initiative,
    MailStatus,
    OutboxMail,
    Status,
    User,
    feedback_phases,
)
from .figures import DRILLDOWNS, Filters
from .flow import month_bounds
from .groups import open_in_period
from .readiness import prepare
from .scope import restrict
from .signals import UNHAPPY
from .sql import day_after, day_start
from .visits import (
    ended_visits,
    is_late,
    is_overdue,
    open_visits,
    outside_norm,
    promise_broken,
)


class NoSuchList(ValueError):
    """The figure or its value names no list; the page says so in its own words."""


def _integer(value: str | None) -> int:
    number = parse_id(value)
    if number is None:
        raise NoSuchList("not an id")
    return number


def _month(value: str | None) -> date:
    try:
        return datetime.strptime(value or "", "%Y-%m").date()
    except ValueError as error:
        raise NoSuchList("not a month") from error


# Figure -> (which visits, the condition on them); phase figures also take the phase.
VISIT_FIGURES = {
    "phase_active": (open_visits, lambda v, today: true()),
    "phase_overdue": (open_visits, is_overdue),
    "late": (open_visits, lambda v, today: is_late(v)),
    "phase_finished": (ended_visits, lambda v, today: true()),
    "phase_outside_norm": (ended_visits, lambda v, today: outside_norm(v)),
    "phase_promise_broken": (ended_visits, lambda v, today: promise_broken(v)),
}


def _visit_query(figure, filters, viewer, today, phase_id: int | None) -> Select:
    visits, condition = VISIT_FIGURES[figure]
    v = visits(filters, viewer, today) if visits is open_visits else visits(filters, viewer)
    ids = select(v.c.initiative_id).where(condition(v, today))
    if phase_id is not None:
        ids = ids.where(v.c.phase_id == phase_id)
    return select(Initiative).where(Initiative.id.in_(ids))


def initiatives_behind(
    figure: str, value: str | None, filters: Filters, viewer: User, today: date
) -> Select:
    """A select(Initiative) of the initiatives a figure counted, newest first.

    Raises NoSuchList for an unknown figure or a value that does not fit it,
    FiguresNotReady when the working-day table does not reach the period.
    """
    if figure not in DRILLDOWNS:
        raise NoSuchList("unknown figure")
    prepare(filters, today)
    needs = DRILLDOWNS[figure]
    number = _integer(value) if needs and needs != "month" else None
    if figure in VISIT_FIGURES:
        query = _visit_query(figure, filters, viewer, today, number)
    elif figure.startswith("month_"):
        query = _month_query(figure, _month(value), filters)
    else:
        query = _other_query(figure, number, filters)
    return restrict(query, filters, viewer).order_by(
        Initiative.submitted_at.desc(), Initiative.id.desc()
    )


def _month_query(figure: str, month: date, filters: Filters) -> Select:
    if not filters.start.replace(day=1) <= month <= filters.end:  # also: no 9999-12 + 32 days
        raise NoSuchList("month outside the period")
    first, last = month_bounds(month, filters)
    begin, end = day_start(first), day_after(last)
    query = select(Initiative)
    if figure == "month_submitted":
        return query.where(Initiative.submitted_at >= begin, Initiative.submitted_at < end)
    if figure == "month_in_progress":
        return query.where(
            Initiative.submitted_at < end,
            or_(Initiative.closed_at.is_(None), Initiative.closed_at >= end),
        )
    status = Status.FINISHED if figure == "month_finished" else Status.STOPPED
    return query.where(
        Initiative.status == status, Initiative.closed_at >= begin, Initiative.closed_at < end
    )


def _other_query(figure: str, number: int | None, filters: Filters) -> Select:
    query = select(Initiative)
    if figure == "callbacks":
        open_calls = select(CallbackRequest.initiative_id).where(
            CallbackRequest.handled_at.is_(None)
        )
        return query.where(Initiative.id.in_(open_calls))
    if figure == "failed_mails":
        failed = select(OutboxMail.initiative_id).where(
            OutboxMail.status == MailStatus.FAILED,
            OutboxMail.created_at >= day_start(filters.start),
            OutboxMail.created_at < day_after(filters.end),
        )
        return query.where(Initiative.id.in_(failed))
    if figure == "unhappy":
        unhappy = select(Feedback.initiative_id).where(
            Feedback.verdict == UNHAPPY, Feedback.followed_up_at.is_(None)
        )
        return query.where(Initiative.id.in_(unhappy))
    if figure in ("verdict_journey", "verdict_phase"):
        given = select(Feedback.initiative_id).where(
            Feedback.created_at >= day_start(filters.start),
            Feedback.created_at < day_after(filters.end),
        )
        if figure == "verdict_journey":
            given = given.where(Feedback.journey_id == number)
        else:
            given = given.join(feedback_phases, feedback_phases.c.feedback_id == Feedback.id).where(
                feedback_phases.c.phase_id == number
            )
        return query.where(Initiative.id.in_(given))
    column = Initiative.team_id if figure == "team" else Initiative.contact_id
    return query.where(column == number, *open_in_period(filters))
