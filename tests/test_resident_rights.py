"""The resident's rights through HTTP: see and download their data, ask to delete it."""

import hashlib
import json
import re
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import AuditEntry, DataRequest, DataRequestStatus, Initiative, OutboxMail
from initiatief.services import actions
from tests.factories import login_resident, submit
from tests.shared_fixtures import in_app

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
FATIMA = "fatima@voorbeeld.example"
NAMESAKE = "f.elamrani@elders.example"


@pytest.fixture
def fatimas_initiatives(app, world):
    """Fatima with a running and a stopped initiative; a namesake with the same phone."""
    with in_app(app, world):
        running = submit(T0, title="Moestuin aan de Lindelaan")
        closed = submit(T0, title="Bankje bij de vijver")
        other = submit(T0, title="Speeltuin Haven", email=NAMESAKE)
        actions.stop(
            closed,
            outcome="ingetrokken",
            reason="De buurt wil het niet meer.",
            actor=world.staff["anna"],
            now=T0,
            expected_version=closed.version,
        )
        db.session.commit()
        return {"running": running.number, "closed": closed.number, "other": other.number}


@pytest.fixture
def fatima(app, fatimas_initiatives):
    client = app.test_client()
    login_resident(app, client, FATIMA)
    return client


def audit_lines(app, action: str) -> list[AuditEntry]:
    with app.app_context():
        query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        return list(db.session.scalars(query))


def initiative(app, number: str) -> Initiative:
    with app.app_context():
        found = db.session.scalar(select(Initiative).where(Initiative.number == number))
        found.initiator  # noqa: B018 (loaded before the session ends)
        return found


def test_the_download_holds_both_initiatives_and_nothing_of_a_namesake(
    app, fatimas_initiatives, fatima
):
    response = fatima.get("/mijn/mijn-gegevens.json")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    data = json.loads(text)
    assert data
    for title in ("Moestuin aan de Lindelaan", "Bankje bij de vijver"):
        assert title in text
    assert fatimas_initiatives["running"] in text and fatimas_initiatives["closed"] in text
    assert "Speeltuin Haven" not in text and fatimas_initiatives["other"] not in text
    assert NAMESAKE not in text
    # Written as UTF-8, not as \\u escapes.
    assert "\\u" not in text

    lines = audit_lines(app, "export")
    actor = "resident:" + hashlib.sha256(FATIMA.encode()).hexdigest()[:40]
    assert {line.actor for line in lines} == {actor}
    numbers = {
        initiative(app, n).id
        for n in (fatimas_initiatives["running"], fatimas_initiatives["closed"])
    }
    assert {line.initiative_id for line in lines} == numbers
    assert all(line.object_type == "initiator" for line in lines)


def test_the_readable_page_shows_the_same_and_is_audited_as_a_view(
    app, fatimas_initiatives, fatima
):
    response = fatima.get("/mijn/mijn-gegevens")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert '<h1 class="utrecht-heading-1">Mijn gegevens</h1>' in page
    assert "Moestuin aan de Lindelaan" in page and "Bankje bij de vijver" in page
    assert "Speeltuin Haven" not in page
    assert 'href="/mijn/mijn-gegevens.json"' in page
    assert len(audit_lines(app, "view")) == 2
    assert audit_lines(app, "export") == []


@pytest.mark.parametrize(
    "path",
    [
        "/mijn/mijn-gegevens",
        "/mijn/mijn-gegevens.json",
        "/mijn/gegevens-verwijderen",
        "/mijn/initiatief/INI-2026-0001/gegevens-verwijderen",
    ],
)
def test_without_a_session_the_resident_logs_in_first(client, fatimas_initiatives, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/mijn/inloggen")
    if "verwijderen" in path:
        assert client.post(path).status_code == 302


def test_the_overview_and_status_page_offer_download_and_delete(fatimas_initiatives, fatima):
    overview = fatima.get("/mijn/").get_data(as_text=True)
    assert 'href="/mijn/mijn-gegevens.json"' in overview
    assert 'href="/mijn/gegevens-verwijderen"' in overview
    assert (
        f'href="/mijn/initiatief/{fatimas_initiatives["running"]}/gegevens-verwijderen"' in overview
    )
    status = fatima.get(f"/mijn/initiatief/{fatimas_initiatives['running']}").get_data(as_text=True)
    assert (
        f'href="/mijn/initiatief/{fatimas_initiatives["running"]}/gegevens-verwijderen"' in status
    )


def test_the_confirm_page_says_what_goes_what_stays_and_when(fatimas_initiatives, fatima):
    page = fatima.get("/mijn/gegevens-verwijderen").get_data(as_text=True)
    for words in (
        "Wat wij verwijderen",
        "uw naam, e-mailadres, telefoonnummer en adres",
        "de e-mails die wij u stuurden",
        "Wat wij bewaren, en waarom",
        "Niemand kan zien",
        "Dit kunt u niet ongedaan maken.",
        "Wij verwijderen uw gegevens meteen.",  # the stopped one
        "bekijkt een coördinator uw verzoek",  # the running one
    ):
        assert words in page, words
    one = fatima.get(f"/mijn/initiatief/{fatimas_initiatives['running']}/gegevens-verwijderen")
    assert one.status_code == 200
    assert "Bankje bij de vijver" not in one.get_data(as_text=True)


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("which", ["other", "unknown"])
def test_someone_elses_or_an_unknown_initiative_is_a_404(
    fatimas_initiatives, fatima, method, which
):
    number = fatimas_initiatives["other"] if which == "other" else "INI-2026-9999"
    response = getattr(fatima, method)(f"/mijn/initiatief/{number}/gegevens-verwijderen")
    assert response.status_code == 404


def test_without_a_csrf_token_nothing_is_deleted(app, fatimas_initiatives, fatima):
    app.config["WTF_CSRF_ENABLED"] = True
    response = fatima.post(f"/mijn/initiatief/{fatimas_initiatives['closed']}/gegevens-verwijderen")
    assert response.status_code == 400
    assert initiative(app, fatimas_initiatives["closed"]).initiator.anonymised_at is None


def done_page(client, response):
    assert response.status_code == 303
    location = response.headers["Location"]
    assert urlsplit(location).path == "/mijn/gegevens-verwijderd"
    return client.get(location)


def test_deleting_a_closed_initiative_keeps_the_session_while_another_lives(
    app, fatimas_initiatives, fatima
):
    response = fatima.post(f"/mijn/initiatief/{fatimas_initiatives['closed']}/gegevens-verwijderen")
    page = done_page(fatima, response).get_data(as_text=True)
    assert "Uw gegevens zijn verwijderd" in page and fatimas_initiatives["closed"] in page
    assert 'href="/mijn/"' in page  # still logged in: the running one is still theirs
    assert initiative(app, fatimas_initiatives["closed"]).initiator.anonymised_at is not None
    assert initiative(app, fatimas_initiatives["running"]).initiator.anonymised_at is None
    assert fatima.get(f"/mijn/initiatief/{fatimas_initiatives['running']}").status_code == 200
    with app.app_context():
        [mail] = db.session.scalars(
            select(OutboxMail).where(OutboxMail.kind == "gegevens_verwijderd")
        ).all()
        assert mail.to_address == FATIMA


def test_deleting_the_last_live_initiative_ends_the_session(app, fatimas_initiatives, fatima):
    fatima.post(f"/mijn/initiatief/{fatimas_initiatives['running']}/gegevens-verwijderen")
    with app.app_context():
        request = db.session.scalar(select(DataRequest))
        request.status = DataRequestStatus.DONE  # as if answered, so only the closed one is left
        db.session.commit()
        running = db.session.scalar(
            select(Initiative).where(Initiative.number == fatimas_initiatives["running"])
        )
        running.initiator.email = "iemand.anders@voorbeeld.example"
        db.session.commit()
    response = fatima.post(f"/mijn/initiatief/{fatimas_initiatives['closed']}/gegevens-verwijderen")
    done = done_page(fatima, response)
    page = done.get_data(as_text=True)
    assert done.status_code == 200 and "Uw gegevens zijn verwijderd" in page
    assert 'href="/mijn/"' not in page.split("</header>")[1].split("<footer")[0]
    # The session is gone: the overview asks to log in again.
    assert fatima.get("/mijn/").status_code == 302


def test_deleting_a_running_initiative_becomes_a_request(app, fatimas_initiatives, fatima):
    response = fatima.post(
        f"/mijn/initiatief/{fatimas_initiatives['running']}/gegevens-verwijderen"
    )
    page = done_page(fatima, response).get_data(as_text=True)
    assert "Wij hebben uw verzoek ontvangen" in page
    assert re.search(
        rf"{fatimas_initiatives['running']}: antwoord uiterlijk op \d+ \w+ \d{{4}}", page
    )
    with app.app_context():
        [request] = db.session.scalars(select(DataRequest)).all()
        assert request.status == DataRequestStatus.OPEN
    status = fatima.get(f"/mijn/initiatief/{fatimas_initiatives['running']}").get_data(as_text=True)
    assert "Een coördinator antwoordt uiterlijk op" in status
    # Asking again is harmless: still one request.
    fatima.post(f"/mijn/initiatief/{fatimas_initiatives['running']}/gegevens-verwijderen")
    with app.app_context():
        assert len(db.session.scalars(select(DataRequest)).all()) == 1


def test_all_at_once_shows_both_outcomes(app, fatimas_initiatives, fatima):
    response = fatima.post("/mijn/gegevens-verwijderen")
    page = done_page(fatima, response).get_data(as_text=True)
    assert "Wij hebben uw verzoek verwerkt" in page
    assert "Verwijderd" in page and "Nog niet verwijderd" in page
    assert initiative(app, fatimas_initiatives["other"]).initiator.anonymised_at is None


def test_the_done_page_without_or_with_a_forged_argument(client, fatimas_initiatives):
    plain = client.get("/mijn/gegevens-verwijderd")
    assert plain.status_code == 200
    assert "Uw verzoek is verwerkt" in plain.get_data(as_text=True)
    assert client.get("/mijn/gegevens-verwijderd?u=nep.nep.nep").status_code == 400


def test_a_signed_argument_is_only_good_for_a_day(app, fatimas_initiatives, fatima, monkeypatch):
    response = fatima.post(f"/mijn/initiatief/{fatimas_initiatives['closed']}/gegevens-verwijderen")
    signed = parse_qs(urlsplit(response.headers["Location"]).query)["u"][0]
    from initiatief.views import resident_data

    monkeypatch.setattr(resident_data, "DONE_MAX_AGE", -1)
    page = fatima.get(f"/mijn/gegevens-verwijderd?u={signed}").get_data(as_text=True)
    assert "Uw verzoek is verwerkt" in page and fatimas_initiatives["closed"] not in page


def test_a_request_kept_until_closing_shows_the_reason_and_cannot_be_repeated(
    app, fatimas_initiatives, fatima
):
    fatima.post(f"/mijn/initiatief/{fatimas_initiatives['running']}/gegevens-verwijderen")
    with app.app_context():
        request = db.session.scalar(select(DataRequest))
        request.status = DataRequestStatus.AFTER_CLOSING
        request.answer = "Wij betalen de subsidie nog uit."
        db.session.commit()
    status = fatima.get(f"/mijn/initiatief/{fatimas_initiatives['running']}").get_data(as_text=True)
    assert "Wij bewaren ze tot het initiatief klaar is." in status
    assert "Wij betalen de subsidie nog uit." in status
    assert "gegevens-verwijderen" not in status
    confirm = fatima.get(f"/mijn/initiatief/{fatimas_initiatives['running']}/gegevens-verwijderen")
    page = confirm.get_data(as_text=True)
    assert "U vroeg dit al." in page and "Ja, verwijder mijn gegevens" not in page


def test_a_done_page_about_nothing_says_no_more_than_that(app, client):
    from initiatief.services.data_requests import DeletionOutcome
    from initiatief.views.resident_data import _sign

    with app.test_request_context():
        signed = _sign(DeletionOutcome())
    page = client.get(f"/mijn/gegevens-verwijderd?u={signed}").get_data(as_text=True)
    assert "Uw verzoek is verwerkt" in page and "Wij hebben uw verzoek ontvangen" not in page
