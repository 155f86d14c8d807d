"""Intake through the real form: validation, routing, receipt mail in the same transaction."""

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from initiatief.extensions import db
from initiatief.models import Event, Initiative, OutboxMail, PhaseVisit
from initiatief.services.intake import submit_initiative
from tests.factories import intake_data, make_world, submit
from tests.samples import INTAKE_FORM
from tests.shared_fixtures import in_app


@pytest.fixture
def wijk_ids(app, world):
    """The standard world's wijken by key, as ids for the intake form."""
    with in_app(app, world):
        return {"centrum": world.wijken["centrum"].id, "haven": world.wijken["haven"].id}


def post(client, action="check", **changes):
    data = {**INTAKE_FORM, **changes, "action": action}
    return client.post(
        "/initiatief-indienen", data={k: v for k, v in data.items() if v is not None}
    )


def count(model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_empty_form_shows_every_required_field_in_the_summary(client, wijk_ids):
    response = client.post("/initiatief-indienen", data={"action": "check"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "<title>Fout: Initiatief indienen" in page
    for message in [
        "Vul de naam van uw initiatief in.",
        "Beschrijf uw idee in het kort.",
        "Vertel wat meer over uw idee.",
        "Kies een onderwerp.",
        "Kies een wijk, of kies",
        "Kies minstens één soort hulp.",
        "Vul uw naam in.",
        "Vul uw e-mailadres in.",
        "Kies hoe wij contact met u opnemen.",
        "Geef aan dat u de privacyverklaring heeft gelezen.",
    ]:
        assert message in page
    assert 'href="#title"' in page and 'href="#theme-0"' in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Vul de naam van uw initiatief in."),
        ({"email": "fatima@"}, "Vul een e-mailadres in zoals naam@voorbeeld.nl."),
        ({"title": "x" * 121}, "De naam mag niet langer zijn dan 120 tekens."),
        ({"description": "x" * 5001}, "Deze tekst mag niet langer zijn dan 5.000 tekens."),
        ({"amount": None}, "Vul in hoeveel geld u ongeveer vraagt."),
        ({"amount": "-5"}, "Vul een bedrag in tussen 1 en 1.000.000 euro."),
        ({"contact_preference": "telefoon", "phone": ""}, "want u wilt gebeld worden"),
        ({"contact_preference": "brief"}, "Vul uw adres in, want u wilt post van ons krijgen."),
        ({"consent": None}, "Geef aan dat u de privacyverklaring heeft gelezen."),
        ({"theme": "bestaat-niet"}, "Ongeldige keuze."),
    ],
)
def test_bad_input_is_refused_with_a_dutch_message_and_keeps_what_was_typed(
    app, client, wijk_ids, changes, message
):
    response = post(client, **changes)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page or message.replace("'", "&#39;") in page
    assert 'aria-invalid="true"' in page
    # Everything else typed is still there.
    assert "Een moestuin voor de buurt." in page
    assert 'value="Fatima el Amrani"' in page
    with app.app_context():
        assert count(Initiative) == 0


def test_check_page_shows_answers_and_sends_nothing(client, wijk_ids, app):
    response = post(client, "check")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Controleer uw gegevens" in page
    assert "Weet ik niet" in page and "€ 750" in page and "1 juni 2026" in page
    with app.app_context():
        assert count(Initiative) == 0 and count(OutboxMail) == 0


def test_edit_from_check_page_returns_to_the_form_with_everything_filled_in(client, wijk_ids):
    page = post(client, "edit").get_data(as_text=True)
    assert 'value="Moestuin aan de Lindelaan"' in page
    assert "aria-invalid" not in page


def test_send_creates_initiative_routes_it_and_queues_the_receipt(client, wijk_ids, app):
    response = post(client, "send", wijk=str(wijk_ids["haven"]))
    assert response.status_code == 303
    location = response.headers["Location"]
    number = re.search(r"INI-\d{4}-\d{4}", location).group(0)
    confirmation = client.get(location)
    assert confirmation.status_code == 200
    page = confirmation.get_data(as_text=True)
    assert number in page and "Cor Bakker" in page
    assert confirmation.headers["Cache-Control"] == "no-store"
    with app.app_context():
        initiative = db.session.execute(select(Initiative)).scalar_one()
        assert initiative.team.name == "Wijkteam Zuid"
        assert initiative.contact.name == "Cor Bakker"
        assert initiative.initiator.email == "fatima@voorbeeld.example"
        assert initiative.amount_euros == 750
        mail = db.session.execute(select(OutboxMail)).scalar_one()
        assert mail.to_address == "fatima@voorbeeld.example"
        assert number in mail.subject
        assert f"/mijn/initiatief/{number}" in mail.text_body


def test_confirmation_is_only_shown_in_the_browser_that_sent_it(client, wijk_ids, app):
    location = post(client, "send").headers["Location"]
    other_browser = app.test_client()
    assert other_browser.get(location).status_code == 404


def test_missing_csrf_token_is_a_400_with_a_dutch_page(app, wijk_ids):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    response = client.post("/initiatief-indienen", data={**INTAKE_FORM, "action": "send"})
    assert response.status_code == 400
    assert "Het formulier is verlopen" in response.get_data(as_text=True)


def test_routing_unknown_wijk_goes_to_the_unrouted_team_and_least_busy_member(app):
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with app.app_context():
        make_world()
        first = submit(now)
        second = submit(now)
        third = submit(now)
        assert first.team.name == "Wijkteam Noord"
        # Anna (lowest id) first, then Bram who has fewer, then Anna again.
        assert [first.contact.name, second.contact.name, third.contact.name] == [
            "Anna de Vries",
            "Bram Jansen",
            "Anna de Vries",
        ]


def test_numbers_count_up_per_year(app):
    with app.app_context():
        make_world()
        a = submit(datetime(2026, 12, 31, 12, tzinfo=UTC))
        b = submit(datetime(2026, 12, 31, 13, tzinfo=UTC))
        # 23.30 UTC on 31 December is already 2027 in Amsterdam.
        c = submit(datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
        assert [a.number, b.number, c.number] == ["INI-2026-0001", "INI-2026-0002", "INI-2027-0001"]


def test_first_phase_is_entered_with_its_due_date_stored(app):
    friday_evening = datetime(2026, 3, 6, 20, 30, tzinfo=UTC)
    with app.app_context():
        world = make_world()
        initiative = submit(friday_evening)
        visit = initiative.current_visit
        assert visit.phase.name == "Ontvangen"
        assert visit.due_on == date(2026, 3, 10) == visit.promised_on
        kinds = {e.kind for e in db.session.execute(select(Event)).scalars()}
        assert kinds == {"submitted", "assigned"}
        db.session.commit()
        # A beheerder makes the norm longer: the stored promise does not change.
        world.journey.phases[0].norm_days = 20
        db.session.commit()
        assert db.session.get(PhaseVisit, visit.id).due_on == date(2026, 3, 10)


def test_receipt_mail_exists_only_if_the_initiative_does(app):
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with app.app_context():
        make_world()
        db.session.commit()
        submit_initiative(intake_data(), now)
        assert count(OutboxMail) == 1
        db.session.rollback()
        assert count(OutboxMail) == 0 and count(Initiative) == 0
        submit_initiative(intake_data(), now)
        db.session.commit()
        assert count(OutboxMail) == 1 and count(Initiative) == 1


def test_receipt_never_carries_links_from_resident_text(app):
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with app.app_context():
        make_world()
        submit(now, title="Speeltuin, zie https://evil.example/login", name="Jan www.evil.example")
        mail = db.session.execute(select(OutboxMail)).scalar_one()
        for body in (mail.text_body, mail.html_body):
            assert "evil.example" not in body
            assert "[link weggelaten]" in body
