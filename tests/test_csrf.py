"""CSRF on every form: each POST route refuses a request without a token."""

import re

import pytest

from initiatief.extensions import db
from tests.factories import make_world, submit
from tests.staff_helpers import sign_in

# RFC 8058 one-click unsubscribe: mail clients post without our form; the signed
# token in the URL is the proof (tested in test_mail_preferences.py).
ONE_CLICK = {"preferences.unsubscribe"}


def post_routes(app) -> list[str]:
    """Every POST rule of the app, with sample values for its URL parts."""
    samples = {
        "number": "INI-2026-0001",
        "action": "note",
        "callback_id": "1",
        "token": "x",
        "user_id": "1",
        "message_id": "x",
        "journey_id": "1",
        "phase_id": "1",
        "team_id": "1",
        "wijk_id": "1",
        "kind": "ontvangstbevestiging",
        "day": "2026-12-24",
    }
    routes = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in ONE_CLICK:
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: samples.get(m.group(1), "1"), rule.rule)
        routes.append(path)
    return sorted(routes)


def test_every_post_route_needs_a_csrf_token(app):
    from datetime import UTC, datetime

    with app.app_context():
        make_world()
        submit(datetime(2026, 3, 2, 9, tzinfo=UTC))
        db.session.commit()
    client = app.test_client()
    sign_in(app, client, "anna@gemeente.example")
    app.config["WTF_CSRF_ENABLED"] = True
    routes = post_routes(app)
    assert len(routes) >= 12
    for path in routes:
        response = client.post(path, data={"version": "1", "body": "x"})
        assert response.status_code == 400, (path, response.status_code)
        assert "Het formulier is verlopen" in response.get_data(as_text=True), path


@pytest.mark.parametrize("path", ["/initiatief-indienen", "/mijn/inloggen", "/medewerker/inloggen"])
def test_public_forms_carry_a_token(app, path):
    app.config["WTF_CSRF_ENABLED"] = True
    with app.app_context():
        make_world()
        db.session.commit()
    page = app.test_client().get(path).get_data(as_text=True)
    assert 'name="csrf_token"' in page
