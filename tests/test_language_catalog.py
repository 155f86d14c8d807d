"""With a compiled catalog: pages and the frame of resident mails follow the language,
the time loses "uur" in English, and a staff mail caused from an English page stays Dutch.

A tiny English catalog, compiled with `flask translate compile`, stands in for the
real one, so these tests say the same whatever the real catalog holds.
"""

from datetime import UTC, datetime

import pytest
from flask_babel import force_locale

from initiatief import create_app
from initiatief.extensions import babel, db
from initiatief.rendering import format_time
from tests.factories import login_resident, make_world
from tests.mail_helpers import RESIDENT, fresh

TINY_CATALOG = r"""
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: en\n"

msgid "Wat gebeurt er nu?"
msgstr "What happens now?"

msgid "%(time)s uur"
msgstr "%(time)s"

msgid "Terugbelverzoek voor %(number)s"
msgstr "Call-back request for %(number)s"

msgid "Ga direct naar de inhoud"
msgstr "Skip to the content"
"""


# With a compiled catalog


@pytest.fixture
def catalog_app(database_url, smtp_server, tmp_path):
    """An app reading a tiny English catalog compiled by `flask translate compile`."""
    folder = tmp_path / "translations"
    (folder / "en" / "LC_MESSAGES").mkdir(parents=True)
    (folder / "en" / "LC_MESSAGES" / "messages.po").write_text(TINY_CATALOG, encoding="utf-8")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": smtp_server.port,
            "UPLOAD_DIR": str(tmp_path / "uploads"),
            "BABEL_TRANSLATION_DIRECTORIES": str(folder),
        }
    )
    with app.app_context():
        babel.domain_instance.cache.clear()  # catalogs are cached per process, not per app
    result = app.test_cli_runner().invoke(args=["translate", "compile"])
    assert result.exit_code == 0, result.output
    assert (folder / "en" / "LC_MESSAGES" / "messages.mo").exists()
    yield app
    with app.app_context():
        babel.domain_instance.cache.clear()
        db.session.remove()
        db.engine.dispose()


def test_the_compiled_catalog_translates_pages_and_the_frame_of_mails(catalog_app, outbox):
    client = catalog_app.test_client()
    page = client.get("/?taal=en", follow_redirects=True).get_data(as_text=True)
    assert "Skip to the content" in page
    page = client.get("/?taal=nl", follow_redirects=True).get_data(as_text=True)
    assert "Ga direct naar de inhoud" in page
    with catalog_app.app_context():
        make_world()
        fresh(language="en")
        fresh()
        english_mail, dutch_mail = outbox.mails("ontvangstbevestiging")
        assert "What happens now?" in english_mail.text_body
        assert "What happens now?" in english_mail.html_body
        assert "Wat gebeurt er nu?" not in english_mail.html_body
        assert "Wat gebeurt er nu?" in dutch_mail.text_body
        moment = datetime(2026, 3, 3, 15, 30, tzinfo=UTC)
        with force_locale("en"):
            assert format_time(moment) == "16.30"
        assert format_time(moment) == "16.30 uur"


def test_a_staff_mail_caused_from_an_english_page_is_dutch(catalog_app, outbox):
    client = catalog_app.test_client()
    with catalog_app.app_context():
        world = make_world()
        initiative = fresh(language="en")
        initiative.contact = world.staff["anna"]
        db.session.commit()
        number = initiative.number
    login_resident(catalog_app, client, RESIDENT)
    client.get("/?taal=en")
    response = client.post(
        f"/mijn/initiatief/{number}/terugbellen", data={"phone": "06 1", "moment": "ochtend"}
    )
    assert response.status_code == 303
    with catalog_app.app_context():
        (notice,) = outbox.mails("terugbelverzoek")
        assert notice.subject == f"Terugbelverzoek voor {number}"
