"""Editable mail texts: filling placeholders safely, saving, and the preview in beheer."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.mail import editable_texts
from initiatief.models import AuditEntry, MailText, User
from initiatief.services.config import mail_texts
from initiatief.services.errors import DomainError
from tests.admin_world import BEA, build_admin_world
from tests.factories import submit

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
EVIL_NAMES = [
    "[klik](https://evil.example)",
    "**vet**",
    "<a href='https://evil.example'>x</a>",
    "# Kop\n\n- lijst\n\n    code",
    "![beeld](https://evil.example/p.png)",
    "<https://evil.example>",
    "evil.example/login",
]


# fill() and rendering


def test_fill_replaces_known_placeholders_and_leaves_the_rest():
    template = "Hallo {naam}, {onbekend} { naam } {} {0} {naam.__class__} {{naam}} {"
    assert editable_texts.fill(template, {"naam": "Piet"}) == (
        "Hallo Piet, {onbekend} { naam } {} {0} {naam.__class__} {Piet} {"
    )


def test_fill_does_not_fill_values_again():
    assert editable_texts.fill("{naam} {titel}", {"naam": "{titel}", "titel": "Moestuin"}) == (
        "{titel} Moestuin"
    )


@pytest.mark.parametrize("name", EVIL_NAMES)
def test_a_resident_name_cannot_inject_markdown_or_links(app, name):
    with app.app_context():
        text, html = editable_texts.render_body(
            "ontvangstbevestiging", {"naam": name, "nummer": "INI-1"}
        )
    assert "evil.example" not in html and "evil.example" not in text
    for tag in ("<a", "<img", "<h1", "<li", "<pre", "<code", "<strong>vet"):
        assert tag not in html
    assert "<strong>INI-1</strong>" in html  # the template's own Markdown still works


def test_escaped_values_read_as_typed(app):
    with app.app_context():
        _, html = editable_texts.render_body(
            "ontvangstbevestiging", {"naam": "**vet** & <b>", "titel": "Tuin_1 (a.b.)"}
        )
    assert "Beste **vet** &amp; &lt;b&gt;," in html
    assert '"Tuin_1 (a.b.)"' in html


def test_staff_markdown_placeholders_keep_their_markup(app):
    values = {
        "fase": "Besluit",
        "bericht": "Wij hebben **goed** nieuws.",
        "verwachting": "- bellen\n- langskomen",
    }
    with app.app_context():
        text, html = editable_texts.render_body("nieuwe_fase", values)
    assert "<strong>goed</strong>" in html and "<li>bellen</li>" in html
    assert "Wij hebben goed nieuws." in text and "**" not in text  # issue 9: no raw Markdown


def test_missing_values_get_the_fallback_and_the_text_part_is_plain(app):
    with app.app_context():
        text, html = editable_texts.render_body("nieuwe_fase", {"naam": "Piet", "fase": "Besluit"})
    assert "af te ronden op: nog niet bekend." in text
    assert "{" not in text and "{" not in html
    assert "## " not in text and "**" not in text  # the template's markup, made plain
    assert "<h2>Wat kunt u verwachten?</h2>" in html


def test_the_subject_is_one_line(app):
    with app.app_context():
        subject = editable_texts.render_subject(
            "nieuwe_fase", {"nummer": "INI-1", "fase": "Besluit\r\nBcc: x@evil.example"}
        )
    assert "\n" not in subject and "\r" not in subject
    assert subject.startswith("Uw initiatief INI-1 is in een nieuwe fase: Besluit Bcc:")


def test_every_default_text_is_valid_for_its_own_kind(app):
    assert {
        "ontvangstbevestiging",
        "contactpersoon_voorgesteld",
        "nieuwe_fase",
        "actie_gevraagd",
        "termijn_verlengd",
        "gestopt",
        "nieuw_bericht",
    } <= set(editable_texts.KINDS)
    with app.app_context():
        for kind, spec in editable_texts.KINDS.items():
            assert editable_texts.unknown_placeholders(kind, spec.body) == [], kind
            assert editable_texts.unknown_placeholders(kind, spec.subject, subject=True) == [], kind
            text, html = editable_texts.render_body(kind, {})
            assert text.strip() and html.strip()


def test_the_saved_text_wins_over_the_default(app):
    build_admin_world(app)
    with app.app_context():
        bea = db.session.execute(select(User).where(User.email == BEA)).scalar_one()
        default = editable_texts.mail_text("gestopt")
        assert default == (
            editable_texts.KINDS["gestopt"].subject,
            editable_texts.KINDS["gestopt"].body,
        )
        mail_texts.save_mail_text(
            "gestopt", "Gestopt: {nummer}", "Beste {naam},\r\n\r\nJammer.", bea
        )
        db.session.commit()
        assert editable_texts.mail_text("gestopt") == (
            "Gestopt: {nummer}",
            "Beste {naam},\n\nJammer.\n",
        )
        mail_texts.reset_mail_text("gestopt")
        db.session.commit()
        assert editable_texts.mail_text("gestopt") == default
        with pytest.raises(KeyError):
            editable_texts.mail_text("bestaat-niet")


@pytest.mark.parametrize(
    ("subject", "body", "field", "message"),
    [
        ("Onderwerp", "Beste {Naam}", "body", "Deze invulvelden kennen wij niet: {Naam}."),
        ("Onderwerp", "Beste { naam } {x}", "body", "{ naam }, {x}"),
        ("Over {bericht}", "Tekst", "subject", "kennen wij niet: {bericht}"),
        ("  ", "Tekst", "subject", "Vul een onderwerp in."),
        ("Onderwerp", "", "body", "Vul de tekst van de e-mail in."),
    ],
)
def test_unknown_placeholders_and_empty_texts_are_refused(app, subject, body, field, message):
    with app.app_context(), pytest.raises(DomainError) as refused:
        mail_texts.check_mail_text("nieuw_bericht", subject, body)
    assert refused.value.field == field
    assert message in str(refused.value.message)


# The beheer pages


def test_saving_with_an_unknown_placeholder_shows_the_allowed_ones(app, client, admin_world):
    response = client.post(
        "/beheer/mailteksten/actie_gevraagd",
        data={"subject": "Actie voor {nummer}", "body": "Beste {voornaam}, stuur ons iets."},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Deze invulvelden kennen wij niet: {voornaam}." in html
    assert "{naam}, {titel}, {nummer}" in html and "{wat_nodig}" in html
    assert "Beste {voornaam}, stuur ons iets." in html  # what was typed stays
    with app.app_context():
        assert db.session.get(MailText, ("actie_gevraagd", "nl")) is None


def test_saving_a_text(app, client, admin_world):
    response = client.post(
        "/beheer/mailteksten/actie_gevraagd",
        data={"subject": "Actie voor {nummer}", "body": "Beste {naam},\n\n{wat_nodig}"},
    )
    assert response.status_code == 303
    with app.app_context():
        row = db.session.get(MailText, ("actie_gevraagd", "nl"))
        assert (
            row.subject == "Actie voor {nummer}" and row.updated_by_id == admin_world.users["bea"]
        )
    assert "Aangepast" in client.get("/beheer/mailteksten").get_data(as_text=True)
    assert client.post("/beheer/mailteksten/actie_gevraagd/standaard").status_code == 303
    with app.app_context():
        assert db.session.get(MailText, ("actie_gevraagd", "nl")) is None
    assert client.get("/beheer/mailteksten/bestaat-niet").status_code == 404


def test_the_preview_uses_a_real_initiative(app, client, admin_world):
    with app.app_context():
        older = submit(T0, name="Oudere Indiener").number
        submit(T0.replace(day=3), name="[klik](https://evil.example) Jansen")
        db.session.commit()

    html = client.get("/beheer/mailteksten/ontvangstbevestiging").get_data(as_text=True)
    assert "INI-2026-0002" in html  # the newest
    assert "Beste [klik]([link weggelaten] Jansen," in html
    for frame in ("Wat gebeurt er nu?", "Uw contactpersoon", "Bekijk uw initiatief"):
        assert frame in html  # the same frame as the real mail
    assert "evil.example" not in html

    html = client.get(f"/beheer/mailteksten/ontvangstbevestiging?nummer={older}").get_data(
        as_text=True
    )
    assert "Beste Oudere Indiener," in html and "2 maart 2026" in html
    with app.app_context():
        audit = db.session.execute(select(AuditEntry)).scalars().all()
        assert [a.action for a in audit] == ["view", "view"]
        assert all(a.actor == f"user:{admin_world.users['bea']}" for a in audit)

    html = client.get("/beheer/mailteksten/ontvangstbevestiging?nummer=INI-1999-9999").get_data(
        as_text=True
    )
    assert "Er is geen initiatief met nummer INI-1999-9999." in html


def test_previewing_unsaved_text(app, client, admin_world):
    with app.app_context():
        number = submit(T0).number
        db.session.commit()
    response = client.post(
        "/beheer/mailteksten/nieuw_bericht",
        data={"subject": "Nieuws: {titel}", "body": "Hoi {naam} ({nummer})", "voorbeeld": "1"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"Hoi Fatima el Amrani ({number})" in html
    assert "Nieuws: Moestuin aan de Lindelaan" in html
    assert "nog niet opgeslagen" in html
    with app.app_context():
        assert db.session.get(MailText, ("nieuw_bericht", "nl")) is None


def test_the_preview_without_any_initiative_says_so(client, admin_world):
    html = client.get("/beheer/mailteksten/gestopt").get_data(as_text=True)
    assert "Er is nog geen initiatief." in html
