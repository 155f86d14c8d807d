"""The language of a page: ?taal= > cookie > the signed-in resident's initiative >
Accept-Language > Dutch; staff pages always Dutch; the switch stores the choice."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import Initiator
from tests.factories import login_resident, submit
from tests.staff_helpers import sign_in

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
EMAIL = "fatima@voorbeeld.example"


def lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def test_without_anything_the_page_is_dutch(client):
    assert lang(client.get("/")) == "nl"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("en-GB,en;q=0.9", "en"),
        ("en-US", "en"),
        ("de-DE,de;q=0.9,en;q=0.5", "en"),
        ("nl-NL,nl;q=0.9,en;q=0.8", "nl"),
        ("fr-FR,de;q=0.8", "nl"),
        ("en;q=0.2,nl;q=0.9", "nl"),
    ],
)
def test_accept_language_is_the_first_guess(client, header, expected):
    assert lang(client.get("/", headers={"Accept-Language": header})) == expected


def test_the_cookie_beats_accept_language(client):
    client.set_cookie("taal", "nl")
    assert lang(client.get("/", headers={"Accept-Language": "en"})) == "nl"
    client.set_cookie("taal", "en")
    assert lang(client.get("/", headers={"Accept-Language": "nl"})) == "en"
    client.set_cookie("taal", "klingon")  # not on offer: ignored, the next rule decides
    assert lang(client.get("/", headers={"Accept-Language": "en"})) == "en"


def test_the_switch_stores_the_choice_and_shows_the_same_page_again(client):
    response = client.get("/privacy?taal=en&x=1")
    assert response.status_code == 303
    assert response.headers["Location"] == "/privacy?x=1"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("taal=en;")
    for part in ("Max-Age=31536000", "HttpOnly", "SameSite=Lax", "Path=/"):
        assert part in cookie
    assert "Secure" not in cookie  # only where the session cookie is Secure (production)
    # The URL wins over the cookie it left, and over Accept-Language.
    assert lang(client.get("/privacy", headers={"Accept-Language": "nl"})) == "en"
    assert client.get("/?taal=nl").headers["Location"] == "/"
    assert lang(client.get("/", headers={"Accept-Language": "en"})) == "nl"


def test_the_cookie_is_secure_where_sessions_are(app, client):
    app.config["SESSION_COOKIE_SECURE"] = True
    assert "Secure" in client.get("/?taal=en").headers["Set-Cookie"]


def test_the_switch_never_leads_to_another_site(client):
    for path in (
        "/\\evil.example?taal=en",
        "/%2F%2Fevil.example?taal=en",
        "/%5Cevil.example?taal=en",
    ):
        response = client.get(path)
        assert response.status_code == 303
        assert response.headers["Location"] == "/evil.example"  # a path here, not a host


def test_a_language_not_on_offer_is_ignored(client):
    response = client.get("/?taal=xx", headers={"Accept-Language": "nl"})
    assert response.status_code == 200 and lang(response) == "nl"
    assert "taal=" not in response.headers.get("Set-Cookie", "")


def test_the_switch_is_on_every_resident_page_in_the_other_language(client):
    html = client.get("/privacy?x=1").get_data(as_text=True)
    assert '<a class="utrecht-link" href="/privacy?x=1&amp;taal=en" lang="en" hreflang="en"' in html
    assert ">English</a>" in html
    client.set_cookie("taal", "en")
    html = client.get("/mijn/inloggen").get_data(as_text=True)
    assert 'href="/mijn/inloggen?taal=nl" lang="nl" hreflang="nl"' in html
    assert ">Nederlands</a>" in html and ">English</a>" not in html


def test_staff_pages_are_always_dutch_and_have_no_switch(app, client, world):
    client.set_cookie("taal", "en")
    headers = {"Accept-Language": "en"}
    response = client.get("/medewerker/inloggen?taal=en", headers=headers)
    assert response.status_code == 200  # no switching here
    assert lang(response) == "nl"
    html = response.get_data(as_text=True)
    assert "data-language-switch" not in html and "taal=en" not in html
    sign_in(app, client, "anna@gemeente.example")
    assert lang(client.get("/medewerker/", headers=headers, follow_redirects=True)) == "nl"


def test_the_signed_in_residents_language_comes_from_their_initiative(app, client, world):
    with app.app_context():
        submit(T0, language="en")
        db.session.commit()
    login_resident(app, client, EMAIL)
    client.delete_cookie("taal")
    assert lang(client.get("/mijn/", headers={"Accept-Language": "nl"})) == "en"
    client.set_cookie("taal", "nl")  # an explicit choice in this browser wins
    assert lang(client.get("/mijn/", headers={"Accept-Language": "en"})) == "nl"


def test_switching_while_signed_in_changes_the_language_of_every_live_initiative(
    app, client, world
):
    with app.app_context():
        submit(T0)
        submit(T0)
        submit(T0, email="ander@voorbeeld.example")
        db.session.commit()
    login_resident(app, client, EMAIL)
    assert client.get("/mijn/?taal=en").headers["Location"] == "/mijn/"
    with app.app_context():
        languages = db.session.execute(
            select(Initiator.email, Initiator.language).order_by(Initiator.id)
        ).all()
    assert languages == [(EMAIL, "en"), (EMAIL, "en"), ("ander@voorbeeld.example", "nl")]
    client.get("/mijn/?taal=nl")
    with app.app_context():
        assert set(db.session.scalars(select(Initiator.language))) == {"nl"}


def test_the_old_lang_parameter_no_longer_mislabels_a_page(client):
    assert lang(client.get("/?lang=en", headers={"Accept-Language": "nl"})) == "nl"


def test_the_switch_on_the_intake_posts_the_answers_back_so_nothing_is_lost(client, world):
    from tests.samples import INTAKE_FORM

    html = client.get("/initiatief-indienen").get_data(as_text=True)
    assert 'form="intake-form" formaction="/initiatief-indienen?taal=en" formmethod="post"' in html
    assert 'name="action" value="edit"' in html and '<form id="intake-form"' in html
    # The check page's switch posts its hidden answers back; the form comes in English.
    check = client.post("/initiatief-indienen", data={**INTAKE_FORM, "action": "check"})
    assert 'formaction="/initiatief-indienen?taal=en"' in check.get_data(as_text=True)
    response = client.post("/initiatief-indienen?taal=en", data={**INTAKE_FORM, "action": "edit"})
    assert response.status_code == 200 and lang(response) == "en"
    assert response.headers["Set-Cookie"].startswith("taal=en;")
    html = response.get_data(as_text=True)
    assert 'value="Moestuin aan de Lindelaan"' in html and "Fatima@Voorbeeld.example" in html
    assert lang(client.get("/initiatief-indienen")) == "en"  # the choice was kept


def test_the_switch_repeats_a_login_destination_only_when_it_is_ours(client, world):
    html = client.get("/mijn/inloggen?volgende=/mijn/").get_data(as_text=True)
    assert 'href="/mijn/inloggen?volgende=%2Fmijn%2F&amp;taal=en"' in html
    html = client.get("/mijn/inloggen?volgende=//evil.example").get_data(as_text=True)
    assert 'href="/mijn/inloggen?taal=en"' in html and "evil.example" not in html


def test_staff_see_which_residents_read_english(app, client):
    from tests.admin_world import BEA, build_admin_world

    build_admin_world(app)
    with app.app_context():
        english = submit(T0, language="en", title="Engelse moestuin").number
        dutch = submit(T0, title="Nederlandse moestuin").number
        db.session.commit()
    sign_in(app, client, BEA)
    html = client.get("/medewerker/?weergave=alle").get_data(as_text=True)
    rows = html.split('<tr class="utrecht-table__row">')[2:]
    (english_row,) = [row for row in rows if english in row]
    (dutch_row,) = [row for row in rows if dutch in row]
    assert '<span class="badge">Engelstalig</span>' in english_row
    assert "Engelstalig" not in dutch_row
    page = client.get(f"/medewerker/initiatief/{english}").get_data(as_text=True)
    assert '<dt>Taal</dt><dd><span class="badge">Engelstalig</span></dd>' in page
    page = client.get(f"/medewerker/initiatief/{dutch}").get_data(as_text=True)
    assert "Engelstalig" not in page
