"""The staff workspace through HTTP: worklist filters, actions, conflicts, profile."""

import io
import re
from datetime import UTC, datetime

import pytest
from PIL import Image
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import Event, Initiative, OutboxMail, User
from tests.factories import submit
from tests.shared_fixtures import in_app
from tests.staff_helpers import sign_in

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def two_intakes(app, world):
    """Two intakes in Centrum (team Noord), Anna the contact of both."""
    with in_app(app, world):
        first = submit(T0, wijk_id=world.wijken["centrum"].id, title="Moestuin")
        second = submit(T0, wijk_id=world.wijken["centrum"].id, title="Buurtfeest")
        db.session.commit()
        return {"first": first.number, "second": second.number}


@pytest.fixture
def anna(app, two_intakes):
    client = app.test_client()
    sign_in(app, client, "anna@gemeente.example")
    return client


def version_of(app, number):
    with app.app_context():
        return db.session.execute(
            select(Initiative.version).where(Initiative.number == number)
        ).scalar_one()


def post_action(client, number, action, version, **data):
    return client.post(
        f"/medewerker/initiatief/{number}/actie/{action}", data={"version": version, **data}
    )


def test_worklist_tabs_filters_and_search(anna, two_intakes):
    mine = anna.get("/medewerker/").get_data(as_text=True)
    assert two_intakes["first"] in mine  # Anna is the contact of the first intake
    found = anna.get("/medewerker/?weergave=alle&zoek=buurt").get_data(as_text=True)
    assert two_intakes["second"] in found and two_intakes["first"] not in found
    new = anna.get("/medewerker/?weergave=nieuw&fase=Ontvangen").get_data(as_text=True)
    assert two_intakes["first"] in new
    late = anna.get("/medewerker/?weergave=te-laat&sorteer=nummer").get_data(as_text=True)
    assert two_intakes["first"] in late  # due early March 2026: long past
    nothing = anna.get("/medewerker/?weergave=gepauzeerd").get_data(as_text=True)
    assert "Hier staat nu niets" in nothing
    # Nonsense in the query string falls back to defaults instead of failing.
    assert anna.get("/medewerker/?weergave=x&pagina=abc&wijk=%27&sorteer=drop").status_code == 200


def test_advance_moves_the_phase_and_tells_the_resident(app, anna, two_intakes):
    number = two_intakes["first"]
    response = post_action(anna, number, "advance", version_of(app, number), message="Tot snel!")
    assert response.status_code == 303
    page = anna.get(f"/medewerker/initiatief/{number}").get_data(as_text=True)
    assert "Het initiatief staat in de volgende fase." in page
    with app.app_context():
        initiative = db.session.execute(
            select(Initiative).where(Initiative.number == number)
        ).scalar_one()
        assert initiative.current_visit.phase.name == "Kennismaking"
        kinds = (
            db.session.execute(
                select(OutboxMail.kind).where(OutboxMail.initiative_id == initiative.id)
            )
            .scalars()
            .all()
        )
        assert len(kinds) >= 2  # receipt and the phase mail


def test_a_conflicting_edit_is_refused_and_keeps_the_text(app, two_intakes):
    number = two_intakes["first"]
    first, second = app.test_client(), app.test_client()
    sign_in(app, first, "anna@gemeente.example")
    sign_in(app, second, "bram@gemeente.example")
    seen = version_of(app, number)
    assert post_action(first, number, "note", seen, body="Eerste notitie").status_code == 303
    refused = post_action(second, number, "update", seen, body="Mijn lange bericht aan de inwoner")
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "Iemand anders heeft dit initiatief intussen gewijzigd" in page
    assert "Mijn lange bericht aan de inwoner" in page
    with app.app_context():
        bodies = (
            db.session.execute(select(Event.body).where(Event.kind == "update")).scalars().all()
        )
        assert bodies == []


def test_update_preview_shows_what_the_resident_will_see_and_saves_nothing(app, anna, two_intakes):
    number = two_intakes["first"]
    response = post_action(
        anna, number, "update", version_of(app, number), body="**Goed nieuws**", preview="1"
    )
    assert response.status_code == 200
    assert "<strong>Goed nieuws</strong>" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(Event).where(Event.kind == "update")).first() is None


def test_invalid_action_input_gets_a_dutch_message(app, anna, two_intakes):
    number = two_intakes["first"]
    response = post_action(
        anna, number, "pause", version_of(app, number), waiting_on="initiatiefnemer", reason=""
    )
    assert response.status_code == 422
    assert "Schrijf op wat er nodig is" in response.get_data(as_text=True)
    assert post_action(anna, number, "pause", "geen-getal", reason="x").status_code == 400
    assert post_action(anna, number, "bestaat-niet", 1).status_code == 404


def test_pause_and_resume_through_the_page(app, anna, two_intakes):
    number = two_intakes["first"]
    assert (
        post_action(
            anna,
            number,
            "pause",
            version_of(app, number),
            waiting_on="initiatiefnemer",
            reason="Stuur de begroting.",
        ).status_code
        == 303
    )
    assert "Klok weer laten lopen" in anna.get(f"/medewerker/initiatief/{number}").get_data(
        as_text=True
    )
    assert post_action(anna, number, "resume", version_of(app, number)).status_code == 303


def test_callback_can_be_marked_as_called(app, anna, two_intakes):
    from initiatief.models import CallbackRequest, utcnow
    from initiatief.services.callbacks import request_callback

    with app.app_context():
        initiative = db.session.execute(
            select(Initiative).where(Initiative.number == two_intakes["first"])
        ).scalar_one()
        callback = request_callback(initiative, "06 1234", "middag", utcnow())
        db.session.commit()
        callback_id = callback.id
    url = f"/medewerker/initiatief/{two_intakes['first']}/terugbelverzoek/{callback_id}"
    assert anna.post(url, data={"note": "Gesproken"}).status_code == 303
    with app.app_context():
        assert db.session.get(CallbackRequest, callback_id).handled_at is not None
    # Another initiative's id in the URL does not reach this call-back.
    other = f"/medewerker/initiatief/{two_intakes['second']}/terugbelverzoek/{callback_id}"
    assert anna.post(other, data={"note": "x"}).status_code == 404


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (600, 800), (200, 120, 80)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_profile_edit_with_photo_upload(app, anna):
    data = {
        "name": "Anna de Vries",
        "job_title": "Makelaar",
        "phone": "14 0000",
        "reachable": "ma-do",
        "introduction": "Ik help u graag.",
        "photo": (io.BytesIO(jpeg_bytes()), "../../etc/passwd.jpg"),
    }
    response = anna.post("/medewerker/profiel", data=data, content_type="multipart/form-data")
    assert response.status_code == 303
    with app.app_context():
        user = db.session.execute(
            select(User).where(User.email == "anna@gemeente.example")
        ).scalar_one()
        assert user.photo and "/" not in user.photo and user.job_title == "Makelaar"
        photo_id = user.id
    photo = anna.get(f"/medewerkers/{photo_id}/foto")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    photo.close()
    bad = {**data, "photo": (io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), "x.jpg")}
    refused = anna.post("/medewerker/profiel", data=bad, content_type="multipart/form-data")
    assert refused.status_code == 400
    assert 'value="Makelaar"' in refused.get_data(as_text=True)


def test_worklist_pages_through_many_initiatives(app, two_intakes):
    with app.app_context():
        for index in range(30):
            submit(T0, title=f"Plan {index:02d}")
        db.session.commit()
    client = app.test_client()
    sign_in(app, client, "anna@gemeente.example")
    first = client.get("/medewerker/?weergave=alle&sorteer=nummer").get_data(as_text=True)
    assert "Pagina 1 van 2" in first and "32 initiatieven" in first
    second = client.get("/medewerker/?weergave=alle&sorteer=nummer&pagina=2").get_data(as_text=True)
    assert "Pagina 2 van 2" in second
    numbers_first = set(re.findall(r"INI-\d{4}-\d{4}", first))
    numbers_second = set(re.findall(r"INI-\d{4}-\d{4}", second))
    assert len(numbers_first) == 25 and len(numbers_second) == 7
    assert not numbers_first & numbers_second
    # A page past the end shows the last page rather than an error.
    assert "Pagina 2 van 2" in client.get("/medewerker/?weergave=alle&pagina=99").get_data(
        as_text=True
    )


def test_sent_mail_shows_in_the_internal_history(app, anna, two_intakes, smtp_server):
    from initiatief.mail.dispatcher import dispatch_due
    from initiatief.models import utcnow

    with app.app_context():
        dispatch_due(utcnow())
    page = anna.get(f"/medewerker/initiatief/{two_intakes['first']}").get_data(as_text=True)
    assert "Mail 'ontvangstbevestiging' verstuurd aan initiatiefnemer" in page
