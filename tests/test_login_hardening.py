"""Issue 9: where a login may send you, what a logout ends, and fresh CSRF tokens after login."""

import re
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit

import pyotp
import pytest
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import LoginToken, OutboxMail
from initiatief.services.resident_access import hash_token
from tests.factories import make_world, newest_login_path, submit
from tests.staff_helpers import PASSWORD, give_login

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
FATIMA = "fatima@voorbeeld.example"

# The usual open-redirect list: each is off-site in at least one browser or proxy.
HOSTILE_NEXT = [
    "/\t/127.0.0.1:5999/x",
    "/\\",
    "/\\/evil.example",
    "/%2F%2Fevil.example",
    "/%2f%2fevil.example",
    "/%09/evil.example",
    "/%5C%5Cevil.example",
    "https:",
    "https://evil.example",
    "//",
    "//evil.example",
    "///evil.example",
    "/ /evil.example",
    "/\uff0fevil.example",  # fullwidth solidus
    "/\u2044evil.example",  # fraction slash
    "/\u2215evil.example",  # division slash
    "/\n/x",
    "/\r\n/x",
    "/mijn/\n/evil.example",
    "javascript:alert(1)",
    "/mijn/initiatief/INI-2026-0001?x=//evil.example",
    "/bestaat-niet",
]


@pytest.fixture
def fatima(app):
    with app.app_context():
        make_world()
        number = submit(T0, email=FATIMA).number
        db.session.commit()
        return number


def ask_link(client, email=FATIMA, next_path=""):
    return client.post("/mijn/inloggen", data={"email": email, "next": next_path})


def log_in(app, client, email=FATIMA, next_path=""):
    assert ask_link(client, email, next_path).status_code == 303
    return client.post(newest_login_path(app))


def browser_normalised(location: str) -> str:
    """What a browser makes of a Location: no tabs or newlines, backslash as slash."""
    cleaned = re.sub(r"[\t\r\n]", "", location).replace("\\", "/")
    return cleaned


def stays_on_our_host(location: str) -> bool:
    for candidate in (location, browser_normalised(location), unquote(location)):
        normalised = browser_normalised(candidate)
        parts = urlsplit(normalised)
        if parts.scheme or parts.netloc or normalised.startswith("//"):
            return False
        if not normalised.startswith("/"):
            return False
    return True


@pytest.mark.parametrize("hostile", HOSTILE_NEXT)
def test_login_never_sends_the_browser_to_another_host(app, client, fatima, hostile):
    response = log_in(app, client, next_path=hostile)
    assert response.status_code == 303
    location = response.headers["Location"]
    assert stays_on_our_host(location), location
    assert location == "/mijn/"
    assert client.get("/mijn/").status_code == 200  # the login itself worked


@pytest.mark.parametrize("hostile", HOSTILE_NEXT)
def test_a_hostile_next_is_not_even_stored(app, client, fatima, hostile):
    ask_link(client, next_path=hostile)
    with app.app_context():
        assert db.session.execute(select(LoginToken.next_path)).scalar_one() == ""


def test_the_login_page_does_not_carry_a_hostile_next(app, client, fatima):
    page = client.get("/mijn/inloggen", query_string={"volgende": "//evil.example"})
    assert "evil.example" not in page.get_data(as_text=True)


def test_our_own_pages_are_still_followed(app, client, fatima):
    response = log_in(app, client, next_path=f"/mijn/initiatief/{fatima}")
    assert response.headers["Location"] == f"/mijn/initiatief/{fatima}"


def test_a_newline_in_next_does_not_lose_the_login(app, client, fatima):
    """Finding 2: `/\\n/x` used to give a 500 after the link was used up."""
    response = log_in(app, client, next_path="/\n/x")
    assert response.status_code == 303
    assert response.headers["Location"] == "/mijn/"
    assert client.get("/mijn/").status_code == 200


@pytest.mark.parametrize("stored", ["/\n/x", "//evil.example", "/\t/evil.example", "/\\evil"])
def test_a_bad_next_already_stored_falls_back_to_the_overview(app, client, fatima, stored):
    """Tokens made before the fix may hold anything: redeeming must never 500."""
    ask_link(client)
    link = newest_login_path(app)
    with app.app_context():
        token = db.session.execute(select(LoginToken)).scalar_one()
        assert token.token_hash == hash_token(link.rsplit("/", 1)[1])
        token.next_path = stored
        db.session.commit()
    response = client.post(link)
    assert response.status_code == 303
    assert response.headers["Location"] == "/mijn/"
    assert client.get("/mijn/").status_code == 200


@pytest.mark.parametrize("hostile", ["//evil.example", "https://evil.example", "/\t/evil"])
def test_staff_sign_in_ignores_a_next_parameter(app, client, fatima, hostile):
    """Staff sign-in has no `next`: whatever is in the query, it goes to the worklist."""
    secret = give_login(app, "anna@gemeente.example")
    client.post(
        "/medewerker/inloggen",
        query_string={"next": hostile},
        data={"email": "anna@gemeente.example", "password": PASSWORD},
    )
    response = client.post(
        "/medewerker/inloggen/code",
        query_string={"next": hostile},
        data={"code": pyotp.TOTP(secret).now()},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/medewerker/"


# Finding 3: logging out on every device, or on this one only.


def resident_can_act(app, client, number) -> dict[str, int]:
    return {
        "status": client.get(f"/mijn/initiatief/{number}").status_code,
        "overview": client.get("/mijn/").status_code,
        "reply": client.post(
            f"/mijn/initiatief/{number}/reactie", data={"body": "Nog een vraag."}
        ).status_code,
        "callback": client.post(
            f"/mijn/initiatief/{number}/terugbellen", data={"phone": "0612345678"}
        ).status_code,
    }


LOGGED_OUT = {"status": 401, "overview": 302, "reply": 401, "callback": 401}


def test_logout_everywhere_ends_the_other_browser_at_once(app, fatima):
    phone, laptop = app.test_client(), app.test_client()
    log_in(app, phone)
    log_in(app, laptop)
    assert phone.get(f"/mijn/initiatief/{fatima}").status_code == 200
    assert laptop.get(f"/mijn/initiatief/{fatima}").status_code == 200
    response = phone.post("/mijn/uitloggen", data={"overal": "1"})
    assert response.status_code == 303
    assert resident_can_act(app, laptop, fatima) == LOGGED_OUT
    assert resident_can_act(app, phone, fatima) == LOGGED_OUT
    assert laptop.get("/mijn/").headers["Location"].startswith("/mijn/inloggen")


def test_logout_everywhere_works_again_and_again(app, fatima):
    """The probe saw it fail once: repeat the whole round, the answer must not vary."""
    for _ in range(5):
        phone, laptop = app.test_client(), app.test_client()
        log_in(app, phone)
        log_in(app, laptop)
        phone.post("/mijn/uitloggen", data={"overal": "1"})
        assert laptop.get(f"/mijn/initiatief/{fatima}").status_code == 401


def test_logout_everywhere_from_a_device_whose_own_session_ended(app, fatima):
    """A device already logged out by the server still ends the resident's other sessions."""
    phone, laptop, tablet = app.test_client(), app.test_client(), app.test_client()
    log_in(app, phone)
    with phone.session_transaction() as session:
        old_secret = session["resident"]
    log_in(app, laptop)
    log_in(app, tablet)
    tablet.post("/mijn/uitloggen", data={"overal": "1"})  # ends phone and laptop
    log_in(app, laptop)  # laptop logs in again
    with phone.session_transaction() as session:
        assert session["resident"] == old_secret
    phone.post("/mijn/uitloggen", data={"overal": "1"})
    assert laptop.get("/mijn/").status_code == 302


def test_a_plain_logout_ends_only_this_device(app, fatima):
    phone, laptop = app.test_client(), app.test_client()
    log_in(app, phone)
    log_in(app, laptop)
    phone.post("/mijn/uitloggen")
    assert resident_can_act(app, phone, fatima) == LOGGED_OUT
    assert laptop.get(f"/mijn/initiatief/{fatima}").status_code == 200
    assert laptop.get("/mijn/").status_code == 200


def test_the_resident_session_cookie_is_only_a_reference(app, fatima):
    """Nothing but the random secret lives in the cookie: no remember cookie, no e-mail."""
    client = app.test_client()
    log_in(app, client)
    with client.session_transaction() as session:
        assert set(session.keys()) <= {"resident", "_permanent", "csrf_token", "_flashes"}
    cookie_names = {cookie.key for cookie in client._cookies.values()}
    assert "remember_token" not in cookie_names


# Finding 5: the CSRF token changes with the login.


@pytest.fixture
def csrf_app(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def token_in(page: str) -> str:
    tag = re.search(r'<input[^>]*name="csrf_token"[^>]*>', page).group(0)
    return re.search(r'value="([^"]+)"', tag).group(1)


def session_csrf(client) -> str | None:
    with client.session_transaction() as session:
        return session.get("csrf_token")


def test_staff_csrf_token_is_new_after_password_and_after_code(csrf_app, fatima):
    app, client = csrf_app, csrf_app.test_client()
    secret = give_login(app, "anna@gemeente.example")
    login_token = token_in(client.get("/medewerker/inloggen").get_data(as_text=True))
    before_password = session_csrf(client)
    response = client.post(
        "/medewerker/inloggen",
        data={"email": "anna@gemeente.example", "password": PASSWORD, "csrf_token": login_token},
    )
    assert response.status_code == 303
    assert session_csrf(client) != before_password
    code_page = client.get("/medewerker/inloggen/code").get_data(as_text=True)
    code_token = token_in(code_page)
    before_code = session_csrf(client)
    response = client.post(
        "/medewerker/inloggen/code",
        data={"code": pyotp.TOTP(secret).now(), "csrf_token": code_token},
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    assert session_csrf(client) != before_code
    worklist = client.get("/medewerker/").get_data(as_text=True)
    after = token_in(worklist)
    assert after not in (login_token, code_token)
    # A token from before the login is refused on a logged-in POST.
    refused = client.post("/medewerker/uitloggen", data={"csrf_token": login_token})
    assert refused.status_code == 400
    assert client.get("/medewerker/").status_code == 200  # still signed in
    accepted = client.post("/medewerker/uitloggen", data={"csrf_token": after})
    assert accepted.status_code == 303
    assert client.get("/medewerker/").status_code == 302


def test_staff_sign_in_without_a_second_factor_also_rotates(csrf_app, fatima):
    app, client = csrf_app, csrf_app.test_client()
    app.config["STAFF_TOTP_REQUIRED"] = False
    give_login(app, "anna@gemeente.example", totp=False)
    login_token = token_in(client.get("/medewerker/inloggen").get_data(as_text=True))
    response = client.post(
        "/medewerker/inloggen",
        data={"email": "anna@gemeente.example", "password": PASSWORD, "csrf_token": login_token},
    )
    assert response.headers["Location"] == "/medewerker/"
    after = token_in(client.get("/medewerker/").get_data(as_text=True))
    assert after != login_token
    assert client.post("/medewerker/uitloggen", data={"csrf_token": login_token}).status_code == 400


def test_resident_csrf_token_is_new_after_login(csrf_app, fatima):
    app, client = csrf_app, csrf_app.test_client()
    login_token = token_in(client.get("/mijn/inloggen").get_data(as_text=True))
    client.post("/mijn/inloggen", data={"email": FATIMA, "csrf_token": login_token})
    link = newest_login_path(app)
    confirm_token = token_in(client.get(link).get_data(as_text=True))
    assert client.post(link, data={"csrf_token": confirm_token}).status_code == 303
    after = token_in(client.get("/mijn/").get_data(as_text=True))
    assert after not in (login_token, confirm_token)
    refused = client.post(
        f"/mijn/initiatief/{fatima}/terugbellen",
        data={"phone": "0612345678", "csrf_token": login_token},
    )
    assert refused.status_code == 400
    accepted = client.post("/mijn/uitloggen", data={"csrf_token": after})
    assert accepted.status_code == 303


# Finding 4: asking for a link takes as long for a known address as for an unknown one.


def statements_for(app, client, email: str) -> list[str]:
    """The SQL the login-link POST runs, savepoint names and endings made alike."""
    from sqlalchemy import event

    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statement = re.sub(r"sa_savepoint_\d+", "sp", statement)
        seen.append(re.sub(r"^(RELEASE|ROLLBACK TO) SAVEPOINT", "END SAVEPOINT", statement))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert ask_link(client, email).status_code == 303
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def test_known_and_unknown_addresses_run_the_same_statements(app, fatima):
    client = app.test_client()
    statements_for(app, client, "warmup@voorbeeld.example")  # first-use caches alike
    known = statements_for(app, client, FATIMA)
    unknown = statements_for(app, client, "niemand@voorbeeld.example")
    assert len(known) >= 4
    assert known == unknown
    # The unknown address leaves nothing behind: no token, no mail, nothing to send.
    with app.app_context():
        emails = db.session.execute(select(LoginToken.email)).scalars().all()
        mails = db.session.execute(
            select(OutboxMail.to_address).where(OutboxMail.kind == "inloglink")
        ).scalars()
    assert emails == [FATIMA]
    assert list(mails) == [FATIMA]
