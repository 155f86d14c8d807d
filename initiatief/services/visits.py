"""Moving an initiative through the phases of its journey."""

from datetime import datetime

from ..dates.planning import WorkCalendar
from ..extensions import db
from ..models import Initiative, Pause, Phase, PhaseVisit
from ..models.types import local


def enter_phase(
    initiative: Initiative, phase: Phase, now: datetime, calendar: WorkCalendar
) -> PhaseVisit:
    """Start a stay in phase; its due date is computed now and stored for good.

    Storing the date at entry means a beheerder who edits the norm later changes
    the promise for new visits only, never what a resident was already told.
    """
    due = calendar.due_date_from(now, phase.norm_days, phase.norm_unit)
    # A new visit has no pauses: loaded as empty, so a timeline built next needs no query.
    visit = PhaseVisit(
        initiative=initiative,
        phase=phase,
        entered_at=now,
        due_on=due,
        promised_on=due,
        pauses=[],
    )
    db.session.add(visit)
    db.session.flush()
    return visit


def open_pause(visit: PhaseVisit | None) -> Pause | None:
    """The pause of visit that has not ended yet, if any."""
    if visit is None:
        return None
    return next((p for p in visit.pauses if p.ended_at is None), None)


def end_pause(pause: Pause, now: datetime, calendar: WorkCalendar) -> int:
    """End pause at now and move its visit's due date by the paused working days.

    Counted on Amsterdam dates: the working days after the day the pause began, up
    to and including the day it ends. A pause within one day costs nothing; Friday
    to Monday costs one. promised_on never moves: it keeps the first promise, so
    'promise kept' figures stay honest. Returns the working days added.
    """
    pause.ended_at = now
    visit = pause.visit
    days = calendar.working_days_between(local(pause.started_at).date(), local(now).date())
    visit.paused_working_days = (visit.paused_working_days or 0) + days
    if visit.due_on is not None and days:
        visit.due_on = calendar.add_working_days(visit.due_on, days)
    return days
