"""Need-to-know as a table: every role x every staff route x an initiative in and out of scope."""

import re
from datetime import UTC, datetime

import pytest

from initiatief.extensions import db
from initiatief.services.callbacks import request_callback
from initiatief.services.evaluation import record_verdict
from tests.factories import calendar_job_ran, submit
from tests.shared_fixtures import in_app
from tests.staff_helpers import sign_in

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def scoped_initiatives(app, world, actors):
    """Noord (Anna, Bram) and Zuid (Cor); a coördinator and a beheerder outside any team."""
    with in_app(app, world):
        noord = submit(T0, wijk_id=world.wijken["centrum"].id)  # team Noord
        zuid = submit(T0, wijk_id=world.wijken["haven"].id)  # team Zuid, contact Cor
        zuid_but_anna = submit(T0, wijk_id=world.wijken["haven"].id)
        zuid_but_anna.contact = world.staff["anna"]  # Anna is contact outside her team
        for initiative in (noord, zuid, zuid_but_anna):  # unhappy: 'Opgevolgd' is open
            record_verdict(initiative, "ontevreden", T0)
        calls = {
            key: request_callback(initiative, "06 1234 5678", "", T0)
            for key, initiative in (("noord", noord), ("zuid", zuid), ("zuid_anna", zuid_but_anna))
        }
        db.session.commit()
        calendar_job_ran()
        numbers = {"noord": noord.number, "zuid": zuid.number, "zuid_anna": zuid_but_anna.number}
        return {**numbers, "calls": {key: call.id for key, call in calls.items()}}


ROUTES = [
    ("GET", "/medewerker/initiatief/{n}", {}),
    ("GET", "/medewerker/initiatief/{n}/brief", {}),
    ("POST", "/medewerker/initiatief/{n}/terugbelverzoek/{call}", {"note": "Gebeld"}),
    ("POST", "/medewerker/initiatief/{n}/actie/note", {"body": "Intern", "version": "1"}),
    ("POST", "/medewerker/initiatief/{n}/evaluatie/opgevolgd", {"note": "Gebeld"}),
    (
        "POST",
        "/medewerker/initiatief/{n}/actie/update",
        {"body": "Hallo", "version": "1", "preview": "1"},
    ),
]
EXPECTED = {
    # who: {which initiative: expected status for GET / a successful action}
    "anna@gemeente.example": {"noord": "ok", "zuid": 404, "zuid_anna": "ok"},
    "cor@gemeente.example": {"noord": 404, "zuid": "ok", "zuid_anna": "ok"},
    "coco@gemeente.example": {"noord": "ok", "zuid": "ok", "zuid_anna": "ok"},
    "bea@gemeente.example": {"noord": "ok", "zuid": "ok", "zuid_anna": "ok"},
}
OK = {"GET": 200, "POST": (303, 200)}


def current_version(app, number: str) -> int:
    from sqlalchemy import select

    from initiatief.models import Initiative

    with app.app_context():
        return db.session.execute(
            select(Initiative.version).where(Initiative.number == number)
        ).scalar_one()


@pytest.mark.parametrize("email", list(EXPECTED))
@pytest.mark.parametrize(("method", "path", "data"), ROUTES)
def test_scope_table(app, scoped_initiatives, email, method, path, data):
    client = app.test_client()
    sign_in(app, client, email)
    for which, expected in EXPECTED[email].items():
        url = path.format(n=scoped_initiatives[which], call=scoped_initiatives["calls"][which])
        if "version" in data:
            data = {**data, "version": str(current_version(app, scoped_initiatives[which]))}
        response = client.open(url, method=method, data=data)
        if expected == "ok":
            allowed = OK[method] if isinstance(OK[method], tuple) else (OK[method],)
            assert response.status_code in allowed, (email, which, url, response.status_code)
        else:
            assert response.status_code == expected, (email, which, url, response.status_code)


# Answers only a coördinator or beheerder gives (a resident's deletion request): a
# medewerker gets 403 whether or not the initiative is theirs, so nothing leaks.
DATA_REQUEST_ROUTES = [
    ("POST", "/medewerker/initiatief/{n}/verwijderverzoek/bewaren", {"reason": "Nog nodig."}),
    ("POST", "/medewerker/initiatief/{n}/verwijderverzoek/nu-verwijderen", {}),
]
DATA_REQUEST_EXPECTED = {
    "anna@gemeente.example": {"noord": 403, "zuid": 403, "zuid_anna": 403},
    "cor@gemeente.example": {"noord": 403, "zuid": 403, "zuid_anna": 403},
    "coco@gemeente.example": {"noord": 303, "zuid": 303, "zuid_anna": 303},
    "bea@gemeente.example": {"noord": 303, "zuid": 303, "zuid_anna": 303},
}


@pytest.mark.parametrize("email", list(DATA_REQUEST_EXPECTED))
@pytest.mark.parametrize(("method", "path", "data"), DATA_REQUEST_ROUTES)
def test_data_request_scope_table(app, scoped_initiatives, email, method, path, data):
    from initiatief.models import DataRequest, Initiative

    with app.app_context():
        for initiative in db.session.scalars(db.select(Initiative)):
            db.session.add(DataRequest(initiative=initiative, requested_at=T0, due_on=T0.date()))
        db.session.commit()
    client = app.test_client()
    sign_in(app, client, email)
    for which, expected in DATA_REQUEST_EXPECTED[email].items():
        url = path.format(n=scoped_initiatives[which])
        response = client.open(url, method=method, data=data)
        assert response.status_code == expected, (email, which, url, response.status_code)


# A resident's data on request (AVG): coördinatoren and beheerders only, then scoped.
PERSONAL_DATA_ROUTES = [
    ("GET", "/medewerker/initiatief/{n}/gegevens", {}),
    ("POST", "/medewerker/initiatief/{n}/gegevens/export", {"export-reason": "Verzoek"}),
    ("POST", "/medewerker/initiatief/{n}/gegevens/anonimiseren", {"anonimiseren-reason": "V"}),
    (
        "POST",
        "/medewerker/initiatief/{n}/gegevens/anonimiseren",
        {"anonimiseren-reason": "Verzoek", "bevestigd": "ja"},
    ),
]


@pytest.mark.parametrize("email", list(EXPECTED))
@pytest.mark.parametrize(("method", "path", "data"), PERSONAL_DATA_ROUTES)
def test_personal_data_scope_table(app, scoped_initiatives, email, method, path, data):
    client = app.test_client()
    sign_in(app, client, email)
    coordinator = email in ("coco@gemeente.example", "bea@gemeente.example")
    for which in ("noord", "zuid", "zuid_anna"):
        response = client.open(path.format(n=scoped_initiatives[which]), method=method, data=data)
        allowed = (200, 303) if coordinator else (403,)
        assert response.status_code in allowed, (email, which, path, response.status_code)


@pytest.mark.parametrize(
    ("method", "path", "data"),
    ROUTES + DATA_REQUEST_ROUTES + PERSONAL_DATA_ROUTES + [("GET", "/medewerker/", {})],
)
def test_anonymous_visitors_are_sent_to_the_login(app, scoped_initiatives, method, path, data):
    url = path.format(n=scoped_initiatives["noord"], call=scoped_initiatives["calls"]["noord"])
    response = app.test_client().open(url, method=method, data=data)
    assert response.status_code == 302
    assert "/medewerker/inloggen" in response.headers["Location"]


def test_worklist_only_lists_what_the_user_may_see(app, scoped_initiatives):
    client = app.test_client()
    sign_in(app, client, "anna@gemeente.example")
    page = client.get("/medewerker/?weergave=alle").get_data(as_text=True)
    assert scoped_initiatives["noord"] in page and scoped_initiatives["zuid_anna"] in page
    assert scoped_initiatives["zuid"] not in page
    coordinator = app.test_client()
    sign_in(app, coordinator, "coco@gemeente.example")
    page = coordinator.get("/medewerker/?weergave=alle").get_data(as_text=True)
    assert all(scoped_initiatives[k] in page for k in ("noord", "zuid", "zuid_anna"))


def test_viewing_resident_data_is_audited(app, scoped_initiatives):
    from sqlalchemy import select

    from initiatief.models import AuditEntry

    client = app.test_client()
    sign_in(app, client, "anna@gemeente.example")
    client.get(f"/medewerker/initiatief/{scoped_initiatives['noord']}")
    client.get(
        f"/medewerker/initiatief/{scoped_initiatives['zuid']}"
    )  # out of scope: nothing shown
    with app.app_context():
        entries = db.session.execute(select(AuditEntry)).scalars().all()
        assert [(e.action, e.object_type) for e in entries] == [("view", "initiator")]
        assert entries[0].actor.startswith("user:")


ROLE_ROUTES = {
    # Routes without an initiative: who may open them.
    "/medewerker/": {
        "anna@gemeente.example": 200,
        "coco@gemeente.example": 200,
        "bea@gemeente.example": 200,
    },
    "/medewerker/profiel": {
        "anna@gemeente.example": 200,
        "coco@gemeente.example": 200,
        "bea@gemeente.example": 200,
    },
    "/medewerker/intake": {
        "anna@gemeente.example": 403,
        "coco@gemeente.example": 200,
        "bea@gemeente.example": 200,
    },
    # The dashboard: every staff role; the service scopes the figures (test_dashboard_pages).
    "/medewerker/dashboard": {
        "anna@gemeente.example": 200,
        "coco@gemeente.example": 200,
        "bea@gemeente.example": 200,
    },
    "/medewerker/dashboard/per-fase.csv": {
        "anna@gemeente.example": 200,
        "coco@gemeente.example": 200,
        "bea@gemeente.example": 200,
    },
    "/medewerker/dashboard/lijst?figuur=late": {
        "anna@gemeente.example": 200,
        "coco@gemeente.example": 200,
        "bea@gemeente.example": 200,
    },
    # The klantreis picture: every staff role reads (scoped like the dashboard, and
    # test_journey_picture_pages shows it); only coördinatoren and beheerders set desired norms.
    "/medewerker/klantreis": {
        "anna@gemeente.example": 200,
        "coco@gemeente.example": 200,
        "bea@gemeente.example": 200,
    },
    "/medewerker/klantreis.csv": {
        "anna@gemeente.example": 200,
        "coco@gemeente.example": 200,
        "bea@gemeente.example": 200,
    },
    "/medewerker/klantreis/gewenst": {
        "anna@gemeente.example": 403,
        "coco@gemeente.example": 200,
        "bea@gemeente.example": 200,
    },
    # Verbeteracties: every staff role reads (the service scopes them), only coördinatoren
    # and beheerders write. No action exists in this world (test_improvement_pages has some).
    "/medewerker/verbeteracties": {
        "anna@gemeente.example": 200,
        "coco@gemeente.example": 200,
        "bea@gemeente.example": 200,
    },
    "/medewerker/verbeteracties/ideeen": {
        "anna@gemeente.example": 200,
        "coco@gemeente.example": 200,
        "bea@gemeente.example": 200,
    },
    "/medewerker/verbeteracties/nieuw": {
        "anna@gemeente.example": 403,
        "coco@gemeente.example": 200,
        "bea@gemeente.example": 200,
    },
    "/medewerker/verbeteracties/1": {
        "anna@gemeente.example": 404,
        "coco@gemeente.example": 404,
        "bea@gemeente.example": 404,
    },
    "/medewerker/verbeteracties/1/bewerken": {
        "anna@gemeente.example": 403,
        "coco@gemeente.example": 404,
        "bea@gemeente.example": 404,
    },
}


@pytest.mark.parametrize("path", list(ROLE_ROUTES))
def test_role_routes(app, scoped_initiatives, path):
    for email, expected in ROLE_ROUTES[path].items():
        client = app.test_client()
        sign_in(app, client, email)
        assert client.get(path).status_code == expected, (email, path)


def test_every_staff_route_is_in_a_table(app):
    """A new staff route must be added to one of the tables above."""
    sign_in_routes = {"staff.login", "staff.code", "staff.enrol", "staff.logout"}
    covered = {
        re.sub(r"/actie/\w+", "/actie/", re.sub(r"\{[^}]+\}", "", path))
        for _, path, _ in ROUTES + DATA_REQUEST_ROUTES + PERSONAL_DATA_ROUTES
    } | set(ROLE_ROUTES)
    # A role route may be a real path of a rule with a variable (…/per-fase.csv).
    adapter = app.url_map.bind("localhost")
    matched = {adapter.match(path.split("?")[0], return_rule=True)[0].rule for path in ROLE_ROUTES}
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("staff.") or rule.endpoint in sign_in_routes:
            continue
        bare = re.sub(r"<[^>]+>", "", rule.rule)
        assert bare in covered or rule.rule in matched, f"{rule.rule} is not in the scope tables"
