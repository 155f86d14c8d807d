"""The mail jobs read only what is due: stored moments, pushed forward by the jobs and
brought back to "now" by every change that can make a mail come earlier.

March 2026, as in test_jobs: Kennismaking entered Tuesday 3 March, due Tuesday 17 March.
"""

from datetime import date, datetime

import pytest
from sqlalchemy import func, select, update

from initiatief.dates.planning import WorkCalendar
from initiatief.extensions import db
from initiatief.jobs import evaluation, residents, staff
from initiatief.jobs.common import NextLooks, first_day_within
from initiatief.models import (
    NEVER,
    CallbackRequest,
    MailStatus,
    OutboxMail,
    Pause,
    PhaseVisit,
    Role,
    User,
    is_due,
)
from initiatief.models.job_moments import VISIT_MOMENTS, reset_stamp
from initiatief.services import actions
from initiatief.services.config.closed_days import add_closed_day
from tests.factories import act_and_commit, at, submit
from tests.shared_fixtures import in_app

VISIT_JOBS = (
    residents.send_checkins,
    residents.send_overdue_notices,
    staff.send_due_warnings,
    staff.send_escalations,
)
ALL_JOBS = (*VISIT_JOBS, residents.send_action_reminders, evaluation.send_evaluation_reminders)


@pytest.fixture
def moments_world(app, world):
    """The standard world plus coördinator Dirk; Kennismaking asks a check-in after 7 days."""
    with in_app(app, world):
        world.staff["dirk"] = User(
            email="dirk@gemeente.example", name="Dirk Coördinator", role=Role.COORDINATOR
        )
        db.session.add(world.staff["dirk"])
        world.journey.phases[1].checkin_after_days = 7
        db.session.commit()
    return world


def kennismaking(world):
    initiative = submit(at(3, 2))
    db.session.commit()
    act_and_commit(world, actions.advance, initiative, at(3, 3))
    return initiative


def run_all(now: datetime) -> int:
    return sum(job(now) for job in ALL_JOBS)


def due_rows(now: datetime) -> int:
    """Open visits, running pauses and open call-backs some job would read at now."""
    visits = sum(
        db.session.scalar(
            select(func.count())
            .select_from(PhaseVisit)
            .where(PhaseVisit.left_at.is_(None), is_due(getattr(PhaseVisit, column), now))
        )
        for column in VISIT_MOMENTS
    )
    pauses = db.session.scalar(
        select(func.count())
        .select_from(Pause)
        .where(Pause.ended_at.is_(None), is_due(Pause.next_reminder_at, now))
    )
    calls = db.session.scalar(
        select(func.count())
        .select_from(CallbackRequest)
        .where(
            CallbackRequest.handled_at.is_(None), is_due(CallbackRequest.next_escalation_at, now)
        )
    )
    return visits + pauses + calls


def looks_now(visit: PhaseVisit) -> bool:
    """Every job reads the visit at once: never computed (NULL) or reset (a moment in 2000)."""
    moments = [getattr(visit, column) for column in VISIT_MOMENTS]
    return all(moment is None or moment < at(1, 1, year=2001) for moment in moments)


def test_a_new_visit_is_due_at_once_and_a_pass_leaves_nothing_due(app, moments_world):
    with in_app(app, moments_world):
        initiative = kennismaking(moments_world)
        visit = initiative.current_visit
        assert looks_now(visit)
        assert due_rows(at(3, 4)) == 4
        run_all(at(3, 4))
        assert due_rows(at(3, 4)) == 0
        db.session.refresh(visit)
        # Each the first day its job could act: a check-in 7 days after the news of the
        # 3rd, the day after the due date, 3 working days before it, past twice the norm.
        assert visit.next_checkin_at.date() == date(2026, 3, 9)  # 10 March, Amsterdam
        assert visit.next_overdue_at.date() == date(2026, 3, 17)
        assert visit.next_warning_at.date() == date(2026, 3, 11)
        assert visit.next_escalation_at > at(3, 17)


def test_the_moment_of_a_warning_starts_its_working_days_window():
    calendar = WorkCalendar()
    due = date(2026, 3, 17)
    start = first_day_within(calendar, due, 3)
    assert start == date(2026, 3, 12)
    assert calendar.working_days_between(start, due) == 3
    assert calendar.working_days_between(date(2026, 3, 11), due) == 4


def _extend(world, initiative, now):
    act_and_commit(
        world, actions.extend, initiative, now, new_due=date(2026, 3, 24), reason="Ziek."
    )


def _pause_and_resume(world, initiative, now):
    act_and_commit(
        world, actions.pause, initiative, now, waiting_on="derde", reason="Wacht op de gemeente."
    )
    run_all(now)
    assert due_rows(now) == 0
    act_and_commit(world, actions.resume, initiative, now)


def _new_contact(world, initiative, now):
    initiative.contact = world.staff["dirk"]
    db.session.commit()


def _contact_switched_off(world, initiative, now):
    initiative.contact.active = False
    db.session.commit()


def _checkin_days(world, initiative, now):
    world.journey.phases[1].checkin_after_days = 3
    db.session.commit()


def _norm(world, initiative, now):
    world.journey.phases[1].norm_days = 2
    db.session.commit()


def _closed_day(world, initiative, now):
    add_closed_day(date(2026, 3, 20), "Studiedag")
    db.session.commit()


def _opt_out(world, initiative, now):
    initiative.initiator.mail_opt_out = True
    db.session.commit()


def _news_mail_failed(world, initiative, now):
    mail = db.session.scalars(
        select(OutboxMail).where(OutboxMail.initiative_id == initiative.id)
    ).first()
    mail.status = MailStatus.FAILED
    db.session.commit()


CHANGES = [
    _extend,
    _pause_and_resume,
    _new_contact,
    _contact_switched_off,
    _checkin_days,
    _norm,
    _closed_day,
    _opt_out,
    _news_mail_failed,
]


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__.strip("_"))
def test_every_change_that_can_bring_a_mail_closer_makes_the_jobs_look_again(
    app, moments_world, change
):
    with in_app(app, moments_world):
        initiative = kennismaking(moments_world)
        run_all(at(3, 5))
        assert due_rows(at(3, 5)) == 0
        change(moments_world, initiative, at(3, 5))
        visit = db.session.get(PhaseVisit, initiative.current_visit.id)
        assert looks_now(visit)
        assert due_rows(at(3, 5)) >= 4


def test_a_shorter_check_in_period_comes_at_once_not_at_the_old_moment(app, moments_world):
    with in_app(app, moments_world):
        kennismaking(moments_world)
        assert residents.send_checkins(at(3, 4)) == 0  # the next look stored: 10 March
        moments_world.journey.phases[1].checkin_after_days = 2
        db.session.commit()
        assert residents.send_checkins(at(3, 6)) == 1


def test_a_contact_person_given_in_the_warning_period_is_warned_then(app, moments_world):
    with in_app(app, moments_world):
        initiative = kennismaking(moments_world)
        anna = initiative.contact
        initiative.contact = None
        db.session.commit()
        assert staff.send_due_warnings(at(3, 12)) == 0  # nobody to warn: never, until a change
        initiative.contact = anna
        db.session.commit()
        assert staff.send_due_warnings(at(3, 12)) == 1


def test_a_reminder_to_act_is_looked_at_only_when_due(app, moments_world):
    with in_app(app, moments_world):
        initiative = kennismaking(moments_world)
        act_and_commit(
            moments_world,
            actions.pause,
            initiative,
            at(3, 4),
            waiting_on="initiatiefnemer",
            reason="Stuur een tekening.",
        )
        pause = db.session.scalars(select(Pause)).one()
        assert residents.send_action_reminders(at(3, 5)) == 0
        db.session.refresh(pause)
        # More than 10 working days after Wednesday 4 March: Thursday 19 March.
        assert pause.next_reminder_at.date() == date(2026, 3, 18)  # midnight Amsterdam
        assert residents.send_action_reminders(at(3, 18)) == 0
        assert residents.send_action_reminders(at(3, 19)) == 1
        db.session.refresh(pause)
        assert pause.next_reminder_at.year == 3000


def test_a_job_never_overwrites_a_reset_made_while_it_ran(app, moments_world):
    """The job writes its moment only where the row still holds what it read."""
    with in_app(app, moments_world):
        initiative = kennismaking(moments_world)
        visit = initiative.current_visit
        looks = NextLooks(PhaseVisit, "next_warning_at")
        looks.store(visit, NEVER)  # read: "look now", as the job saw it
        stamp = reset_stamp()
        db.session.execute(
            update(PhaseVisit).where(PhaseVisit.id == visit.id).values(next_warning_at=stamp)
        )  # a change, committed while the job computed
        looks.write()
        db.session.commit()
        assert db.session.get(PhaseVisit, visit.id).next_warning_at == stamp
        assert residents.send_checkins(at(3, 4)) == 0
        assert db.session.get(PhaseVisit, visit.id).next_checkin_at > at(3, 4)
