"""Moving an initiative through the phases of its journey."""

from datetime import datetime

from ..extensions import db
from ..models import Initiative, Phase, PhaseVisit
from .planning import WorkCalendar


def enter_phase(
    initiative: Initiative, phase: Phase, now: datetime, calendar: WorkCalendar
) -> PhaseVisit:
    """Start a stay in phase; its due date is computed now and stored for good.

    Storing the date at entry means a beheerder who edits the norm later changes
    the promise for new visits only, never what a resident was already told.
    """
    due = calendar.due_date_from(now, phase.norm_days, phase.norm_unit)
    visit = PhaseVisit(
        initiative=initiative, phase=phase, entered_at=now, due_on=due, promised_on=due
    )
    db.session.add(visit)
    db.session.flush()
    return visit
