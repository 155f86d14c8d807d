"""Login by mailed link (DESIGN §6) and need-to-know on the resident's pages."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from initiatief import create_app
from initiatief.extensions import db
from initiatief.models import LoginToken, OutboxMail, ResidentSession
from initiatief.services.resident_access import hash_token
from tests.factories import make_world, submit
from tests.samples import INTAKE_FORM

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def residents(app):
    """Two residents with one initiative each."""
    with app.app_context():
        make_world()
        fatima = submit(T0, email="fatima@voorbeeld.example")
        joost = submit(T0, email="joost@voorbeeld.example", title="Buurtfeest")
        db.session.commit()
        return {"fatima": fatima.number, "joost": joost.number}


def ask_link(client, email="fatima@voorbeeld.example", next_path=""):
    return client.post("/mijn/inloggen", data={"email": email, "next": next_path})


def login_mails(app) -> list[OutboxMail]:
    with app.app_context():
        return list(
            db.session.execute(
                select(OutboxMail).where(OutboxMail.kind == "inloglink").order_by(OutboxMail.id)
            ).scalars()
        )


def link_from(mail: OutboxMail) -> str:
    return re.search(r"http://localhost(/mijn/inloggen/link/\S+)", mail.text_body).group(1)


def count(app, model) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_known_and_unknown_address_get_the_same_answer(app, client, residents):
    known = ask_link(client, "Fatima@Voorbeeld.example")
    unknown = ask_link(client, "niemand@voorbeeld.example")
    assert known.status_code == unknown.status_code == 303
    assert known.headers["Location"] == unknown.headers["Location"]
    page_known = client.get(known.headers["Location"]).get_data(as_text=True)
    page_unknown = client.get(unknown.headers["Location"]).get_data(as_text=True)
    assert page_known == page_unknown
    mails = login_mails(app)
    assert [m.to_address for m in mails] == ["fatima@voorbeeld.example"]


def test_token_is_stored_only_as_a_hash(app, client, residents):
    ask_link(client)
    raw = link_from(login_mails(app)[0]).rsplit("/", 1)[1]
    with app.app_context():
        token = db.session.execute(select(LoginToken)).scalar_one()
        assert token.token_hash == hash_token(raw)
        assert raw not in token.token_hash
        assert len(raw) >= 40


def test_get_and_head_show_a_button_and_do_not_consume_the_token(app, client, residents):
    ask_link(client)
    link = link_from(login_mails(app)[0])
    assert client.head(link).status_code == 200
    page = client.get(link)
    assert page.status_code == 200
    assert '<form method="post"' in page.get_data(as_text=True)
    assert client.get("/mijn/").status_code == 302  # not logged in by GET
    with app.app_context():
        assert db.session.execute(select(LoginToken.used_at)).scalar_one() is None
    assert client.post(link).status_code == 303
    assert client.get("/mijn/").status_code == 200


def test_a_link_works_once(app, client, residents):
    ask_link(client)
    link = link_from(login_mails(app)[0])
    assert client.post(link).status_code == 303
    other = app.test_client()
    second = other.post(link)
    assert second.status_code == 410
    assert "Deze link werkt niet meer" in second.get_data(as_text=True)
    assert other.get("/mijn/").status_code == 302


def test_a_newer_link_supersedes_the_older(app, client, residents):
    ask_link(client)
    ask_link(client)
    old, new = (link_from(m) for m in login_mails(app))
    assert client.get(old).status_code == 410
    assert client.post(old).status_code == 410
    assert client.post(new).status_code == 303


def test_link_expires_after_15_minutes(app, residents):
    with time_machine.travel(T0, tick=False) as clock:
        client = app.test_client()
        ask_link(client)
        link = link_from(login_mails(app)[0])
        clock.move_to(T0 + timedelta(minutes=15) - timedelta(seconds=1))
        assert client.get(link).status_code == 200
        clock.move_to(T0 + timedelta(minutes=15, seconds=1))
        assert client.get(link).status_code == 410
        assert client.post(link).status_code == 410
        assert count(app, ResidentSession) == 0


def test_next_path_is_followed_but_never_off_site(app, client, residents):
    number = residents["fatima"]
    ask_link(client, next_path=f"/mijn/initiatief/{number}")
    ask_link(client, next_path="//evil.example/x")
    first, second = login_mails(app)
    # The first link was superseded; ask again with the good path.
    ask_link(client, next_path=f"/mijn/initiatief/{number}")
    good = login_mails(app)[-1]
    assert client.post(link_from(good)).headers["Location"] == f"/mijn/initiatief/{number}"
    with app.app_context():
        paths = (
            db.session.execute(select(LoginToken.next_path).order_by(LoginToken.id)).scalars().all()
        )
    assert paths[1] == ""


def test_login_link_requests_are_rate_limited(database_url, residents):
    limited = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": True})
    client = limited.test_client()
    codes = [ask_link(client, f"x{i}@voorbeeld.example").status_code for i in range(6)]
    assert codes == [303] * 5 + [429]
    refused = ask_link(client)
    assert "te vaak geprobeerd" in refused.get_data(as_text=True)
    # Only asking for links is limited, not reading the form.
    assert client.get("/mijn/inloggen").status_code == 200
    with limited.app_context():
        db.engine.dispose()


def login(app, client, email):
    ask_link(client, email)
    client.post(link_from(login_mails(app)[-1]))


def test_resident_sees_own_initiative_and_never_another(app, client, residents):
    login(app, client, "fatima@voorbeeld.example")
    own = client.get(f"/mijn/initiatief/{residents['fatima']}")
    assert own.status_code == 200
    assert own.headers["Cache-Control"] == "no-store"
    assert client.get(f"/mijn/initiatief/{residents['joost']}").status_code == 404
    assert client.get("/mijn/initiatief/INI-2026-9999").status_code == 404
    assert (
        client.post(
            f"/mijn/initiatief/{residents['joost']}/terugbellen", data={"phone": "0612345678"}
        ).status_code
        == 404
    )
    overview = client.get("/mijn/").get_data(as_text=True)
    assert residents["fatima"] in overview and residents["joost"] not in overview


def test_a_visitor_gets_a_login_page_not_the_initiative(app, client, residents):
    response = client.get(f"/mijn/initiatief/{residents['fatima']}")
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert "Moestuin" not in page and "fatima" not in page
    assert f'value="/mijn/initiatief/{residents["fatima"]}"' in page


def test_forged_or_foreign_session_cookies_do_not_work(app, client, residents):
    with client.session_transaction() as session:
        session["resident"] = "guessed-value"
    assert client.get(f"/mijn/initiatief/{residents['fatima']}").status_code == 401


def test_logout_revokes_the_session_on_the_server(app, client, residents):
    login(app, client, "fatima@voorbeeld.example")
    with client.session_transaction() as session:
        stolen = session["resident"]
    client.post("/mijn/uitloggen")
    thief = app.test_client()
    with thief.session_transaction() as session:
        session["resident"] = stolen
    assert thief.get("/mijn/").status_code == 302


def test_logout_everywhere_ends_other_devices(app, residents):
    phone, laptop = app.test_client(), app.test_client()
    login(app, phone, "fatima@voorbeeld.example")
    login(app, laptop, "fatima@voorbeeld.example")
    phone.post("/mijn/uitloggen", data={"overal": "1"})
    assert laptop.get("/mijn/").status_code == 302


def test_session_ends_after_30_days(app, residents):
    with time_machine.travel(T0, tick=False) as clock:
        client = app.test_client()
        login(app, client, "fatima@voorbeeld.example")
        clock.move_to(T0 + timedelta(days=29))
        assert client.get("/mijn/").status_code == 200
        clock.move_to(T0 + timedelta(days=30, seconds=1))
        assert client.get("/mijn/").status_code == 302


def test_an_ended_session_no_longer_opens_the_status_page(app, residents):
    """The status page checks the session in its own joined read: ended is ended there too."""
    page = f"/mijn/initiatief/{residents['fatima']}"
    with time_machine.travel(T0, tick=False) as clock:
        phone, laptop = app.test_client(), app.test_client()
        login(app, phone, "fatima@voorbeeld.example")
        login(app, laptop, "fatima@voorbeeld.example")
        clock.move_to(T0 + timedelta(days=29))
        assert laptop.get(page).status_code == 200
        phone.post("/mijn/uitloggen", data={"overal": "1"})
        assert laptop.get(page).status_code == 401

        login(app, laptop, "fatima@voorbeeld.example")
        clock.move_to(T0 + timedelta(days=29 + 30, seconds=-1))
        assert laptop.get(page).status_code == 200
        clock.move_to(T0 + timedelta(days=29 + 30, seconds=1))
        assert laptop.get(page).status_code == 401


def test_callback_request_is_stored_and_the_contact_told(app, client, residents):
    login(app, client, "fatima@voorbeeld.example")
    number = residents["fatima"]
    bad = client.post(
        f"/mijn/initiatief/{number}/terugbellen", data={"phone": "", "moment": "na 17 uur"}
    )
    assert bad.status_code == 422
    assert "Vul uw telefoonnummer in." in bad.get_data(as_text=True)
    assert 'value="na 17 uur"' in bad.get_data(as_text=True)
    ok = client.post(
        f"/mijn/initiatief/{number}/terugbellen",
        data={"phone": "06 1111 2222", "moment": "dinsdag"},
    )
    assert ok.status_code == 303
    with app.app_context():
        from initiatief.models import CallbackRequest

        callback = db.session.execute(select(CallbackRequest)).scalar_one()
        assert (callback.phone, callback.preferred_moment) == ("06 1111 2222", "dinsdag")
        notice = db.session.execute(
            select(OutboxMail).where(OutboxMail.kind == "terugbelverzoek")
        ).scalar_one()
        assert notice.to_address == "anna@gemeente.example"
        assert "06 1111 2222" in notice.text_body


def test_logged_in_resident_is_not_asked_again_for_known_details(app, client, residents):
    login(app, client, "fatima@voorbeeld.example")
    form = client.get("/initiatief-indienen")
    page = form.get_data(as_text=True)
    assert 'value="Fatima el Amrani"' in page
    assert 'value="fatima@voorbeeld.example"' in page
    # Her details on the page: no cache may keep it, nor the check step that repeats them.
    assert form.headers["Cache-Control"] == "no-store"
    check = client.post("/initiatief-indienen", data={**INTAKE_FORM, "action": "check"})
    assert check.status_code == 200 and "Controleer uw gegevens" in check.get_data(as_text=True)
    assert "06 12345678" in check.get_data(as_text=True)
    assert check.headers["Cache-Control"] == "no-store"
