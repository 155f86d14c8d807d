"""The HTML preview of a mail text in its own sandboxed frame (issue 9, 6)."""

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from initiatief.extensions import db
from tests.admin_world import build_admin_world
from tests.factories import submit

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
FRAME_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)


@pytest.fixture
def admin_world_with_intake(app, admin_world):
    """The admin world (Bea signed in) and one submitted initiative to preview mails with."""
    with app.app_context():
        submit(T0)
        db.session.commit()
    return admin_world


def frame_src(html: str) -> str:
    tag = html.split('<iframe class="mail-preview"', 1)[1].split(">", 1)[0]
    assert ' sandbox=""' in tag and ' title="Voorbeeld van de e-mail: ' in tag
    return tag.split(' src="', 1)[1].split('"', 1)[0].replace("&amp;", "&")


def test_the_page_frames_the_mail_and_keeps_its_own_strict_policy(client, admin_world_with_intake):
    response = client.get("/beheer/mailteksten/nieuwe_fase")
    html = response.get_data(as_text=True)
    assert "style-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert ' style="' not in html  # the mail's inline styles stay inside the frame
    assert frame_src(html) == "/beheer/mailteksten/nieuwe_fase/voorbeeld"


def test_the_frame_is_the_whole_mail_with_a_policy_for_inline_styles_only(
    client, admin_world_with_intake
):
    response = client.get("/beheer/mailteksten/nieuwe_fase/voorbeeld")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.headers["Content-Security-Policy"] == FRAME_CSP
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert response.headers["Cache-Control"] == "no-store"
    assert html.startswith("<!DOCTYPE html>") and '<h1 style="font-size:24px;' in html
    assert "Beste Fatima el Amrani," in html


def test_unsaved_text_is_shown_in_the_frame_and_checked_as_on_the_page(
    client, admin_world_with_intake
):
    response = client.post(
        "/beheer/mailteksten/nieuw_bericht",
        data={"subject": "Nieuws {nummer}", "body": "Hoi {naam}, **vet**.", "voorbeeld": "1"},
    )
    src = frame_src(response.get_data(as_text=True))
    assert parse_qs(urlsplit(src).query) == {
        "onderwerp": ["Nieuws {nummer}"],
        "tekst": ["Hoi {naam}, **vet**."],
    }
    framed = client.get(src).get_data(as_text=True)
    assert "Hoi Fatima el Amrani, <strong>vet</strong>." in framed
    bad = "/beheer/mailteksten/nieuw_bericht/voorbeeld?onderwerp=x&tekst={voornaam}"
    assert client.get(bad).status_code == 400
    assert client.get("/beheer/mailteksten/nieuw_bericht/voorbeeld?tekst=x").status_code == 400
    assert client.get("/beheer/mailteksten/bestaat-niet/voorbeeld").status_code == 404
    unknown = client.get("/beheer/mailteksten/gestopt/voorbeeld?nummer=INI-1999-9999")
    assert unknown.status_code == 200
    assert "Er is geen initiatief met nummer INI-1999-9999." in unknown.get_data(as_text=True)


def test_only_beheerders_see_the_frame(app, client):
    build_admin_world(app)
    assert client.get("/beheer/mailteksten/gestopt/voorbeeld").status_code in (302, 303)
