"""A coördinator exports or anonymises one initiative's resident data on request, audited."""

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import AuditEntry, Event, EventKind, Initiative, Role, User
from tests.factories import make_world, submit
from tests.staff_helpers import sign_in

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
COCO = "coco@gemeente.example"
ANNA = "anna@gemeente.example"


@pytest.fixture
def number(app):
    with app.app_context():
        world = make_world()
        db.session.add(User(email=COCO, name="Coco Coördinator", role=Role.COORDINATOR))
        initiative = submit(T0, wijk_id=world.wijken["centrum"].id, phone="06 11112222")
        db.session.commit()
        return initiative.number


@pytest.fixture
def coco(app, number):
    client = app.test_client()
    sign_in(app, client, COCO)
    return client


def audit_lines(app) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(AuditEntry.action, AuditEntry.reason).order_by(AuditEntry.id)
        ).all()
        return [tuple(row) for row in rows]


def initiator(app, number):
    with app.app_context():
        initiative = db.session.execute(
            select(Initiative).where(Initiative.number == number)
        ).scalar_one()
        person = initiative.initiator
        return person.name, person.email, person.phone, person.anonymised_at


def test_the_initiative_page_links_to_it_for_coordinators_only(app, coco, number):
    page = coco.get(f"/medewerker/initiatief/{number}").get_data(as_text=True)
    assert f'href="/medewerker/initiatief/{number}/gegevens"' in page
    anna = app.test_client()
    sign_in(app, anna, ANNA)
    page = anna.get(f"/medewerker/initiatief/{number}").get_data(as_text=True)
    assert "/gegevens" not in page
    assert anna.get(f"/medewerker/initiatief/{number}/gegevens").status_code == 403


def test_the_page_shows_no_personal_data_and_is_not_audited(app, coco, number):
    page = coco.get(f"/medewerker/initiatief/{number}/gegevens").get_data(as_text=True)
    assert "Gegevens exporteren" in page and "Gegevens anonimiseren" in page
    assert "Fatima" not in page and "voorbeeld.example" not in page
    assert audit_lines(app) == []


def test_an_export_needs_a_reason(app, coco, number):
    response = coco.post(
        f"/medewerker/initiatief/{number}/gegevens/export", data={"export-reason": " "}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Schrijf op waarom u de gegevens exporteert." in page
    assert 'aria-describedby="export-reason-fout"' in page
    assert audit_lines(app) == []


def test_the_export_is_the_initiatives_data_as_json_audited_with_the_reason(app, coco, number):
    response = coco.post(
        f"/medewerker/initiatief/{number}/gegevens/export",
        data={"export-reason": "Brief van de inwoner, 1 maart"},
    )
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert f'filename="gegevens-{number}-' in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    text = json.dumps(data, ensure_ascii=False)
    assert number in text and "Fatima el Amrani" in text and "06 11112222" in text
    assert audit_lines(app) == [("export", "Brief van de inwoner, 1 maart")]


def test_anonymising_asks_a_reason_then_confirmation_then_removes_the_data(app, coco, number):
    base = f"/medewerker/initiatief/{number}/gegevens/anonimiseren"
    refused = coco.post(base, data={"anonimiseren-reason": ""})
    assert refused.status_code == 422
    assert "Schrijf op waarom u de gegevens verwijdert." in refused.get_data(as_text=True)

    confirm = coco.post(base, data={"anonimiseren-reason": "Verzoek <per> telefoon"})
    page = confirm.get_data(as_text=True)
    assert confirm.status_code == 200
    assert "Dit gaat weg" in page and "Dit blijft" in page
    assert 'name="anonimiseren-reason" value="Verzoek &lt;per&gt; telefoon"' in page
    assert initiator(app, number)[3] is None  # nothing happened yet
    assert audit_lines(app) == []

    done = coco.post(
        base, data={"anonimiseren-reason": "Verzoek <per> telefoon", "bevestigd": "ja"}
    )
    assert done.status_code == 303
    assert done.headers["Location"].endswith(f"/medewerker/initiatief/{number}")
    name, email, phone, anonymised_at = initiator(app, number)
    assert anonymised_at is not None
    assert "Fatima" not in name and "fatima" not in email and "1111" not in phone
    assert audit_lines(app) == [("anonymise", "Verzoek <per> telefoon")]
    with app.app_context():
        coco_id = db.session.execute(select(User.id).where(User.email == COCO)).scalar_one()
        entry = db.session.execute(select(AuditEntry)).scalar_one()
        assert entry.actor == f"user:{coco_id}"
        event = db.session.execute(
            select(Event).where(Event.kind == EventKind.ANONYMISED)
        ).scalar_one()
        assert "Verzoek <per> telefoon" in event.body
    page = coco.get(done.headers["Location"]).get_data(as_text=True)
    assert "De gegevens van de inwoner zijn verwijderd." in page


def test_anonymising_twice_changes_nothing_the_second_time(app, coco, number):
    base = f"/medewerker/initiatief/{number}/gegevens/anonimiseren"
    coco.post(base, data={"anonimiseren-reason": "Verzoek", "bevestigd": "ja"})
    again = coco.post(base, data={"anonimiseren-reason": "Verzoek", "bevestigd": "ja"})
    assert again.status_code == 303
    assert "waren al verwijderd" in coco.get(again.headers["Location"]).get_data(as_text=True)
    assert coco.post(base, data={"anonimiseren-reason": "Nog eens"}).status_code == 409
    assert [action for action, _ in audit_lines(app)].count("anonymise") == 1
