"""Signing staff in during tests, the way they do it: password, then the code."""

import pyotp
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import User, utcnow
from initiatief.services.staff_auth import hash_password

PASSWORD = "een-lang-wachtwoord"


def give_login(app, email: str, *, totp: bool = True) -> str | None:
    """Set a password (and a linked authenticator) on a staff account; returns the secret."""
    with app.app_context():
        user = db.session.execute(select(User).where(User.email == email)).scalar_one()
        user.password_hash = hash_password(PASSWORD)
        secret = pyotp.random_base32() if totp else None
        user.totp_secret = secret
        user.totp_confirmed_at = utcnow() if totp else None
        db.session.commit()
        return secret


def sign_in(app, client, email: str) -> None:
    """Password and a fresh code; asserts the worklist is reached."""
    secret = give_login(app, email)
    response = client.post("/medewerker/inloggen", data={"email": email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/medewerker/inloggen/code"), response.status
    code = pyotp.TOTP(secret).now()
    response = client.post("/medewerker/inloggen/code", data={"code": code})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]


def client_for(app, email: str):
    """A new test client with this staff member signed in."""
    client = app.test_client()
    sign_in(app, client, email)
    return client
