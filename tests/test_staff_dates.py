"""Dates staff promise: only working days, and a moved date always shows the old date and why."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import select

from initiatief.dates.planning import load_calendar
from initiatief.dates.timeline import build_timeline
from initiatief.extensions import db
from initiatief.models import ClosedDay, Initiative
from initiatief.services import actions
from initiatief.services.errors import DomainError
from tests.factories import act, at, login_resident, submit
from tests.shared_fixtures import in_app
from tests.staff_helpers import sign_in

MONDAY = datetime(2026, 3, 2, 9, tzinfo=UTC)
# Monday 7 December 2026: Friday 1 January 2027 (Nieuwjaarsdag) lies ahead.
DECEMBER = datetime(2026, 12, 7, 9, tzinfo=UTC)


def to_besluit(world, now: datetime) -> Initiative:
    """A committed intake moved on to Besluit: the next phase, Uitvoering, has no norm."""
    initiative = submit(now)
    while initiative.current_visit.phase.name != "Besluit":
        act(world, actions.advance, initiative, now)
    db.session.commit()
    return initiative


@pytest.fixture
def closed_day(app):
    """Monday 28 December 2026: the municipality closes between Christmas and New Year."""
    with app.app_context():
        db.session.add(ClosedDay(day=date(2026, 12, 28), reason="Tussen kerst en oud en nieuw"))
        db.session.commit()


@pytest.mark.parametrize(
    ("day", "suggestion"),
    [
        (date(2027, 1, 1), "4 januari 2027"),  # Nieuwjaarsdag, a Friday
        (date(2026, 12, 26), "29 december 2026"),  # Saturday; Monday the 28th is closed
        (date(2026, 12, 28), "29 december 2026"),  # the municipality's closed day
    ],
)
def test_a_date_for_a_phase_without_norm_must_be_a_working_day(
    app, world, closed_day, day, suggestion
):
    with in_app(app, world):
        initiative = to_besluit(world, DECEMBER)
        expected = f"{day.day} \\w+ {day.year} is geen werkdag. Kies een werkdag, bijvoorbeeld"
        with pytest.raises(DomainError, match=expected) as refused:
            act(world, actions.advance, initiative, DECEMBER, due_on=day)
        assert suggestion in str(refused.value) and refused.value.field == "due_on"


def test_a_working_day_for_a_phase_without_norm_is_taken(app, world, closed_day):
    with in_app(app, world):
        initiative = to_besluit(world, DECEMBER)
        act(world, actions.advance, initiative, DECEMBER, due_on=date(2027, 1, 4))
        assert initiative.current_visit.due_on == date(2027, 1, 4)


def test_an_extension_to_a_day_off_is_refused_with_the_next_working_day(app, world, closed_day):
    with in_app(app, world):
        initiative = submit(MONDAY)
        with pytest.raises(DomainError, match="bijvoorbeeld 7 april 2026") as refused:
            act(world, actions.extend, initiative, MONDAY, new_due=date(2026, 4, 4), reason="Ziek.")
        assert refused.value.field == "new_due"  # Saturday 4 April; Easter Sunday and Monday follow


def test_the_staff_page_says_so_and_keeps_the_typed_date(app, world, closed_day):
    with in_app(app, world):
        number = to_besluit(world, DECEMBER).number
        version = db.session.execute(
            select(Initiative.version).where(Initiative.number == number)
        ).scalar_one()
    client = app.test_client()
    with time_machine.travel(DECEMBER, tick=False):
        sign_in(app, client, "anna@gemeente.example")
        response = client.post(
            f"/medewerker/initiatief/{number}/actie/advance",
            data={"version": version, "due_on": "2027-01-01"},
        )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "1 januari 2027 is geen werkdag" in page and "4 januari 2027" in page
    due_field = re.search(r"<input[^>]*name=\"due_on\"[^>]*>", page).group(0)
    assert 'value="2027-01-01"' in due_field


def test_an_early_extension_shows_the_new_date_the_old_date_and_why(app, world, closed_day):
    """Before the old date passes, the resident already reads all three."""
    with in_app(app, world):
        initiative = submit(MONDAY)  # Ontvangen, due Wednesday 4 March
        act(
            world,
            actions.extend,
            initiative,
            at(3, 3),
            new_due=date(2026, 3, 11),
            reason="Uw contactpersoon is ziek.",
        )
        db.session.commit()
        step = build_timeline(initiative, load_calendar(), date(2026, 3, 3)).current
        assert not step.late
        assert (step.expected_on, step.moved_from) == (date(2026, 3, 11), date(2026, 3, 4))
        assert step.delay_reason == "Uw contactpersoon is ziek."
        number = initiative.number
    client = app.test_client()
    with time_machine.travel(at(3, 3), tick=False):
        login_resident(app, client, "fatima@voorbeeld.example")
        page = client.get(f"/mijn/initiatief/{number}").get_data(as_text=True)
    current = page.split('aria-current="step"')[1].split("</li>")[0]
    assert "Klaar uiterlijk 11 maart 2026." in current
    assert "Dit is later dan wij eerst zeiden (4 maart 2026)." in current
    assert "De reden: Uw contactpersoon is ziek." in current


def test_a_date_moved_by_a_pause_says_the_old_date_and_that_it_lay_still(app, world, closed_day):
    with in_app(app, world):
        initiative = submit(MONDAY)  # due Wednesday 4 March
        act(
            world,
            actions.pause,
            initiative,
            MONDAY,
            waiting_on="initiatiefnemer",
            reason="Tekening.",
        )
        act(world, actions.resume, initiative, at(3, 4))  # two working days later
        step = build_timeline(initiative, load_calendar(), date(2026, 3, 4)).current
        assert step.moved_from == date(2026, 3, 4) and step.expected_on == date(2026, 3, 6)
        assert step.paused and not step.delay_reason


def test_an_unmoved_date_says_nothing_about_moving(app, world, closed_day):
    with in_app(app, world):
        initiative = submit(MONDAY)
        step = build_timeline(initiative, load_calendar(), date(2026, 3, 2)).current
        assert step.moved_from is None and not step.paused
