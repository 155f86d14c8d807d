"""Security basics: headers, production refusals, rate limits, safe rendering of resident text."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from initiatief import create_app
from initiatief.extensions import db
from initiatief.models import ClosedDay, Event, EventKind
from tests.factories import login_resident, make_world, submit
from tests.samples import INTAKE_FORM, XSS_CORPUS


def test_every_page_has_strict_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_no_inline_script_in_pages(client):
    page = client.get("/initiatief-indienen").get_data(as_text=True)
    assert "<script>" not in page and "onclick=" not in page and "style=" not in page


def test_intake_is_rate_limited(database_url):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_ENABLED": True,
            "INTAKE_RATE_LIMIT": "2 per hour",
        }
    )
    with app.app_context():
        make_world()
        db.session.commit()
    client = app.test_client()
    codes = [
        client.post("/initiatief-indienen", data={**INTAKE_FORM, "action": "send"}).status_code
        for _ in range(3)
    ]
    assert codes == [303, 303, 429]
    # Checking answers is not limited: nothing is stored.
    check = client.post("/initiatief-indienen", data={**INTAKE_FORM, "action": "check"})
    assert check.status_code == 200
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("source", XSS_CORPUS[:8])
def test_xss_in_the_description_is_harmless_on_the_check_page(client, app, source):
    with app.app_context():
        make_world()
        db.session.commit()
    page = client.post(
        "/initiatief-indienen", data={**INTAKE_FORM, "description": source, "action": "check"}
    ).get_data(as_text=True)
    body = page.split("<main", 1)[1].lower()
    # The raw text only appears escaped inside the hidden field, never as markup.
    marker = 'rich-text">'
    rendered = body.split(marker, 1)[1].split("</dd>", 1)[0]
    for danger in ("<script", "onerror", "onload", "javascript:", "<iframe", "<svg", "<img"):
        assert danger not in rendered


def test_public_updates_are_shown_sanitised_and_internal_notes_never(app, client):
    with app.app_context():
        make_world()
        initiative = submit(datetime(2026, 3, 2, 9, tzinfo=UTC))
        db.session.add_all(
            [
                Event(
                    initiative=initiative,
                    kind=EventKind.UPDATE,
                    public=True,
                    body="Ik heb **goed nieuws**. <script>alert(1)</script>",
                    created_at=datetime(2026, 3, 3, 15, 30, tzinfo=UTC),
                ),
                Event(
                    initiative=initiative,
                    kind=EventKind.NOTE,
                    public=False,
                    body="Intern: buurman klaagt.",
                    created_at=datetime(2026, 3, 4, tzinfo=UTC),
                ),
            ]
        )
        db.session.commit()
        number = initiative.number
    login_resident(app, client, "fatima@voorbeeld.example")
    page = client.get(f"/mijn/initiatief/{number}").get_data(as_text=True)
    assert "<strong>goed nieuws</strong>" in page
    assert "<script>alert(1)</script>" not in page
    assert "3 maart 2026, 16.30 uur" in page
    assert "buurman klaagt" not in page


def test_an_unexpected_error_gives_a_dutch_500_page_and_rolls_back(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def boom():
        db.session.add(ClosedDay(day=date(2026, 12, 31), reason="Half geschreven"))
        db.session.flush()  # the row is in the transaction when the view breaks
        raise RuntimeError("kapot")

    app.add_url_rule("/boom", view_func=boom)
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Uw gegevens zijn niet verloren" in page and "kapot" not in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ClosedDay)) == 0


def test_unknown_page_is_a_dutch_404(client):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet (meer)." in response.get_data(as_text=True)
