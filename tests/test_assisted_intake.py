"""Residents who are not online: a coördinator takes the intake, and prints the letter."""

import pytest
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import AuditEntry, Event, Initiative, OutboxMail, Role, User
from tests.factories import make_world
from tests.samples import INTAKE_FORM
from tests.staff_helpers import sign_in

BY_PHONE = {
    **INTAKE_FORM,
    "email": "",
    "contact_preference": "brief",
    "postal_address": "Lindelaan 4\n1234 AB Voorbeeld",
    "name": "Mevrouw Jansen",
}


@pytest.fixture
def coordinator(app):
    with app.app_context():
        make_world()
        db.session.add(User(email="coco@gemeente.example", name="Coco", role=Role.COORDINATOR))
        db.session.commit()
    client = app.test_client()
    sign_in(app, client, "coco@gemeente.example")
    return client


def test_intake_without_email_for_a_resident_who_wants_letters(app, coordinator):
    response = coordinator.post("/medewerker/intake", data=BY_PHONE)
    assert response.status_code == 303
    assert "/brief" in response.headers["Location"]
    letter = coordinator.get(response.headers["Location"])
    page = letter.get_data(as_text=True)
    assert "Mevrouw Jansen" in page and "Lindelaan 4" in page and "Uw contactpersoon" in page
    with app.app_context():
        initiative = db.session.execute(select(Initiative)).scalar_one()
        assert initiative.initiator.email == ""
        assert db.session.execute(select(OutboxMail)).first() is None  # nobody to mail
        submitted = db.session.execute(select(Event).where(Event.kind == "submitted")).scalar_one()
        assert submitted.data["channel"] == "medewerker" and submitted.actor.name == "Coco"
        actions = db.session.execute(select(AuditEntry.action)).scalars().all()
        assert actions == ["create", "print"]


def test_email_is_needed_when_the_resident_wants_email(coordinator):
    response = coordinator.post(
        "/medewerker/intake", data={**BY_PHONE, "contact_preference": "email"}
    )
    assert response.status_code == 422
    assert "want de inwoner wil contact per e-mail" in response.get_data(as_text=True)
    assert 'value="Mevrouw Jansen"' in response.get_data(as_text=True)


def test_medewerkers_cannot_use_the_assisted_intake(app):
    with app.app_context():
        make_world()
        db.session.commit()
    client = app.test_client()
    sign_in(app, client, "anna@gemeente.example")
    assert client.get("/medewerker/intake").status_code == 403
