"""The resident's timeline: states in words, real and expected dates, honest when late."""

from datetime import UTC, date, datetime

from initiatief.dates.planning import WorkCalendar
from initiatief.extensions import db
from initiatief.models import Pause, Status
from initiatief.services.visits import enter_phase
from tests.factories import login_resident, submit
from tests.shared_fixtures import in_app

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CAL = WorkCalendar()


def move_on(initiative, now):
    """Leave the current phase and enter the next (staff actions come with the staff issue)."""
    visit = initiative.current_visit
    visit.left_at = now
    phases = initiative.journey.phases
    following = phases[phases.index(visit.phase) + 1]
    return enter_phase(initiative, following, now, CAL)


def test_fresh_intake_plans_every_phase_from_the_norms(app, world):
    with in_app(app, world):
        from initiatief.dates.timeline import build_timeline

        initiative = submit(MONDAY)
        timeline = build_timeline(initiative, CAL, date(2026, 3, 2))
        states = [s.state for s in timeline.steps]
        assert states == ["current", "future", "future", "future", "future", "future"]
        ontvangen, kennismaking, uitwerken, besluit, uitvoering, evaluatie = timeline.steps
        assert ontvangen.expected_on == date(2026, 3, 4)
        assert kennismaking.expected_on == date(2026, 3, 18)  # 10 working days after 4 March
        assert uitwerken.expected_on == CAL.add_working_days(date(2026, 3, 18), 30)
        assert uitvoering.expected_on is None  # norm set per initiative
        assert evaluatie.expected_on is None  # depends on a date nobody knows yet
        assert timeline.next_date == date(2026, 3, 4)
        assert timeline.aan_zet.who == "gemeente"


def test_past_phases_show_actual_dates_and_the_current_one_its_stored_due_date(app, world):
    with in_app(app, world):
        from initiatief.dates.timeline import build_timeline

        initiative = submit(MONDAY)
        move_on(initiative, datetime(2026, 3, 3, 10, tzinfo=UTC))
        timeline = build_timeline(initiative, CAL, date(2026, 3, 3))
        done, current = timeline.steps[0], timeline.steps[1]
        assert (done.state, done.started_on, done.finished_on) == (
            "done",
            date(2026, 3, 2),
            date(2026, 3, 3),
        )
        assert current.state == "current" and current.expected_on == date(2026, 3, 17)
        assert timeline.aan_zet.who == "samen"
        assert timeline.aan_zet.task == "Maak een afspraak met uw contactpersoon."


def test_a_late_phase_says_so_and_plans_the_rest_from_today(app, world):
    with in_app(app, world):
        from initiatief.dates.timeline import build_timeline

        initiative = submit(MONDAY)
        visit = initiative.current_visit
        visit.delay_reason = "Uw contactpersoon is ziek."
        today = date(2026, 3, 10)  # due 4 March
        timeline = build_timeline(initiative, CAL, today)
        assert timeline.current.late is True
        assert timeline.current.delay_reason == "Uw contactpersoon is ziek."
        assert timeline.steps[1].expected_on == CAL.add_working_days(today, 10)


def test_paused_initiative_waits_on_the_resident(app, world):
    with in_app(app, world):
        from initiatief.dates.timeline import build_timeline

        initiative = submit(MONDAY)
        initiative.status = Status.PAUSED
        db.session.add(
            Pause(
                visit=initiative.current_visit,
                started_at=MONDAY,
                waiting_on="initiatiefnemer",
                reason="Stuur ons de begroting.",
            )
        )
        db.session.flush()
        db.session.refresh(initiative.current_visit)
        timeline = build_timeline(initiative, CAL, date(2026, 3, 3))
        assert timeline.aan_zet.who == "initiatiefnemer"
        assert timeline.aan_zet.task == "Stuur ons de begroting."


def test_closed_initiative_has_no_current_step(app, world):
    with in_app(app, world):
        from initiatief.dates.timeline import build_timeline

        initiative = submit(MONDAY)
        move_on(initiative, datetime(2026, 3, 3, tzinfo=UTC))
        initiative.current_visit.left_at = datetime(2026, 3, 4, tzinfo=UTC)
        initiative.status = Status.STOPPED
        timeline = build_timeline(initiative, CAL, date(2026, 3, 5))
        assert [s.state for s in timeline.steps] == ["done", "done"] + ["not_reached"] * 4
        assert timeline.current is None and timeline.aan_zet.who == "niemand"


def test_status_page_shows_timeline_with_current_step_marked(app, world):
    with app.app_context():
        initiative = submit(MONDAY)
        move_on(initiative, datetime(2026, 3, 3, 10, tzinfo=UTC))
        db.session.commit()
        number = initiative.number
    client = app.test_client()
    login_resident(app, client, "fatima@voorbeeld.example")
    page = client.get(f"/mijn/initiatief/{number}").get_data(as_text=True)
    assert page.count('aria-current="step"') == 1
    assert "Afgerond" in page and "Nu bezig" in page and "Nog niet gestart" in page
    assert "Anna de Vries" in page and "Bel mij terug" in page
    assert "Dit duurt langer dan wij hadden gezegd" in page  # due 17 March 2026, long past
