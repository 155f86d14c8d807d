"""Behind a reverse proxy: the client's own address counts, and only trusted hops are believed."""

import pytest
from sqlalchemy import select

from initiatief import create_app
from initiatief.extensions import db
from initiatief.models import AuditEntry
from tests.factories import make_world, submit
from tests.staff_helpers import sign_in

PROXY = "10.0.0.2"  # the address every connection comes from behind the proxy


@pytest.fixture
def proxied(database_url):
    """proxied(hops) -> a client of an app trusting `hops` proxies, with a login-link limit of 1."""
    apps = []

    def make(hops: int):
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": database_url,
                "TRUSTED_PROXIES": hops,
                "RATELIMIT_ENABLED": True,
                "LOGIN_LINK_RATE_LIMIT": "1 per hour",
            }
        )
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def ask_link(client, forwarded_for: str | None) -> int:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    response = client.post(
        "/mijn/inloggen",
        data={"email": "fatima@voorbeeld.example"},
        headers=headers,
        environ_base={"REMOTE_ADDR": PROXY},
    )
    return response.status_code


def test_with_one_trusted_proxy_each_resident_has_their_own_limit(proxied):
    client = proxied(1).test_client()
    assert ask_link(client, "203.0.113.5") == 303
    assert ask_link(client, "203.0.113.6") == 303  # another resident, same proxy
    assert ask_link(client, "203.0.113.5") == 429  # the first one again


def test_without_trusted_proxies_the_header_is_ignored(proxied):
    """The default: a client cannot claim another address by sending the header itself."""
    client = proxied(0).test_client()
    assert ask_link(client, "203.0.113.5") == 303
    assert ask_link(client, "203.0.113.6") == 429  # both were the proxy's address


def test_an_address_added_by_an_untrusted_hop_is_not_believed(proxied):
    """The client wrote the first address; only the last, added by our proxy, counts."""
    client = proxied(1).test_client()
    assert ask_link(client, "198.51.100.1, 203.0.113.5") == 303
    assert ask_link(client, "198.51.100.99, 203.0.113.5") == 429


def test_the_audit_trail_names_the_client_and_not_the_proxy(proxied):
    app = proxied(1)
    with app.app_context():
        make_world()
        number = submit_now().number
        db.session.commit()
    client = app.test_client()
    sign_in(app, client, "anna@gemeente.example")
    page = client.get(
        f"/medewerker/initiatief/{number}",
        headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"},
        environ_base={"REMOTE_ADDR": PROXY},
    )
    assert page.status_code == 200
    with app.app_context():
        origins = db.session.execute(select(AuditEntry.origin)).scalars().all()
    assert origins and set(origins) == {"203.0.113.7"}


def submit_now():
    from initiatief.models import utcnow

    return submit(utcnow())
