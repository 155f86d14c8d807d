"""The scheduler's mail jobs, called directly with explicit `now` values over several weeks.

Every job is run twice at each moment (run()): the second run must queue nothing.
March 2026: Monday 2 March is the first day; no public holidays until Good Friday.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import select

from initiatief.dates.planning import WorkCalendar
from initiatief.extensions import db
from initiatief.jobs import digests, residents, staff
from initiatief.models import MailStatus, OutboxMail, Role, Status, User
from initiatief.scheduler import JOBS
from initiatief.services import actions
from initiatief.services.callbacks import request_callback
from tests.factories import act_and_commit, at, submit
from tests.shared_fixtures import in_app

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
RESIDENT = "fatima@voorbeeld.example"
EVIL_TITLE = "Moestuin, zie bank-login.example/x"
ALL_JOBS = (
    residents.send_checkins,
    residents.send_overdue_notices,
    residents.send_action_reminders,
    staff.send_due_warnings,
    staff.send_escalations,
    digests.send_weekly_overviews,
    digests.send_failed_mail_digest,
)


@pytest.fixture
def world_with_coordinators(app, world):
    """The standard world plus coördinator Dirk, a disabled coördinator, beheerder Bea;
    Kennismaking (position 2) asks a 'stand van zaken' after 7 quiet days."""
    with in_app(app, world):
        world.staff["dirk"] = User(
            email="dirk@gemeente.example", name="Dirk Coördinator", role=Role.COORDINATOR
        )
        world.staff["oud"] = User(
            email="oud@gemeente.example",
            name="Oud Coördinator",
            role=Role.COORDINATOR,
            active=False,
        )
        world.staff["bea"] = User(
            email="bea@gemeente.example", name="Bea Beheer", role=Role.BEHEERDER
        )
        db.session.add_all([world.staff[name] for name in ("dirk", "oud", "bea")])
        world.journey.phases[1].checkin_after_days = 7
        db.session.commit()
    return world


def run(job, now: datetime) -> list[OutboxMail]:
    """Run job at now twice; the mails the first run queued (the second must queue none)."""
    before = last_id()
    count = job(now)
    assert job(now) == 0, f"{job.__name__} queued again at {now}"
    mails = list(db.session.scalars(select(OutboxMail).where(OutboxMail.id > before)))
    assert count == len(mails)
    return mails


def run_all(now: datetime) -> list[OutboxMail]:
    return [mail for job in ALL_JOBS for mail in run(job, now)]


def last_id() -> int:
    return db.session.scalar(select(db.func.max(OutboxMail.id))) or 0


def check(mail: OutboxMail, number: str, to: str) -> None:
    assert mail.to_address == to
    assert number in mail.subject
    assert mail.text_body.strip() and mail.html_body.strip()
    assert number in mail.text_body and number in mail.html_body
    for body in (mail.subject, mail.text_body, mail.html_body):
        assert "bank-login" not in body  # resident text never brings its links along


def kennismaking(world_with_coordinators, **overrides):
    """Submitted Monday 2 March, in Kennismaking since Tuesday 3 March (due Tuesday 17 March)."""
    initiative = submit(at(3, 2), title=EVIL_TITLE, **overrides)
    db.session.commit()
    act_and_commit(world_with_coordinators, actions.advance, initiative, at(3, 3))
    assert initiative.current_visit.due_on == date(2026, 3, 17)
    return initiative


# The list of jobs


def test_every_mail_job_is_in_the_jobs_list_with_an_amsterdam_cron_trigger():
    jobs = {job.id: job for job in JOBS}
    for func in ALL_JOBS:
        job = next(job for job in JOBS if job.func is func)
        assert isinstance(job.trigger, CronTrigger)
        assert job.trigger.timezone == AMSTERDAM
    weekly = jobs["weekly_overview"].trigger
    first = weekly.get_next_fire_time(None, datetime(2026, 3, 4, tzinfo=AMSTERDAM))
    assert first == datetime(2026, 3, 9, 7, 30, tzinfo=AMSTERDAM)


# Stand van zaken, het duurt langer


def test_checkins_and_overdue_notices_over_several_weeks(app, world_with_coordinators):
    with in_app(app, world_with_coordinators):
        initiative = kennismaking(world_with_coordinators)
        number = initiative.number
        visit = initiative.current_visit
        # The phase mail of 3 March is news: nothing for six days, then one stand van zaken.
        assert run(residents.send_checkins, at(3, 9)) == []
        [checkin] = run(residents.send_checkins, at(3, 10))
        check(checkin, number, RESIDENT)
        assert checkin.kind == "stand_van_zaken" and checkin.key == f"checkin:{visit.id}:1"
        assert not checkin.urgent
        assert "Kennismaking" in checkin.text_body and "Stand van zaken" in checkin.subject
        assert run(residents.send_checkins, at(3, 16)) == []  # six days after the check-in
        [second] = run(residents.send_checkins, at(3, 17))
        assert second.key == f"checkin:{visit.id}:2"

        # A public update is news too: it postpones the next check-in.
        act_and_commit(
            world_with_coordinators,
            actions.post_update,
            initiative,
            at(3, 18, 8),
            body="We zijn bezig.",
        )
        assert run(residents.send_checkins, at(3, 24)) == []

        # Due on 17 March: not on the day itself, the day after; once per due date.
        assert run(residents.send_overdue_notices, at(3, 17, 20)) == []
        [late] = run(residents.send_overdue_notices, at(3, 18))
        check(late, number, RESIDENT)
        assert late.kind == "het_duurt_langer" and late.key == f"overdue:{visit.id}:2026-03-17"
        assert not late.urgent
        assert "dinsdag 17 maart 2026" in late.text_body
        assert "laat u zo snel mogelijk weten" in late.text_body  # no reason given: neutral
        assert run(residents.send_overdue_notices, at(3, 20)) == []

        # An extension moves the date: a new promise, so 'het duurt langer' may come again.
        act_and_commit(
            world_with_coordinators,
            actions.extend,
            initiative,
            at(3, 20),
            new_due=date(2026, 3, 26),
            reason="De aannemer is ziek.",
        )
        assert run(residents.send_overdue_notices, at(3, 26)) == []
        [again] = run(residents.send_overdue_notices, at(3, 27))
        assert again.key == f"overdue:{visit.id}:2026-03-26"
        assert "De aannemer is ziek." in again.text_body

        # Closed: nothing more for the resident from any job.
        act_and_commit(
            world_with_coordinators,
            actions.stop,
            initiative,
            at(3, 30),
            outcome="ingetrokken",
            reason="Verhuisd.",
        )
        for day in (4, 13, 27):
            assert [m for m in run_all(at(4, day)) if m.to_address == RESIDENT] == []


def test_a_late_visit_gets_het_duurt_langer_before_any_further_check_in(
    app, world_with_coordinators
):
    with in_app(app, world_with_coordinators):
        initiative = kennismaking(world_with_coordinators)
        visit = initiative.current_visit
        # The jobs did not run for weeks; the check-in waits for the overdue notice.
        assert run(residents.send_checkins, at(3, 25)) == []
        [late] = run(residents.send_overdue_notices, at(3, 25))
        assert late.key == f"overdue:{visit.id}:2026-03-17"
        assert run(residents.send_checkins, at(3, 25)) == []  # the notice was news
        [checkin] = run(residents.send_checkins, at(4, 1))
        assert checkin.kind == "stand_van_zaken"


def test_check_ins_respect_the_opt_out_but_a_broken_promise_is_told(app, world_with_coordinators):
    with in_app(app, world_with_coordinators):
        initiative = kennismaking(world_with_coordinators)
        initiative.initiator.mail_opt_out = True
        db.session.commit()
        assert run(residents.send_checkins, at(3, 10)) == []
        assert run(residents.send_checkins, at(3, 24)) == []
        [late] = run(residents.send_overdue_notices, at(3, 18))
        assert late.kind == "het_duurt_langer"


def test_no_resident_mail_while_paused_for_an_anonymised_resident_or_without_a_norm(
    app, world_with_coordinators
):
    with in_app(app, world_with_coordinators):
        paused = kennismaking(world_with_coordinators)
        act_and_commit(
            world_with_coordinators,
            actions.pause,
            paused,
            at(3, 4),
            waiting_on="derde",
            reason="Vergunning.",
        )
        gone = kennismaking(world_with_coordinators, email="ander@voorbeeld.example")
        gone.initiator.anonymised_at = at(3, 5)
        db.session.commit()
        for day in (10, 18, 25):
            assert run(residents.send_checkins, at(3, day)) == []
            assert run(residents.send_overdue_notices, at(3, day)) == []
            assert run(residents.send_action_reminders, at(3, day)) == []


def test_resident_mails_queued_in_the_evening_wait_for_eight_in_the_morning(
    app, world_with_coordinators
):
    with in_app(app, world_with_coordinators):
        kennismaking(world_with_coordinators)
        [late] = run(residents.send_overdue_notices, at(3, 18, 21))  # 22.00 in Amsterdam
        assert late.send_after == datetime(2026, 3, 19, 7, tzinfo=UTC)  # 08.00 in Amsterdam


# Actie gevraagd: the reminder


def test_one_reminder_after_ten_working_days_even_after_the_opt_out(app, world_with_coordinators):
    with in_app(app, world_with_coordinators):
        initiative = kennismaking(world_with_coordinators)
        initiative.initiator.mail_opt_out = True
        db.session.commit()
        act_and_commit(
            world_with_coordinators,
            actions.pause,
            initiative,
            at(3, 4),
            waiting_on="initiatiefnemer",
            reason="Stuur ons de begroting.",
        )
        pause = initiative.current_visit.pauses[-1]
        # Ten working days after Wednesday 4 March is Wednesday 18 March: later is the 19th.
        assert run(residents.send_action_reminders, at(3, 18)) == []
        [reminder] = run(residents.send_action_reminders, at(3, 19))
        check(reminder, initiative.number, RESIDENT)
        assert reminder.kind == "herinnering_actie" and reminder.key == f"reminder:{pause.id}"
        assert reminder.urgent  # it asks the resident to act: never held or combined (issue 9)
        assert "Stuur ons de begroting." in reminder.text_body
        assert "4 maart 2026" in reminder.text_body
        assert run(residents.send_action_reminders, at(3, 26)) == []  # one reminder only

        # Resumed: no reminder for a closed pause; a new pause has its own.
        act_and_commit(world_with_coordinators, actions.resume, initiative, at(3, 27))
        assert run(residents.send_action_reminders, at(4, 20)) == []


# Waarschuwing termijn


def test_due_warnings_before_and_on_the_day_rearmed_by_an_extension(app, world_with_coordinators):
    with in_app(app, world_with_coordinators):
        initiative = kennismaking(world_with_coordinators)
        visit = initiative.current_visit
        anna = "anna@gemeente.example"
        # Ontvangen (2 working days) gave no 'before' warning: shorter than the warning period.
        assert run(staff.send_due_warnings, at(3, 11)) == []
        [before] = run(staff.send_due_warnings, at(3, 12))  # 3 working days before the 17th
        check(before, initiative.number, anna)
        assert before.key == f"warn:{visit.id}:2026-03-17:before"
        assert f"/medewerker/initiatief/{initiative.number}" in before.text_body
        assert f"/medewerker/initiatief/{initiative.number}" in before.html_body
        assert "dinsdag 17 maart 2026" in before.text_body
        for day in (13, 16):
            assert run(staff.send_due_warnings, at(3, day)) == []
        [day_of] = run(staff.send_due_warnings, at(3, 17))
        assert day_of.key == f"warn:{visit.id}:2026-03-17:day" and day_of.to_address == anna
        assert "vandaag" in day_of.text_body and "vandaag" in day_of.subject
        assert run(staff.send_due_warnings, at(3, 18)) == []  # never twice for the same date

        act_and_commit(
            world_with_coordinators,
            actions.extend,
            initiative,
            at(3, 18),
            new_due=date(2026, 3, 24),
            reason="Ziek.",
        )
        assert run(staff.send_due_warnings, at(3, 18)) == []
        [rearmed] = run(staff.send_due_warnings, at(3, 19))
        assert rearmed.key == f"warn:{visit.id}:2026-03-24:before"
        [rearmed_day] = run(staff.send_due_warnings, at(3, 24))
        assert rearmed_day.key == f"warn:{visit.id}:2026-03-24:day"
        keys = [
            m.key
            for m in db.session.scalars(
                select(OutboxMail).where(OutboxMail.kind == "waarschuwing_termijn")
            )
        ]
        assert len(keys) == len(set(keys)) == 4


def test_no_due_warning_while_paused_or_after_closing(app, world_with_coordinators):
    with in_app(app, world_with_coordinators):
        initiative = kennismaking(world_with_coordinators)
        act_and_commit(
            world_with_coordinators,
            actions.pause,
            initiative,
            at(3, 11),
            waiting_on="derde",
            reason="Vergunning.",
        )
        assert run(staff.send_due_warnings, at(3, 12)) == []
        assert run(staff.send_due_warnings, at(3, 17)) == []
        act_and_commit(world_with_coordinators, actions.resume, initiative, at(3, 18))
        act_and_commit(
            world_with_coordinators,
            actions.stop,
            initiative,
            at(3, 18),
            outcome="anders",
            reason="Klaar.",
        )
        assert run(staff.send_due_warnings, at(3, 20)) == []


# Escalatie


def test_escalation_at_twice_the_norm_once_to_each_active_coordinator(app, world_with_coordinators):
    with in_app(app, world_with_coordinators):
        initiative = kennismaking(world_with_coordinators)
        visit = initiative.current_visit
        dirk = world_with_coordinators.staff["dirk"]
        # Norm 10 working days from 3 March: more than 20 working days is 1 April.
        assert run(staff.send_escalations, at(3, 31)) == []
        [mail] = run(staff.send_escalations, at(4, 1))
        check(mail, initiative.number, dirk.email)  # the inactive coördinator gets nothing
        assert mail.key == f"escalate:{visit.id}:{dirk.id}"
        assert f"/medewerker/initiatief/{initiative.number}" in mail.text_body
        assert run(staff.send_escalations, at(4, 8)) == []  # once per visit

        # A new coördinator does not get the old escalation.
        db.session.add(User(email="eva@gemeente.example", name="Eva", role=Role.COORDINATOR))
        db.session.commit()
        assert run(staff.send_escalations, at(4, 9)) == []


def test_paused_working_days_do_not_count_towards_an_escalation(app, world_with_coordinators):
    with in_app(app, world_with_coordinators):
        initiative = kennismaking(world_with_coordinators)
        act_and_commit(
            world_with_coordinators,
            actions.pause,
            initiative,
            at(3, 4),
            waiting_on="derde",
            reason="Vergunning.",
        )
        assert run(staff.send_escalations, at(3, 10)) == []
        act_and_commit(
            world_with_coordinators, actions.resume, initiative, at(3, 11)
        )  # five working days paused
        assert initiative.current_visit.paused_working_days == 5
        # More than 2 x 10 + 5 working days after 3 March, counted past Easter.
        first = WorkCalendar().add_working_days(date(2026, 3, 3), 26)
        assert first == date(2026, 4, 10)
        assert run(staff.send_escalations, at(4, 9)) == []
        assert len(run(staff.send_escalations, at(4, 10))) == 1


def test_a_call_back_not_handled_in_two_working_days_is_escalated_once(
    app, world_with_coordinators
):
    with in_app(app, world_with_coordinators):
        initiative = kennismaking(world_with_coordinators)
        call = request_callback(initiative, "06 12345678", "'s ochtends", at(3, 2, 10))
        handled = request_callback(initiative, "06 12345678", "", at(3, 2, 11))
        db.session.commit()
        actions.handle_callback(
            handled, note="Gebeld.", actor=world_with_coordinators.staff["anna"], now=at(3, 3)
        )
        db.session.commit()
        assert run(staff.send_escalations, at(3, 4)) == []
        [mail] = run(staff.send_escalations, at(3, 5))
        check(mail, initiative.number, world_with_coordinators.staff["dirk"].email)
        assert mail.key == f"callback-escalate:{call.id}:{world_with_coordinators.staff['dirk'].id}"
        assert "terugbel" in mail.subject.lower()
        assert run(staff.send_escalations, at(3, 12)) == []


# Weekoverzicht


def test_weekly_overview_only_to_staff_with_something_to_do(app, world_with_coordinators):
    with in_app(app, world_with_coordinators):
        initiative = submit(at(3, 2), title=EVIL_TITLE)  # Noord: Anna is contact, Bram in the team
        db.session.commit()
        monday = datetime(2026, 3, 9, 6, 30, tzinfo=UTC)  # 07.30 in Amsterdam
        mails = {m.to_address: m for m in run(digests.send_weekly_overviews, monday)}
        assert set(mails) == {"anna@gemeente.example", "bram@gemeente.example"}  # Cor: nothing
        anna = mails["anna@gemeente.example"]
        assert initiative.number in anna.text_body and initiative.number in anna.html_body
        assert f"/medewerker/initiatief/{initiative.number}" in anna.text_body
        assert "Te laat" in anna.text_body and "Nieuw in uw team" in anna.text_body
        assert "bank-login" not in anna.text_body + anna.html_body
        assert anna.key == f"weekly:{world_with_coordinators.staff['anna'].id}:2026-W11"

        # In Kennismaking, due the week after: nothing to do on Monday 16 March.
        act_and_commit(world_with_coordinators, actions.advance, initiative, at(3, 10))
        assert initiative.current_visit.due_on == date(2026, 3, 24)
        assert run(digests.send_weekly_overviews, datetime(2026, 3, 16, 6, 30, tzinfo=UTC)) == []
        # Due this week on Monday 23 March.
        mails = run(digests.send_weekly_overviews, datetime(2026, 3, 23, 6, 30, tzinfo=UTC))
        assert {m.to_address for m in mails} == {"anna@gemeente.example", "bram@gemeente.example"}
        assert all("Termijn deze week" in m.text_body for m in mails)


def test_weekly_overview_lists_open_call_backs(app, world_with_coordinators):
    with in_app(app, world_with_coordinators):
        initiative = kennismaking(world_with_coordinators)
        request_callback(initiative, "06 12345678", "", at(3, 13))
        db.session.commit()
        [*mails] = run(digests.send_weekly_overviews, datetime(2026, 3, 16, 6, 30, tzinfo=UTC))
        anna = next(m for m in mails if m.to_address == "anna@gemeente.example")
        assert "Terugbellen" in anna.text_body and initiative.number in anna.text_body


# Mislukte mails


def test_failed_mail_digest_daily_and_only_for_new_failures(app, world_with_coordinators):
    with in_app(app, world_with_coordinators):
        initiative = kennismaking(world_with_coordinators)
        assert run(digests.send_failed_mail_digest, at(3, 4, 6)) == []
        receipt = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).first()
        receipt.status = MailStatus.FAILED
        receipt.last_error = "550 no such user"
        db.session.commit()
        [digest] = run(digests.send_failed_mail_digest, at(3, 4, 6))
        assert digest.to_address == "bea@gemeente.example"
        assert digest.subject == "Mislukte mails: 1 mail niet bezorgd"
        assert digest.key == f"failed-digest:2026-03-04:{world_with_coordinators.staff['bea'].id}"
        assert initiative.number in digest.text_body and "550 no such user" in digest.text_body
        assert digest.html_body.strip()
        assert run(digests.send_failed_mail_digest, at(3, 5, 6)) == []  # nothing new since

        phase_mail = db.session.scalars(
            select(OutboxMail).where(OutboxMail.kind == "nieuwe_fase")
        ).one()
        phase_mail.status = MailStatus.FAILED
        phase_mail.send_after = at(3, 5, 12)  # its last try, after the previous digest
        db.session.commit()
        [next_day] = run(digests.send_failed_mail_digest, at(3, 6, 6))
        assert (
            "nieuwe_fase" in next_day.text_body and "ontvangstbevestiging" not in next_day.text_body
        )
        assert initiative.status == Status.ACTIVE
