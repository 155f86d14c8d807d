"""The beheer editor of mail texts: a text per kind and language, each saved on its own."""

from datetime import UTC, datetime

import pytest

from initiatief.extensions import db
from initiatief.mail import editable_texts
from initiatief.mail.default_texts_en import TEXTS
from initiatief.models import MailText
from tests.factories import submit

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PAGE = "/beheer/mailteksten/actie_gevraagd"


def saved(app) -> dict[tuple[str, str], str]:
    with app.app_context():
        return {(r.kind, r.language): r.subject for r in db.session.query(MailText)}


def test_the_list_shows_both_languages_of_every_kind(client, admin_world):
    html = client.get("/beheer/mailteksten").get_data(as_text=True)
    for kind in editable_texts.KINDS:
        assert f'href="/beheer/mailteksten/{kind}"' in html
        assert f'href="/beheer/mailteksten/{kind}?taal=en"' in html
    assert html.count(">Engels</a>") == len(editable_texts.KINDS)


def test_the_english_text_is_edited_saved_and_reset_on_its_own(app, client, admin_world):
    html = client.get(f"{PAGE}?taal=en").get_data(as_text=True)
    assert "Mailtekst: Actie gevraagd (Engels)" in html
    assert f'value="{TEXTS["actie_gevraagd"].subject}"' in html  # the English default
    assert 'action="/beheer/mailteksten/actie_gevraagd?taal=en"' in html
    assert 'aria-current="page">Engels</a>' in html

    response = client.post(
        f"{PAGE}?taal=en", data={"subject": "Action: {nummer}", "body": "Dear {naam}, please."}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"{PAGE}?taal=en"
    assert saved(app) == {("actie_gevraagd", "en"): "Action: {nummer}"}
    assert "De Engelse tekst van" in client.get(f"{PAGE}?taal=en").get_data(as_text=True)
    # The Dutch text is untouched and still the default.
    html = client.get(PAGE).get_data(as_text=True)
    assert f'value="{editable_texts.KINDS["actie_gevraagd"].subject}"' in html

    client.post(PAGE, data={"subject": "Actie: {nummer}", "body": "Beste {naam}."})
    assert saved(app) == {
        ("actie_gevraagd", "en"): "Action: {nummer}",
        ("actie_gevraagd", "nl"): "Actie: {nummer}",
    }
    assert client.post(f"{PAGE}/standaard?taal=en").headers["Location"] == f"{PAGE}?taal=en"
    assert saved(app) == {("actie_gevraagd", "nl"): "Actie: {nummer}"}


def test_the_english_text_is_checked_like_the_dutch_one(app, client, admin_world):
    response = client.post(f"{PAGE}?taal=en", data={"subject": "Hi {name}", "body": "x"})
    assert response.status_code == 422
    assert "Deze invulvelden kennen wij niet: {name}." in response.get_data(as_text=True)
    assert saved(app) == {}


def test_the_preview_is_in_the_texts_language(app, client, admin_world):
    with app.app_context():
        number = submit(T0).number  # a Dutch resident: the preview follows the text
        db.session.commit()
    html = client.get("/beheer/mailteksten/ontvangstbevestiging?taal=en").get_data(as_text=True)
    assert f"We have received your initiative ({number})" in html
    assert "Dear Fatima el Amrani," in html and "We received it on 2 March 2026." in html
    assert "/beheer/mailteksten/ontvangstbevestiging/voorbeeld?taal=en" in html
    frame = client.get("/beheer/mailteksten/ontvangstbevestiging/voorbeeld?taal=en")
    assert frame.status_code == 200
    assert "Dear Fatima el Amrani," in frame.get_data(as_text=True)
    assert '<html lang="en">' in frame.get_data(as_text=True)
    html = client.get("/beheer/mailteksten/ontvangstbevestiging").get_data(as_text=True)
    assert "Beste Fatima el Amrani," in html and "2 maart 2026" in html

    response = client.post(
        "/beheer/mailteksten/ontvangstbevestiging?taal=en",
        data={"subject": "Thanks {nummer}", "body": "Hello {naam}", "voorbeeld": "1"},
    )
    assert f"Thanks {number}" in response.get_data(as_text=True)
    assert saved(app) == {}


@pytest.mark.parametrize(
    "path",
    [
        f"{PAGE}?taal=xx",
        "/beheer/mailteksten/actie_gevraagd/voorbeeld?taal=de",
    ],
)
def test_a_language_not_on_offer_is_a_404(client, admin_world, path):
    assert client.get(path).status_code == 404


def test_a_missing_english_text_falls_back_to_the_english_default(app):
    with app.app_context():
        db.session.add(MailText(kind="gestopt", language="nl", subject="NL", body="Beste"))
        db.session.flush()
        assert editable_texts.mail_text("gestopt", "en") == (
            TEXTS["gestopt"].subject,
            TEXTS["gestopt"].body.strip() + "\n",
        )
        assert editable_texts.mail_text("gestopt", "nl") == ("NL", "Beste")
        assert editable_texts.mail_text("gestopt") == ("NL", "Beste")
