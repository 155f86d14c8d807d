"""The coördinator's side of a deletion request: the box, the two answers, the worklist."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from initiatief.dates.planning import today_local
from initiatief.extensions import db
from initiatief.models import (
    DataRequest,
    DataRequestStatus,
    Initiative,
    OutboxMail,
    Role,
    User,
    utcnow,
)
from tests.factories import submit
from tests.shared_fixtures import in_app
from tests.staff_helpers import sign_in

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
FATIMA = "fatima@voorbeeld.example"


@pytest.fixture
def open_data_request(app, world):
    """One running initiative (Anna's) with an open request; Cor is coördinator."""
    with in_app(app, world):
        world.staff["cor"].role = Role.COORDINATOR
        initiative = submit(T0)
        due = today_local(utcnow()) + timedelta(days=20)
        db.session.add(DataRequest(initiative=initiative, requested_at=T0, due_on=due))
        db.session.commit()
        return {"number": initiative.number, "due": due}


@pytest.fixture
def cor(app, open_data_request):
    client = app.test_client()
    sign_in(app, client, "cor@gemeente.example")
    return client


@pytest.fixture
def anna(app, open_data_request):
    client = app.test_client()
    sign_in(app, client, "anna@gemeente.example")
    return client


def the_request(app) -> DataRequest:
    with app.app_context():
        request = db.session.scalar(select(DataRequest))
        request.initiative.initiator  # noqa: B018 (loaded before the session ends)
        return request


def outbox(app, kind: str) -> list[OutboxMail]:
    with app.app_context():
        return list(db.session.scalars(select(OutboxMail).where(OutboxMail.kind == kind)))


def test_the_coordinator_sees_the_box_with_both_answers(open_data_request, cor):
    page = cor.get(f"/medewerker/initiatief/{open_data_request['number']}").get_data(as_text=True)
    assert "Verzoek om gegevens te verwijderen, antwoord vóór" in page
    assert (
        f'action="/medewerker/initiatief/{open_data_request["number"]}/verwijderverzoek/bewaren"'
        in page
    )
    assert "/verwijderverzoek/nu-verwijderen" in page
    assert "Te laat" not in page


def test_a_medewerker_sees_it_read_only_and_may_not_answer(app, open_data_request, anna):
    page = anna.get(f"/medewerker/initiatief/{open_data_request['number']}").get_data(as_text=True)
    assert "Verzoek om gegevens te verwijderen, antwoord vóór" in page
    assert "/verwijderverzoek/" not in page
    assert "Een coördinator beantwoordt dit verzoek." in page
    for answer in ("nu-verwijderen", "bewaren"):
        response = anna.post(
            f"/medewerker/initiatief/{open_data_request['number']}/verwijderverzoek/{answer}",
            data={"reason": "Nodig."},
        )
        assert response.status_code == 403
    assert the_request(app).status == DataRequestStatus.OPEN


def test_remove_now(app, open_data_request, cor):
    response = cor.post(
        f"/medewerker/initiatief/{open_data_request['number']}/verwijderverzoek/nu-verwijderen",
        data={"note": "Gebeld: mag weg."},
    )
    assert response.status_code == 303
    request = the_request(app)
    assert request.status == DataRequestStatus.DONE
    assert request.initiative.initiator.anonymised_at is not None
    [mail] = outbox(app, "gegevens_verwijderd")
    assert mail.to_address == FATIMA
    page = cor.get(response.headers["Location"]).get_data(as_text=True)
    assert "De gegevens zijn verwijderd." in page
    assert "Verzoek om gegevens te verwijderen" not in page
    again = cor.post(
        f"/medewerker/initiatief/{open_data_request['number']}/verwijderverzoek/nu-verwijderen"
    )
    assert again.status_code == 409
    assert "Er is geen open verzoek" in again.get_data(as_text=True)


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Schrijf waarom wij de gegevens nog nodig hebben."),
        ("   ", "Schrijf waarom wij de gegevens nog nodig hebben."),
        ("subsidie " * 200, "De reden is te lang."),
    ],
)
def test_keeping_needs_a_reason_and_keeps_what_was_typed(
    app, open_data_request, cor, reason, message
):
    response = cor.post(
        f"/medewerker/initiatief/{open_data_request['number']}/verwijderverzoek/bewaren",
        data={"reason": reason},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert 'aria-invalid="true"' in page
    if reason.strip():
        assert reason.strip()[:50] in page
    assert the_request(app).status == DataRequestStatus.OPEN
    assert outbox(app, "gegevens_bewaard") == []


def test_keep_until_closing_then_the_page_says_so(app, open_data_request, cor):
    response = cor.post(
        f"/medewerker/initiatief/{open_data_request['number']}/verwijderverzoek/bewaren",
        data={"reason": "Wij betalen de subsidie nog uit."},
    )
    assert response.status_code == 303
    request = the_request(app)
    assert request.status == DataRequestStatus.AFTER_CLOSING
    assert request.answer == "Wij betalen de subsidie nog uit."
    [mail] = outbox(app, "gegevens_bewaard")
    assert "Wij betalen de subsidie nog uit." in mail.text_body
    page = cor.get(response.headers["Location"]).get_data(as_text=True)
    assert "Gegevens verwijderen zodra het initiatief klaar is" in page
    assert "/verwijderverzoek/" not in page
    again = cor.post(
        f"/medewerker/initiatief/{open_data_request['number']}/verwijderverzoek/bewaren",
        data={"reason": "Nog steeds."},
    )
    assert again.status_code == 409 and "al beantwoord" in again.get_data(as_text=True)


def test_out_of_scope_or_unknown_is_a_404(app, open_data_request, cor):
    with app.app_context():
        db.session.get(User, 3).role = Role.MEDEWERKER  # Cor, of team Zuid: not his initiative
        db.session.commit()
    response = cor.get(f"/medewerker/initiatief/{open_data_request['number']}")
    assert response.status_code == 404
    with app.app_context():
        db.session.get(User, 3).role = Role.COORDINATOR
        db.session.commit()
    response = cor.post("/medewerker/initiatief/INI-2026-9999/verwijderverzoek/bewaren")
    assert response.status_code == 404


def test_without_a_csrf_token_nothing_happens(app, open_data_request, cor):
    app.config["WTF_CSRF_ENABLED"] = True
    response = cor.post(
        f"/medewerker/initiatief/{open_data_request['number']}/verwijderverzoek/nu-verwijderen"
    )
    assert response.status_code == 400
    assert the_request(app).status == DataRequestStatus.OPEN


def test_the_worklist_finds_open_requests_and_marks_overdue_ones(app, open_data_request, cor):
    with app.app_context():
        other = submit(T0, title="Buurtfeest")
        db.session.commit()
        other_number = other.number
    page = cor.get("/medewerker/?weergave=verwijderverzoek").get_data(as_text=True)
    assert open_data_request["number"] in page and other_number not in page
    assert "Verwijderverzoek, antwoord vóór" in page and "(te laat)" not in page
    everything = cor.get("/medewerker/?weergave=alle").get_data(as_text=True)
    assert everything.count("Verwijderverzoek, antwoord vóór") == 1

    with app.app_context():
        db.session.scalar(select(DataRequest)).due_on = date(2026, 4, 2)
        db.session.commit()
    page = cor.get("/medewerker/?weergave=verwijderverzoek").get_data(as_text=True)
    assert "(te laat)" in page
    detail = cor.get(f"/medewerker/initiatief/{open_data_request['number']}").get_data(as_text=True)
    assert "Te laat: de termijn is voorbij." in detail
    assert "utrecht-alert--error data-request" in detail


def test_answered_requests_leave_the_worklist_view(app, open_data_request, cor):
    cor.post(
        f"/medewerker/initiatief/{open_data_request['number']}/verwijderverzoek/bewaren",
        data={"reason": "Subsidie."},
    )
    page = cor.get("/medewerker/?weergave=verwijderverzoek").get_data(as_text=True)
    assert open_data_request["number"] not in page
    with app.app_context():
        assert db.session.scalar(select(Initiative)).initiator.anonymised_at is None
