"""Phase visits with their working days, pauses and promise: the base of most figures.

Working days come from calendar_days: the days after entering up to and including
leaving (or today, for a visit still open), as WorkCalendar counts them. Pauses
are counted the same way from their own start and end, split by who we waited on.
The predicates below are shared by the figures and the lists behind them, so a
figure and its list can never disagree. Skipped phases are left out everywhere:
nobody spent time in them.
"""

from datetime import date

from sqlalchemy import and_, case, false, func, or_, select
from sqlalchemy.sql.expression import ColumnElement

from ...models import Initiative, NormUnit, Pause, Phase, PhaseVisit, Status, User
from .figures import Filters
from .scope import restrict
from .sql import calendar_alias, today_literal

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
        .join(started, started.day == Pause.started_on)
        .join(ended, ended.day == func.coalesce(Pause.ended_on, today_literal(today)))
        .group_by(Pause.visit_id)
        .subquery()
    )


def _visits(filters: Filters, viewer: User, today: date, *, ended: bool):
    """The visits that ended in the period (ended=True) or are still open, with counts."""
    entered, until, promised = calendar_alias(), calendar_alias(), calendar_alias()
    pauses = _pause_days(today)
    paused_initiator = func.coalesce(pauses.c.initiator, 0)
    paused_third = func.coalesce(pauses.c.third, 0)
    paused = paused_initiator + paused_third
    gross = until.working_index - entered.working_index
    query = (
        select(
            PhaseVisit.id.label("visit_id"),
            PhaseVisit.initiative_id,
            PhaseVisit.phase_id,
            PhaseVisit.entered_at,
            PhaseVisit.entered_on,
            PhaseVisit.due_on,
            Initiative.team_id,
            Initiative.contact_id,
            Initiative.status,
            Phase.norm_days,
            Phase.norm_unit,
            Phase.actor,
            gross.label("gross"),
            (until.day_number - entered.day_number).label("gross_calendar"),
            paused_initiator.label("paused_initiator"),
            paused_third.label("paused_third"),
            paused.label("paused"),
            (gross - paused).label("net"),
            case((promised.working_index.is_not(None), 1), else_=0).label("promised"),
            case((until.working_index - paused <= promised.working_index, 1), else_=0).label(
                "within_norm"
            ),
            case((until.day <= PhaseVisit.promised_on, 1), else_=0).label("kept"),
        )
        .select_from(PhaseVisit)
        .join(Initiative, Initiative.id == PhaseVisit.initiative_id)
        .join(Phase, Phase.id == PhaseVisit.phase_id)
        .join(entered, entered.day == PhaseVisit.entered_on)
        .outerjoin(promised, promised.day == PhaseVisit.promised_on)
        .outerjoin(pauses, pauses.c.visit_id == PhaseVisit.id)
        .where(PhaseVisit.skipped == false())
    )
    if ended:
        # Left by moving on in the period; a visit ended by stopping the initiative
        # did not finish its phase.
        query = query.join(until, until.day == PhaseVisit.left_on).where(
            PhaseVisit.left_on >= filters.start,
            PhaseVisit.left_on <= filters.end,
            or_(Initiative.status != Status.STOPPED, PhaseVisit.left_at != Initiative.closed_at),
        )
    else:
        query = query.join(until, until.day == today_literal(today)).where(
            PhaseVisit.left_on.is_(None)
        )
    return restrict(query, filters, viewer).subquery()


def ended_visits(filters: Filters, viewer: User, today: date):
    """Visits that ended in the period by moving on to the next phase or finishing."""
    return _visits(filters, viewer, today, ended=True)


def open_visits(filters: Filters, viewer: User, today: date):
    """Visits open now, counted up to today."""
    return _visits(filters, viewer, today, ended=False)


def is_overdue(v, today: date) -> ColumnElement[bool]:
    """An open visit with the clock running (not paused) and its due date passed."""
    return and_(v.c.status == Status.ACTIVE, v.c.due_on < today_literal(today))


def spent_in_norm_unit(v):
    """Days in the visit in its norm's unit, pauses (in working days) taken off."""
    calendar = v.c.norm_unit == NormUnit.CALENDAR_DAYS
    return case((calendar, v.c.gross_calendar), else_=v.c.gross) - v.c.paused


def is_late(v) -> ColumnElement[bool]:
    """An open, running visit past LATE_FACTOR times its norm (as the escalation job)."""
    return and_(
        v.c.status == Status.ACTIVE,
        v.c.norm_days.is_not(None),
        spent_in_norm_unit(v) > LATE_FACTOR * v.c.norm_days,
    )


def outside_norm(v) -> ColumnElement[bool]:
    return and_(v.c.promised == 1, v.c.within_norm == 0)


def promise_broken(v) -> ColumnElement[bool]:
    return and_(v.c.promised == 1, v.c.kept == 0)
