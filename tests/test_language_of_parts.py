"""Dutch-only configured text on a page in another language is marked lang="nl".

Phase names and texts and a contact person's job title and hours are typed by a
beheerder or staff member in Dutch; an English page shows them as they are, and a
screen reader must read them as Dutch (WCAG 2.2, 3.1.2 Language of Parts).
"""

from types import SimpleNamespace

import pytest
from flask import render_template, render_template_string
from flask_babel import force_locale

from initiatief.extensions import babel

PHASE = SimpleNamespace(name="Kennismaking", expectation="Uw contactpersoon belt u.")
STEP = SimpleNamespace(state="current", phase=PHASE, late=False, started_on=None)
CONTACT = SimpleNamespace(
    id=1,
    name="Anna de Vries",
    photo=None,
    initials="AV",
    job_title="Initiatievenmakelaar",
    phone="14 0000",
    email="anna@gemeente.example",
    reachable="ma-do",
    introduction="",
)


def render_parts(language: str) -> tuple[str, str]:
    with force_locale(language):
        timeline = render_template(
            "resident/_timeline.html",
            timeline=SimpleNamespace(steps=[STEP]),
        )
        card = render_template_string(
            '{% from "macros/forms.html" import contact_card %}{{ contact_card(user) }}',
            user=CONTACT,
        )
    return timeline, card


@pytest.fixture(autouse=True)
def forget_catalogs(app):
    """Flask-Babel caches catalogs per process: leave none from this app behind."""
    yield
    with app.app_context():
        babel.domain_instance.cache.clear()


def test_configured_text_is_marked_dutch_on_an_english_page(app):
    with app.test_request_context("/"):
        timeline, card = render_parts("en")
    assert '<h3 class="utrecht-heading-3 timeline__name" lang="nl">Kennismaking</h3>' in timeline
    assert '<div class="rich-text" lang="nl">' in timeline
    assert '<p class="utrecht-paragraph" lang="nl">Initiatievenmakelaar</p>' in card
    assert '<dd lang="nl">ma-do</dd>' in card


def test_a_dutch_page_has_no_language_marks(app):
    with app.test_request_context("/"):
        timeline, card = render_parts("nl")
    assert "Kennismaking" in timeline and "Initiatievenmakelaar" in card
    assert 'lang="nl"' not in timeline + card
