"""Phase visits for the figures: those that ended (their outcomes) and those open now.

Ended visits are read from visit_outcomes, counted once when they ended
(services/visit_outcomes.py). Open visits are counted here, up to today: the
days after entering up to and including today, minus the paused working days.
The predicates are shared by the figures and the lists behind them, so a figure
and its list can never disagree. Skipped phases are left out everywhere: nobody
spent time in them.
"""

from datetime import date

from sqlalchemy import and_, case, false, func, select
from sqlalchemy.sql.expression import ColumnElement

from ...models import Initiative, NormUnit, Pause, Phase, PhaseVisit, User, VisitOutcome
from .figures import Filters
from .scope import needs_initiative, restrict, restrict_outcomes
from .sql import calendar_alias, today_literal

# A visit is escalated (and listed under signalering) past this many times its norm.
LATE_FACTOR = 2


def ended_visits(filters: Filters, viewer: User):
    """Outcomes of the visits that ended in the period by moving on, with 0/1 flags."""
    o = VisitOutcome
    query = select(
        o.visit_id,
        o.initiative_id,
        o.phase_id,
        o.team_id,
        o.contact_id,
        o.working_days.label("net"),
        (o.paused_initiator_days + o.paused_third_days).label("paused"),
        o.paused_initiator_days.label("paused_initiator"),
        o.paused_third_days.label("paused_third"),
        case((o.promised, 1), else_=0).label("promised"),
        case((o.within_norm, 1), else_=0).label("within_norm"),
        case((o.promise_kept, 1), else_=0).label("kept"),
    ).where(o.left_on >= filters.start, o.left_on <= filters.end)
    return restrict_outcomes(query, filters, viewer).subquery()


def open_visits(filters: Filters, viewer: User, today: date):
    """Visits open now with their working days so far, pauses excluded.

    Paused days are the visit's stored paused_working_days (ended pauses, as the
    services counted them when the clock started again) plus a pause still running,
    counted up to today; the same count the escalation job uses. A visit with a
    running pause is what makes an initiative 'paused', and an open visit always
    belongs to an open initiative, so the initiative is joined only for scope and
    filters.
    """
    entered, until = calendar_alias(), calendar_alias()
    started = calendar_alias()
    running_pause = until.working_index - started.working_index
    paused = PhaseVisit.paused_working_days + func.coalesce(running_pause, 0)
    gross = until.working_index - entered.working_index
    query = (
        select(
            PhaseVisit.initiative_id,
            PhaseVisit.phase_id,
            Phase.name.label("phase_name"),
            PhaseVisit.entered_at,
            PhaseVisit.entered_on,
            PhaseVisit.due_on,
            Pause.visit_id.label("running_pause_of"),
            Phase.norm_days,
            Phase.norm_unit,
            gross.label("gross"),
            (until.day_number - entered.day_number).label("gross_calendar"),
            paused.label("paused"),
        )
        .select_from(PhaseVisit)
        .join(Phase, Phase.id == PhaseVisit.phase_id)
        .join(entered, entered.day == PhaseVisit.entered_on)
        .join(until, until.day == today_literal(today))
        .outerjoin(Pause, and_(Pause.visit_id == PhaseVisit.id, Pause.ended_on.is_(None)))
        .outerjoin(started, started.day == Pause.started_on)
        .where(PhaseVisit.left_on.is_(None), PhaseVisit.skipped == false())
    )
    if needs_initiative(filters, viewer):
        query = query.join(Initiative, Initiative.id == PhaseVisit.initiative_id)
        query = restrict(query, filters, viewer)
    return query.subquery()


def clock_running(v) -> ColumnElement[bool]:
    """No pause is running. Tested on the column the pause is joined on, so PostgreSQL
    makes it an anti-join and estimates it well (a CASE around it made it guess 86
    rows of 16,000, and plan nested loops over the calendar)."""
    return v.c.running_pause_of.is_(None)


def is_overdue(v, today: date) -> ColumnElement[bool]:
    """An open visit with the clock running (not paused) and its due date passed."""
    return and_(clock_running(v), v.c.due_on < today_literal(today))


def spent_in_norm_unit(v):
    """Days in the visit in its norm's unit, pauses (in working days) taken off."""
    calendar = v.c.norm_unit == NormUnit.CALENDAR_DAYS
    return case((calendar, v.c.gross_calendar), else_=v.c.gross) - v.c.paused


def is_late(v) -> ColumnElement[bool]:
    """An open, running visit past LATE_FACTOR times its norm (as the escalation job)."""
    return and_(
        clock_running(v),
        v.c.norm_days.is_not(None),
        spent_in_norm_unit(v) > LATE_FACTOR * v.c.norm_days,
    )


def outside_norm(v) -> ColumnElement[bool]:
    return and_(v.c.promised == 1, v.c.within_norm == 0)


def promise_broken(v) -> ColumnElement[bool]:
    return and_(v.c.promised == 1, v.c.kept == 0)
