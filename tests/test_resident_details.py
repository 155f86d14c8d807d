"""Mijn gegevens: a resident corrects phone, contact preference and e-mail address."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.mail.dispatcher import dispatch_due
from initiatief.models import (
    AuditEntry,
    EmailChange,
    Initiator,
    LoginToken,
    OutboxMail,
    ResidentSession,
    utcnow,
)
from initiatief.services.anonymise import resident_actor
from tests.factories import login_resident, make_world, submit

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
FATIMA = "fatima@voorbeeld.example"
NEW = "fatima.nieuw@voorbeeld.example"


@pytest.fixture
def residents(app):
    """Fatima with two initiatives (one anonymised long ago), Joost with one."""
    with app.app_context():
        make_world()
        first = submit(T0, title="Moestuin", postal_address="Lindelaan 4")
        second = submit(T0 + timedelta(days=1), title="Bankje", phone="")
        gone = submit(T0 - timedelta(days=900), title="Oud plan")
        gone.initiator.anonymised_at = T0
        joost = submit(T0, email="joost@voorbeeld.example", title="Buurtfeest")
        db.session.commit()
        return {
            "first": first.number,
            "second": second.number,
            "gone": gone.initiator.id,
            "joost": joost.number,
        }


@pytest.fixture
def fatima(app, client, residents):
    login_resident(app, client, FATIMA)
    return client


def initiators(app) -> dict[str, tuple]:
    with app.app_context():
        rows = db.session.execute(select(Initiator)).scalars()
        return {i.initiative.title: (i.email, i.phone, i.contact_preference) for i in rows}


def audit_actions(app) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(AuditEntry.action, AuditEntry.actor).order_by(AuditEntry.id)
        ).all()
        return [tuple(row) for row in rows]


def test_the_overview_links_to_the_details_page(fatima):
    assert 'href="/mijn/gegevens/"' in fatima.get("/mijn/").get_data(as_text=True)


def test_without_a_session_the_page_asks_to_log_in(client, residents):
    for response in (client.get("/mijn/gegevens/"), client.post("/mijn/gegevens/contact")):
        assert response.status_code == 303
        assert "/mijn/inloggen" in response.headers["Location"]


def test_the_page_shows_what_we_hold_and_no_stranger(fatima):
    page = fatima.get("/mijn/gegevens/").get_data(as_text=True)
    assert "Fatima el Amrani" in page and FATIMA in page and "Lindelaan 4" in page
    assert "Moestuin" in page and "Bankje" in page
    assert "Oud plan" not in page and "Buurtfeest" not in page
    assert 'name="phone" value="06 12345678"' not in page  # the newest initiative has none
    assert 'name="phone" value=""' in page


# --- phone and contact preference ---------------------------------------------


def test_phone_and_preference_change_on_every_live_initiative_audited(app, fatima, residents):
    response = fatima.post(
        "/mijn/gegevens/contact",
        data={"phone": " 06  9876 5432 ", "contact_preference": "telefoon"},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/mijn/gegevens/")
    found = initiators(app)
    assert found["Moestuin"] == (FATIMA, "06 9876 5432", "telefoon")
    assert found["Bankje"] == (FATIMA, "06 9876 5432", "telefoon")
    assert found["Buurtfeest"][1:] == ("06 12345678", "email")  # Joost is untouched
    assert found["Oud plan"][2] == "email"  # anonymised: nothing to change
    actor = resident_actor(FATIMA)
    assert audit_actions(app) == [("details_changed", actor), ("details_changed", actor)]
    assert "Uw gegevens zijn veranderd." in fatima.get("/mijn/gegevens/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"phone": "", "contact_preference": "telefoon"}, "phone", "want u wilt gebeld worden"),
        ({"phone": "1" * 41, "contact_preference": "email"}, "phone", "te lang"),
        ({"phone": "06 1", "contact_preference": "duif"}, "contact_preference", "Kies hoe"),
        ({"phone": "06 1"}, "contact_preference", "Kies hoe wij contact"),
    ],
)
def test_bad_contact_details_are_refused_with_the_input_kept(app, fatima, data, field, message):
    response = fatima.post("/mijn/gegevens/contact", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page.split(f'id="{field}-fout"')[1].split("</div>")[0]
    assert f'value="{data["phone"]}"' in page
    assert initiators(app)["Moestuin"][1] == "06 12345678"
    assert audit_actions(app) == []


def test_letters_need_an_address_we_have(app, client, residents):
    login_resident(app, client, "joost@voorbeeld.example")  # no address given
    response = client.post(
        "/mijn/gegevens/contact", data={"phone": "", "contact_preference": "brief"}
    )
    assert response.status_code == 422
    assert "Wij hebben geen adres van u" in response.get_data(as_text=True)
    other = client.application.test_client()
    login_resident(app, other, FATIMA)  # Fatima gave one with her first initiative
    response = other.post(
        "/mijn/gegevens/contact", data={"phone": "", "contact_preference": "brief"}
    )
    assert response.status_code == 303
    assert initiators(app)["Bankje"][2] == "brief"


# --- a new e-mail address --------------------------------------------------------


def mails(app, kind: str) -> list[OutboxMail]:
    with app.app_context():
        return list(
            db.session.execute(
                select(OutboxMail).where(OutboxMail.kind == kind).order_by(OutboxMail.id)
            ).scalars()
        )


def part(message, content_type: str) -> str:
    (found,) = [p for p in message.walk() if p.get_content_type() == content_type]
    return found.get_payload(decode=True).decode(found.get_content_charset())


def confirm_path(mail: OutboxMail) -> str:
    return re.search(r"http://localhost(/mijn/gegevens/e-mail/[\w-]+)", mail.text_body).group(1)


def test_a_new_address_sends_a_link_there_and_a_notice_to_the_old_one(app, fatima, smtp_server):
    response = fatima.post(
        "/mijn/gegevens/e-mail", data={"email": " Fatima.Nieuw@Voorbeeld.example "}
    )
    assert response.status_code == 303
    assert f"Wij hebben een e-mail gestuurd naar {NEW}" in fatima.get("/mijn/gegevens/").text
    # Nothing changes before the link is used.
    assert initiators(app)["Moestuin"][0] == FATIMA
    with app.app_context():
        change = db.session.execute(select(EmailChange)).scalar_one()
        assert (change.old_email, change.new_email) == (FATIMA, NEW)
        assert change.expires_at - change.created_at == timedelta(hours=24)
        dispatch_due(utcnow() + timedelta(seconds=1))
    sent = {message["To"]: message for message in smtp_server.messages}
    confirm, notice = sent[NEW], sent[FATIMA]
    assert confirm["Subject"] == "Bevestig uw nieuwe e-mailadres"
    assert notice["Subject"] == "Uw e-mailadres voor uw initiatieven wordt veranderd"
    for message in (confirm, notice):
        types = {part.get_content_type() for part in message.walk()}
        assert {"text/plain", "text/html"} <= types
    text, html = part(confirm, "text/plain"), part(confirm, "text/html")
    link = re.search(r"http://localhost/mijn/gegevens/e-mail/[\w-]+", text).group(0)
    assert link in html and "24 uur" in text and "Beste Fatima el Amrani" in text
    warning = part(notice, "text/plain")
    assert NEW in warning and "Was u dit niet?" in warning and "14 0000" in warning
    assert "/mijn/gegevens/e-mail/" not in warning  # the link goes to the new address only
    assert "/mijn/gegevens/e-mail/" not in part(notice, "text/html")


def test_the_link_shows_a_button_and_only_the_post_changes_the_address(app, fatima, residents):
    fatima.post("/mijn/gegevens/e-mail", data={"email": NEW})
    path = confirm_path(mails(app, "email_bevestigen")[0])
    for method in (fatima.get, fatima.head):
        assert method(path).status_code == 200  # a mail scanner opening it changes nothing
    page = fatima.get(path).get_data(as_text=True)
    assert "Ja, dit is mijn nieuwe e-mailadres" in page and NEW in page
    assert initiators(app)["Moestuin"][0] == FATIMA
    with app.app_context():
        # An unused login link of the old address, to see it spent.
        db.session.add(
            LoginToken(
                token_hash="x" * 64, email=FATIMA, expires_at=utcnow() + timedelta(minutes=10)
            )
        )
        db.session.commit()

    response = fatima.post(path)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/mijn/gegevens/")
    found = initiators(app)
    assert found["Moestuin"][0] == found["Bankje"][0] == NEW
    assert found["Buurtfeest"][0] == "joost@voorbeeld.example"
    assert found["Oud plan"][0] == FATIMA  # anonymised rows are not the resident's any more
    # The resident stays logged in: the session moved to the new address.
    page = fatima.get("/mijn/gegevens/").get_data(as_text=True)
    assert f"Uw e-mailadres is veranderd in {NEW}" in page
    assert "Moestuin" in fatima.get("/mijn/").get_data(as_text=True)
    with app.app_context():
        sessions = db.session.execute(select(ResidentSession.email)).scalars().all()
        assert set(sessions) == {NEW}
        token = db.session.execute(
            select(LoginToken).where(LoginToken.token_hash == "x" * 64)
        ).scalar_one()
        assert token.used_at is not None
    actions = [action for action, _ in audit_actions(app)]
    assert actions == ["email_changed", "email_changed"]
    # Used once: the link now says it no longer works.
    assert fatima.get(path).status_code == 410
    again = fatima.post(path)
    assert again.status_code == 410 and "Deze link werkt niet meer" in again.text


def test_confirming_on_another_device_says_so_and_logs_nobody_in(app, fatima):
    fatima.post("/mijn/gegevens/e-mail", data={"email": NEW})
    path = confirm_path(mails(app, "email_bevestigen")[0])
    other = app.test_client()
    other.get(path)  # the page, for its CSRF token (off in tests, but the flow is the same)
    response = other.post(path)
    assert response.status_code == 200
    assert "Uw e-mailadres is veranderd" in response.text
    assert other.get("/mijn/gegevens/").status_code == 303  # not logged in there
    assert initiators(app)["Moestuin"][0] == NEW
    assert "Mijn gegevens" in fatima.get("/mijn/gegevens/").text  # still logged in here


def test_an_expired_link_is_410_and_changes_nothing(app, fatima):
    fatima.post("/mijn/gegevens/e-mail", data={"email": NEW})
    path = confirm_path(mails(app, "email_bevestigen")[0])
    with time_machine.travel(utcnow() + timedelta(hours=24, seconds=1), tick=False):
        assert fatima.get(path).status_code == 410
        assert fatima.post(path).status_code == 410
    assert initiators(app)["Moestuin"][0] == FATIMA


def test_a_second_change_supersedes_the_first(app, fatima):
    fatima.post("/mijn/gegevens/e-mail", data={"email": NEW})
    fatima.post("/mijn/gegevens/e-mail", data={"email": "fatima.anders@voorbeeld.example"})
    first, second = (confirm_path(mail) for mail in mails(app, "email_bevestigen"))
    assert fatima.post(first).status_code == 410
    assert initiators(app)["Moestuin"][0] == FATIMA
    assert fatima.post(second).status_code == 303
    assert initiators(app)["Moestuin"][0] == "fatima.anders@voorbeeld.example"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("geen-adres", "Dit is geen goed e-mailadres"),
        ("fatima@", "Dit is geen goed e-mailadres"),
        ("", "Vul uw nieuwe e-mailadres in"),
        (FATIMA.upper(), "Dit is al uw e-mailadres"),
        ("a" * 250 + "@voorbeeld.example", "te lang"),
    ],
)
def test_a_bad_new_address_is_refused_with_the_input_kept(app, fatima, typed, message):
    response = fatima.post("/mijn/gegevens/e-mail", data={"email": typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page.split('id="email-fout"')[1].split("</div>")[0]
    assert f'name="email" value="{typed}"' in page
    assert mails(app, "email_bevestigen") == []
    with app.app_context():
        assert db.session.execute(select(EmailChange)).first() is None


def test_a_token_that_never_existed_is_410(client, residents):
    assert client.get("/mijn/gegevens/e-mail/verzonnen").status_code == 410
    assert client.post("/mijn/gegevens/e-mail/verzonnen").status_code == 410


def test_too_many_address_changes_show_the_form_again_with_429(limited):
    client = limited.test_client()
    login_resident(limited, client, FATIMA)
    first = client.post("/mijn/gegevens/e-mail", data={"email": NEW})
    assert first.status_code == 303
    again = client.post("/mijn/gegevens/e-mail", data={"email": "fatima.twee@voorbeeld.example"})
    page = again.get_data(as_text=True)
    assert again.status_code == 429
    assert "U heeft dit te vaak geprobeerd." in page
    assert 'name="email" value="fatima.twee@voorbeeld.example"' in page
    assert again.headers["Cache-Control"] == "no-store"
