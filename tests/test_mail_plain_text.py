"""The text part of every mail reads as plain text, links included (issue 9, 4 and 5)."""

import re
from datetime import UTC, datetime

import pytest

from initiatief.extensions import db
from initiatief.mail import composers, editable_texts
from initiatief.models import User
from initiatief.rendering import markdown_text
from initiatief.services.config import mail_texts
from tests.admin_world import BEA, build_admin_world
from tests.factories import submit
from tests.staff_helpers import sign_in

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# What raw Markdown looks like in a text part: markers, headings, link syntax.
RAW_MARKDOWN = re.compile(r"\*\*|__|(?m:^#{1,6} )|\]\(|(?<![\w*])\*\w")
STAFF_MARKDOWN = (
    "De gemeente besluit in **hoogstens 8 weken**. *Let op*: lees "
    "[de regels](https://gemeente.example/regels).\n\n"
    "## Wat wij nodig hebben\n\n- een begroting\n- een tekening"
)


def test_markdown_text_reads_as_plain_text():
    source = (
        "Beste Piet,\n\nUw nummer is **INI-1**. Binnen *8 weken*.\nTweede regel.\n\n"
        "## Wat kunt u verwachten?\n\n- [Tevreden](https://x.example/a?b=1&c=2)\n- een & twee\n\n"
        "1. een\n2. twee\n\n> citaat\n\n"
        "Zie <https://x.example/z> of [mail](mailto:a@b.example).\n\n"
        "Tuin\\_1 \\*geen nadruk\\*"
    )
    assert markdown_text(source) == (
        "Beste Piet,\n\nUw nummer is INI-1. Binnen 8 weken.\nTweede regel.\n\n"
        "Wat kunt u verwachten?\n\n- Tevreden (https://x.example/a?b=1&c=2)\n- een & twee\n\n"
        "1. een\n2. twee\n\n> citaat\n\nZie https://x.example/z of mail (a@b.example).\n\n"
        "Tuin_1 *geen nadruk*"
    )


def test_markdown_text_keeps_loose_and_nested_lists_readable():
    assert markdown_text("- een\n\n- twee\n\n    meer over twee\n\nNa de lijst.") == (
        "- een\n- twee\n  meer over twee\n\nNa de lijst."
    )
    assert markdown_text("- een\n    - genest\n- twee") == "- een\n  - genest\n- twee"


@pytest.fixture
def admin_world_with_intake(app):
    """The admin world and one submitted initiative; nobody signed in."""
    world = build_admin_world(app)
    with app.app_context():
        submit(T0)
        db.session.commit()
    return world


def _every_kind_text(initiative_number: str, now: datetime) -> dict[str, str]:
    live = mail_texts.preview_initiative(initiative_number)
    found = {}
    for kind in editable_texts.KINDS:
        values = {"bericht": STAFF_MARKDOWN, "verwachting": STAFF_MARKDOWN}
        values |= mail_texts.example_answer_links()
        found[kind] = composers.compose_resident(kind, live, now, values).text
    return found


def test_every_resident_mail_has_a_plain_text_part(app, admin_world_with_intake):
    with app.app_context():
        number = mail_texts.preview_initiative(None).number
        for kind, text in _every_kind_text(number, T0).items():
            assert not RAW_MARKDOWN.search(text), (kind, RAW_MARKDOWN.search(text))
            if "bericht" in editable_texts.mail_kind(kind).names:
                assert "De gemeente besluit in hoogstens 8 weken." in text, kind
                assert "lees de regels (https://gemeente.example/regels)." in text, kind
                assert "- een begroting\n- een tekening" in text, kind


def test_a_beheerder_text_with_markdown_is_plain_in_the_text_part(app, admin_world_with_intake):
    with app.app_context():
        bea = db.session.get(User, admin_world_with_intake.users["bea"])
        mail_texts.save_mail_text(
            "stand_van_zaken",
            "Stand van zaken {nummer}",
            "Beste {naam},\n\n## Hoe staat het?\n\nWij zijn **bijna klaar**. "
            "Zie [uw pagina]({link}).",
            bea,
        )
        live = mail_texts.preview_initiative(None)
        text = composers.compose_resident("stand_van_zaken", live, T0).text
    assert "Hoe staat het?\n\nWij zijn bijna klaar. Zie uw pagina (http://localhost/" in text
    assert not RAW_MARKDOWN.search(text)


@pytest.mark.parametrize("kind", ["evaluatieverzoek", "herinnering_evaluatie"])
def test_the_plain_text_preview_of_the_evaluation_mails_carries_each_answer_link(
    app, client, admin_world_with_intake, kind
):
    sign_in(app, client, BEA)
    html = client.get(f"/beheer/mailteksten/{kind}").get_data(as_text=True)
    plain = html.split('<pre class="mailbox-text">', 1)[1].split("</pre>", 1)[0]
    for answer in ("Tevreden", "Neutraal", "Ontevreden"):
        link = f"http://localhost/evaluatie/voorbeeld?antwoord={answer.lower()}"
        assert f"- {answer} ({link})" in plain.replace("&amp;", "&")
    # An example token: clicking it in the preview answers nothing for the resident.
    assert client.get("/evaluatie/voorbeeld?antwoord=tevreden").status_code == 404
