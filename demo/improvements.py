"""Demo verbeteracties and a desired norm, so the klantreis picture and the action pages
have something to show on the first start.

Rows made directly, like the verdicts: one action running since a few months (with
a before/after comparison to read), one finished, and one idea that came from an
resident's remark (the least happy one), written in the coördinator's own words.
"""

from datetime import date, datetime, timedelta

from sqlalchemy import select

from initiatief.dates.planning import WorkCalendar
from initiatief.extensions import db
from initiatief.models import (
    ActionFigure,
    ActionStatus,
    DesiredNorm,
    Feedback,
    ImprovementAction,
    Phase,
)
from initiatief.models.types import local

from .reference import World


def add_improvements(world: World, now: datetime, calendar: WorkCalendar) -> int:
    """Three actions and one desired norm in the standard journey. Adds and flushes."""
    journey = world.default_journey
    coordinator = world.coordinators[0]
    today = local(now).date()
    kennismaking, besluit = _phase_named(journey, "Kennismaking"), _phase_named(journey, "Besluit")
    if kennismaking.norm_days:
        db.session.add(
            DesiredNorm(
                phase_id=kennismaking.id,
                days=max(1, kennismaking.norm_days - 3),
                set_by_id=coordinator.id,
                set_at=now,
            )
        )
    actions = [
        _action(
            "Kennismaking binnen een week inplannen",
            "Op het dashboard duurt de kennismaking het langst, en inwoners zeggen dat ze "
            "lang wachten op het eerste gesprek.",
            kennismaking,
            ActionStatus.RUNNING,
            _working_day(today - timedelta(days=60), calendar),
            "Elke maandag plant het team de nieuwe kennismakingen in.",
        ),
        _action(
            "Besluitbrief in gewone taal",
            "Inwoners wisten niet wanneer het besluit zou komen.",
            besluit,
            ActionStatus.DONE,
            _working_day(today - timedelta(days=150), calendar),
            "De nieuwe brief is klaar en wordt sinds de start gebruikt.",
            figure=ActionFigure.PROMISE_KEPT,
        ),
    ]
    for action in actions:
        action.owner_id = action.created_by_id = coordinator.id
    # The least happy remark, newest first: the idea a coördinator would pick up.
    unhappy = db.session.scalar(
        select(Feedback)
        .where(Feedback.remark != "")
        .order_by(Feedback.verdict, Feedback.created_at.desc())
        .limit(1)
    )
    if unhappy is not None:
        idea = _action(
            "Inwoner terugbellen binnen twee werkdagen",
            "Uit de evaluatie: een inwoner wilde sneller iemand spreken.",
            _phase_named(unhappy.journey, "Kennismaking"),
            ActionStatus.IDEA,
            None,
            "",
        )
        idea.feedback_id, idea.created_by_id = unhappy.id, coordinator.id
        actions.append(idea)
    db.session.add_all(actions)
    db.session.flush()
    return len(actions)


def _action(title, reason, phase: Phase, status, starts_on, notes, figure=None):
    return ImprovementAction(
        title=title,
        reason=reason,
        phase_id=phase.id,
        figure=figure or ActionFigure.MEDIAN_DAYS,
        status=status,
        starts_on=starts_on,
        notes=notes,
    )


def _phase_named(journey, name: str) -> Phase:
    return next(phase for phase in journey.phases if phase.name == name)


def _working_day(day: date, calendar: WorkCalendar) -> date:
    """The first working day on or after day: demo actions start on a day we are open."""
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day
