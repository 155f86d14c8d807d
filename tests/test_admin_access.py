"""Beheer is for beheerders only: every route, every role, in one table."""

import re

import pytest

from initiatief.extensions import db
from initiatief.models import User
from tests.admin_world import ANNA, BEA, COCO, AdminWorld, build_admin_world
from tests.staff_helpers import sign_in


def routes(w: AdminWorld) -> list[tuple[str, str, dict]]:
    """(method, path, form data) for every admin route."""
    anna = w.users["anna"]
    get = [
        "/beheer/",
        "/beheer/klantreizen",
        "/beheer/klantreizen/nieuw",
        f"/beheer/klantreizen/{w.journey}",
        f"/beheer/klantreizen/{w.journey}/fasen/nieuw",
        f"/beheer/fasen/{w.phases[0]}",
        "/beheer/gesloten-dagen",
        "/beheer/teams",
        "/beheer/teams/nieuw",
        f"/beheer/teams/{w.teams['noord']}",
        "/beheer/wijken/nieuw",
        f"/beheer/wijken/{w.wijken['centrum']}",
        "/beheer/medewerkers",
        "/beheer/medewerkers/nieuw",
        f"/beheer/medewerkers/{anna}",
        "/beheer/mailteksten",
        "/beheer/mailteksten/ontvangstbevestiging",
        "/beheer/mailteksten/ontvangstbevestiging/voorbeeld",
        "/beheer/bewaartermijnen",
        "/beheer/audit",
        "/beheer/audit.csv",
    ]
    post = [
        (f"/beheer/fasen/{w.phases[0]}/verplaatsen", {"richting": "omlaag"}),
        (f"/beheer/fasen/{w.phases[-1]}/verwijderen", {}),
        ("/beheer/gesloten-dagen/2026-12-24/verwijderen", {}),
        (f"/beheer/medewerkers/{anna}/uitzetten", {}),
        (f"/beheer/medewerkers/{anna}/aanzetten", {}),
        (f"/beheer/medewerkers/{anna}/app-loskoppelen", {}),
        (f"/beheer/medewerkers/{anna}/wachtwoord", {}),
        ("/beheer/mailteksten/ontvangstbevestiging/standaard", {}),
        ("/beheer/bewaartermijnen", {"closed_months": "24", "outbox_days": "120"}),
    ]
    return [("GET", path, {}) for path in get] + [("POST", path, data) for path, data in post]


def request(client, method: str, path: str, data: dict):
    if method == "GET":
        return client.get(path)
    return client.post(path, data=data)


def rule_of(path: str) -> str:
    """The path with its numbers and dates generalised, to compare with the URL map."""
    parts = []
    for part in path.split("/"):
        if part.isdigit():
            part = "<id>"
        elif part.count("-") == 2 and part.replace("-", "").isdigit():
            part = "<day>"
        parts.append(part)
    return "/".join(parts)


def test_the_table_covers_every_admin_route(app):
    w = build_admin_world(app)
    covered = {(method, rule_of(path)) for method, path, _ in routes(w)}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin."):
            generic = re.sub(r"<int:\w+>", "<id>", rule.rule).replace(
                "<kind>", "ontvangstbevestiging"
            )
            method = "GET" if "GET" in rule.methods else "POST"
            assert (method, generic) in covered, f"{method} {rule.rule} is not in the table"


def test_anonymous_visitors_are_sent_to_the_login_page(app, client):
    w = build_admin_world(app)
    for method, path, data in routes(w):
        response = request(client, method, path, data)
        assert response.status_code == 302, (method, path)
        assert "/medewerker/inloggen" in response.headers["Location"], (method, path)


@pytest.mark.parametrize("email", [COCO, ANNA], ids=["coordinator", "medewerker"])
def test_other_roles_get_403(app, client, email):
    w = build_admin_world(app)
    sign_in(app, client, email)
    wrong = [
        (method, path, response.status_code)
        for method, path, data in routes(w)
        if (response := request(client, method, path, data)).status_code != 403
    ]
    assert wrong == []
    with app.app_context():
        assert db.session.get(User, w.users["anna"]).active  # nothing happened


def test_beheerders_may_use_every_route(app, client):
    w = build_admin_world(app)
    sign_in(app, client, BEA)
    for method, path, data in routes(w):
        response = request(client, method, path, data)
        expected = {200} if method == "GET" else {200, 303, 422}
        assert response.status_code in expected, (method, path, response.status_code)
        assert response.headers["Cache-Control"] == "no-store"


def test_only_beheerders_see_the_beheer_link(app, client):
    build_admin_world(app)
    sign_in(app, client, COCO)
    assert 'href="/beheer/"' not in client.get("/medewerker/profiel").get_data(as_text=True)
    other = app.test_client()
    sign_in(app, other, BEA)
    assert 'href="/beheer/"' in other.get("/medewerker/profiel").get_data(as_text=True)
