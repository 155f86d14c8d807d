"""One row per phase visit with its working days, pauses and promise: the base of most figures.

Working days come from calendar_days: the days after entering up to and including
leaving (or today, for a visit still open), as WorkCalendar counts them. Pauses
are counted the same way from their own start and end, split by who we waited on.
The predicates below are shared by the figures and the lists behind them, so a
figure and its list can never disagree.
"""

from datetime import date

from sqlalchemy import and_, case, false, func, or_, select
from sqlalchemy.sql.expression import ColumnElement

from ...models import Actor, Initiative, NormUnit, Pause, Phase, PhaseVisit, Status, User
from .figures import Filters
from .scope import restrict
from .sql import calendar_alias, day_after, day_start, local_date, today_literal

# A visit is escalated (and listed under signalering) past this many times its norm.
LATE_FACTOR = 2


def _pause_days(today: date):
    """Paused working days per visit: waited on the initiatiefnemer, and on others."""
    started, ended = calendar_alias(), calendar_alias()
    span = ended.working_index - started.working_index
    on_resident = Pause.waiting_on == "initiatiefnemer"
    return (
        select(
            Pause.visit_id.label("visit_id"),
            func.sum(case((on_resident, span), else_=0)).label("initiator"),
            func.sum(case((on_resident, 0), else_=span)).label("third"),
        )
        .join(started, started.day == local_date(Pause.started_at))
        .join(ended, ended.day == func.coalesce(local_date(Pause.ended_at), today_literal(today)))
        .group_by(Pause.visit_id)
        .subquery()
    )


def visit_facts(filters: Filters, viewer: User, today: date):
    """Visits still open, or left on or after the period's start, with their counts.

    Skipped phases are left out: nobody spent time in them.
    """
    entered, until, promised = calendar_alias(), calendar_alias(), calendar_alias()
    pauses = _pause_days(today)
    paused_initiator = func.coalesce(pauses.c.initiator, 0)
    paused_third = func.coalesce(pauses.c.third, 0)
    gross = until.working_index - entered.working_index
    query = (
        select(
            PhaseVisit.id.label("visit_id"),
            PhaseVisit.initiative_id,
            PhaseVisit.phase_id,
            PhaseVisit.entered_at,
            PhaseVisit.left_at,
            PhaseVisit.due_on,
            PhaseVisit.promised_on,
            Initiative.team_id,
            Initiative.contact_id,
            Initiative.status,
            Phase.norm_days,
            Phase.norm_unit,
            Phase.actor,
            entered.day.label("entered_day"),
            until.day.label("until_day"),
            gross.label("gross"),
            (until.day_number - entered.day_number).label("gross_calendar"),
            paused_initiator.label("paused_initiator"),
            paused_third.label("paused_third"),
            (paused_initiator + paused_third).label("paused"),
            (gross - paused_initiator - paused_third).label("net"),
            until.working_index.label("until_index"),
            promised.working_index.label("promised_index"),
            case(
                (
                    and_(
                        Initiative.status == Status.STOPPED,
                        PhaseVisit.left_at == Initiative.closed_at,
                    ),
                    1,
                ),
                else_=0,
            ).label("stopped_here"),
        )
        .select_from(PhaseVisit)
        .join(Initiative, Initiative.id == PhaseVisit.initiative_id)
        .join(Phase, Phase.id == PhaseVisit.phase_id)
        .join(entered, entered.day == local_date(PhaseVisit.entered_at))
        .join(
            until,
            until.day == func.coalesce(local_date(PhaseVisit.left_at), today_literal(today)),
        )
        .outerjoin(promised, promised.day == PhaseVisit.promised_on)
        .outerjoin(pauses, pauses.c.visit_id == PhaseVisit.id)
        .where(PhaseVisit.skipped == false())
        .where(or_(PhaseVisit.left_at.is_(None), PhaseVisit.left_at >= day_start(filters.start)))
    )
    return restrict(query, filters, viewer).cte("visit_facts")


def is_open(f) -> ColumnElement[bool]:
    return f.c.left_at.is_(None)


def is_overdue(f, today: date) -> ColumnElement[bool]:
    """Open, the clock running (not paused), and the due date already passed."""
    return and_(is_open(f), f.c.status == Status.ACTIVE, f.c.due_on < today_literal(today))


def is_finished(f, filters: Filters) -> ColumnElement[bool]:
    """Left the phase in the period by moving on (not by stopping the initiative)."""
    return and_(
        f.c.left_at.is_not(None),
        f.c.left_at < day_after(filters.end),
        f.c.stopped_here == 0,
    )


def has_promise(f) -> ColumnElement[bool]:
    return f.c.promised_index.is_not(None)


def within_norm(f) -> ColumnElement[bool]:
    """Left on or before the promised date moved on by the paused working days."""
    return f.c.until_index - f.c.paused <= f.c.promised_index


def promise_kept(f) -> ColumnElement[bool]:
    """Left on or before the date the resident was shown when the phase began."""
    return f.c.until_day <= f.c.promised_on


def spent_in_norm_unit(f):
    """Days in the visit in its norm's unit, pauses (in working days) taken off."""
    calendar = f.c.norm_unit == NormUnit.CALENDAR_DAYS
    return case((calendar, f.c.gross_calendar), else_=f.c.gross) - f.c.paused


def is_late(f) -> ColumnElement[bool]:
    """Open, running, with a norm, and past LATE_FACTOR times it (as the escalation job)."""
    return and_(
        is_open(f),
        f.c.status == Status.ACTIVE,
        f.c.norm_days.is_not(None),
        spent_in_norm_unit(f) > LATE_FACTOR * f.c.norm_days,
    )


def days_on(f, actor: Actor):
    """Working days (pauses excluded) in phases where actor is the one aan zet."""
    return case((f.c.actor == actor, f.c.net), else_=0)
