"""Staff sign-in: password plus one-time code, lock-out, enrolment, ending sessions."""

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import time_machine
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import User
from tests.factories import make_world
from tests.staff_helpers import PASSWORD, give_login, sign_in

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
EMAIL = "anna@gemeente.example"
FAILURE = "Het e-mailadres, het wachtwoord of de code klopt niet."


@pytest.fixture
def staff(app):
    with app.app_context():
        make_world()
        db.session.commit()


def post_password(client, email=EMAIL, password=PASSWORD):
    return client.post("/medewerker/inloggen", data={"email": email, "password": password})


def test_worklist_needs_a_login(client, staff):
    response = client.get("/medewerker/")
    assert response.status_code == 302
    assert "/medewerker/inloggen" in response.headers["Location"]


def test_password_then_code_signs_in(app, client, staff):
    sign_in(app, client, EMAIL)
    assert client.get("/medewerker/").status_code == 200


def test_password_alone_is_not_enough(app, client, staff):
    give_login(app, EMAIL)
    post_password(client)
    assert client.get("/medewerker/").status_code == 302


@pytest.mark.parametrize("case", ["unknown address", "wrong password", "wrong code"])
def test_every_failure_gets_the_same_answer(app, client, staff, case):
    secret = give_login(app, EMAIL)
    if case == "unknown address":
        response = post_password(client, email="niemand@gemeente.example")
    elif case == "wrong password":
        response = post_password(client, password="fout-wachtwoord")
    else:
        post_password(client)
        wrong = str((int(pyotp.TOTP(secret).now()) + 1) % 1_000_000).zfill(6)
        response = client.post("/medewerker/inloggen/code", data={"code": wrong})
    assert response.status_code == 422
    assert FAILURE in response.get_data(as_text=True)


def test_five_failures_lock_the_account_for_15_minutes(app, staff):
    give_login(app, EMAIL)
    with time_machine.travel(T0, tick=False) as clock:
        client = app.test_client()
        for _ in range(5):
            assert post_password(client, password="fout").status_code == 422
        # Even the right password fails now, with the same answer.
        locked = post_password(client)
        assert locked.status_code == 422 and FAILURE in locked.get_data(as_text=True)
        clock.move_to(T0 + timedelta(minutes=14, seconds=59))
        assert post_password(client).status_code == 422
        clock.move_to(T0 + timedelta(minutes=15, seconds=1))
        assert post_password(client).status_code == 303


def test_a_code_is_checked_against_the_clock_and_used_once(app, staff):
    secret = give_login(app, EMAIL)
    with time_machine.travel(T0, tick=False) as clock:
        code_now = pyotp.TOTP(secret).at(T0)
        client = app.test_client()
        post_password(client)
        # A code from two minutes ago is too old.
        old = pyotp.TOTP(secret).at(T0 - timedelta(minutes=2))
        assert client.post("/medewerker/inloggen/code", data={"code": old}).status_code == 422
        assert client.post("/medewerker/inloggen/code", data={"code": code_now}).status_code == 303
        # The same code again, from another browser within its 30 seconds: refused.
        other = app.test_client()
        post_password(other)
        assert other.post("/medewerker/inloggen/code", data={"code": code_now}).status_code == 422
        clock.move_to(T0 + timedelta(seconds=30))
        fresh = pyotp.TOTP(secret).at(T0 + timedelta(seconds=30))
        assert other.post("/medewerker/inloggen/code", data={"code": fresh}).status_code == 303


def test_first_sign_in_links_an_authenticator_app(app, client, staff):
    give_login(app, EMAIL, totp=False)
    response = post_password(client)
    assert response.headers["Location"].endswith("/medewerker/inloggen/koppelen")
    page = client.get("/medewerker/inloggen/koppelen").get_data(as_text=True)
    assert "data:image/svg+xml;base64," in page
    with client.session_transaction() as session:
        secret = session["staff_enrol_secret"]
    assert secret in page
    assert client.post("/medewerker/inloggen/koppelen", data={"code": "000000"}).status_code == 422
    done = client.post("/medewerker/inloggen/koppelen", data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 303
    with app.app_context():
        user = db.session.execute(select(User).where(User.email == EMAIL)).scalar_one()
        assert user.totp_secret == secret and user.totp_confirmed_at is not None


def test_development_config_can_switch_the_second_factor_off(app, client, staff):
    app.config["STAFF_TOTP_REQUIRED"] = False
    give_login(app, EMAIL, totp=False)
    assert post_password(client).headers["Location"].endswith("/medewerker/")
    assert client.get("/medewerker/").status_code == 200


def test_disabling_an_account_ends_its_open_session(app, client, staff):
    sign_in(app, client, EMAIL)
    with app.app_context():
        from initiatief.services.staff_auth import disable

        disable(db.session.execute(select(User).where(User.email == EMAIL)).scalar_one())
        db.session.commit()
    assert client.get("/medewerker/").status_code == 302


def test_logout_ends_the_session_on_the_server(app, client, staff):
    sign_in(app, client, EMAIL)
    with client.session_transaction() as session:
        copied = dict(session)
    client.post("/medewerker/uitloggen")
    thief = app.test_client()
    with thief.session_transaction() as session:
        session.update(copied)
    assert thief.get("/medewerker/").status_code == 302


def test_idle_session_ends(app, staff):
    with time_machine.travel(T0, tick=False) as clock:
        client = app.test_client()
        sign_in(app, client, EMAIL)
        clock.move_to(T0 + timedelta(minutes=29))
        assert client.get("/medewerker/").status_code == 200
        clock.move_to(T0 + timedelta(minutes=60))
        response = client.get("/medewerker/")
        assert response.status_code == 302
        assert client.get("/medewerker/").status_code == 302


def test_create_user_command(app, runner):
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "Beheer@Gemeente.example",
            "--name",
            "Eerste Beheerder",
            "--password",
            "kort",
        ]
    )
    assert result.exit_code != 0 and "12 characters" in result.output
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "Beheer@Gemeente.example",
            "--name",
            "Eerste Beheerder",
            "--password",
            "een-lang-wachtwoord",
        ]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.execute(select(User)).scalar_one()
        assert (user.email, user.role) == ("beheer@gemeente.example", "beheerder")
        assert user.password_hash and "een-lang" not in user.password_hash
