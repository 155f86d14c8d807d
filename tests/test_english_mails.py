"""An English resident's mails with the English catalog as shipped: no Dutch sentence left.

test_language_mails proves the machinery with a tiny catalog. This test compiles
translations/en as it is in the repository and sends every resident mail kind,
the login link and a combined mail to an English resident; the sentences of the
resident mail templates and mail modules (test_translations' resident scope) must
not appear in Dutch in the subject, the text part or the HTML part.
"""

import html
import re
from datetime import timedelta

import pytest

from initiatief import create_app
from initiatief.extensions import babel, db
from initiatief.mail import combine, editable_texts, notices
from initiatief.mail.dispatcher import dispatch_due
from tests.catalogs import compile_catalogs
from tests.factories import MONDAY, make_world
from tests.mail_helpers import RESIDENT, fresh, parts
from tests.resident_texts import PLACEHOLDER, STAFF_ONLY, resident_messages

MAIL_SOURCES = ("templates/email/", "initiatief/mail/")


def dutch_fragments() -> set[str]:
    """The Dutch text of every resident mail sentence, cut at its placeholders."""
    found = set()
    for key, where in resident_messages().items():
        if key in STAFF_ONLY or not any(w.startswith(MAIL_SOURCES) for w in where):
            continue
        for message in key if isinstance(key, tuple) else (key,):
            found.update(f.strip() for f in PLACEHOLDER.split(message) if len(f.strip()) >= 12)
    return found


def dutch_left(*bodies: str) -> list[str]:
    readable = [html.unescape(re.sub(r"<[^>]+>", " ", body)) for body in bodies]
    readable = [re.sub(r"\s+", " ", body) for body in readable]
    return sorted(f for f in dutch_fragments() if any(f in body for body in readable))


@pytest.fixture
def english_app(database_url, smtp_server, tmp_path):
    folder = compile_catalogs(tmp_path / "translations")
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
        babel.domain_instance.cache.clear()  # catalogs are cached per process
        make_world()
        db.session.commit()
    yield app
    with app.app_context():
        babel.domain_instance.cache.clear()
        db.engine.dispose()


def test_the_check_finds_dutch():
    assert "Wat gebeurt er nu?" in dutch_fragments()
    assert dutch_left("<h2>Wat gebeurt er nu?</h2>") == ["Wat gebeurt er nu?"]


@pytest.mark.parametrize("kind", list(editable_texts.KINDS))
def test_every_resident_mail_kind_has_no_dutch_left(english_app, smtp_server, kind):
    with english_app.app_context():
        initiative = fresh(language="en", title="Garden on Lindelaan", summary="A garden.")
        smtp_server.messages.clear()
        notices.queue_resident_mail(initiative, key=f"t:{kind}", kind=kind, now=MONDAY, urgent=True)
        db.session.commit()
        dispatch_due(MONDAY + timedelta(minutes=1))
    assert smtp_server.messages
    for message in smtp_server.messages:
        subject, text, body = parts(message)
        assert dutch_left(subject, text, body) == [], (kind, subject)


def test_the_login_link_and_a_combined_mail_have_no_dutch_left(english_app, smtp_server):
    client = english_app.test_client()
    with english_app.app_context():
        fresh(language="en", title="Garden on Lindelaan")
    client.get("/?taal=en")
    client.post("/mijn/inloggen", data={"email": RESIDENT})
    with english_app.app_context():
        dispatch_due(MONDAY + timedelta(days=400))
    login = [parts(m) for m in smtp_server.messages if "log in" in parts(m)[0]]
    assert login and dutch_left(*login[0]) == []

    with english_app.app_context():
        initiative = fresh(language="en", title="Garden on Lindelaan")
        rows = [
            notices.queue_resident_mail(
                initiative,
                key=f"news:{n}",
                kind="nieuw_bericht",
                now=MONDAY,
                urgent=False,
                bericht="x",
            )
            for n in (1, 2)
        ]
        assert dutch_left(*combine.combined_parts(rows, MONDAY)) == []
