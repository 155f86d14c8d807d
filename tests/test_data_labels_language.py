"""The resident's data pages (the readable copy, the privacy page) in the page's language."""

from datetime import UTC, datetime

import pytest
from flask_babel import force_locale

from initiatief import create_app
from initiatief.extensions import babel, db
from initiatief.models import Feedback
from initiatief.services.personal_data import resident_data
from initiatief.views.data_labels import LABELS, data_label, data_value
from tests.catalogs import compile_catalogs
from tests.factories import make_world, submit

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.fixture
def english_app(database_url, tmp_path):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "UPLOAD_DIR": str(tmp_path / "uploads"),
            "BABEL_TRANSLATION_DIRECTORIES": str(compile_catalogs(tmp_path / "translations")),
        }
    )
    with app.test_request_context("/"):
        babel.domain_instance.cache.clear()  # catalogs are cached per process
        yield app
        babel.domain_instance.cache.clear()
        db.session.remove()
        db.engine.dispose()


def keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys(v)}
    return set()


def test_every_key_of_the_data_has_a_heading_that_can_be_translated(english_app):
    make_world()
    initiative = submit(T0, support=["geld", "advies"], amount_euros=500)
    db.session.add(
        Feedback(initiative=initiative, journey_id=initiative.journey_id, verdict=3, created_at=T0)
    )
    db.session.flush()
    found = keys(resident_data(initiative.initiator.email, now=T0))
    assert {"naam", "wat_u_stuurde", "oordeel", "cijfers"} <= found
    assert sorted(found - set(LABELS)) == []


def test_headings_and_words_follow_the_language(english_app):
    assert data_label("naam") == "Naam"
    assert data_value("thema", "groen") == "Groen en natuur"
    assert data_value("oordeel", "tevreden") == "tevreden"
    with force_locale("en"):
        assert data_label("naam") == "Name"
        assert data_label("wat_u_stuurde") == "What you sent us"
        assert data_value("thema", "groen") == "Green spaces and nature"
        assert data_value("gevraagde_steun", "geld") == "Money or a grant"
        assert data_value("oordeel", "tevreden") == "satisfied"
        assert data_value("status", "active") == "in progress"
        assert data_value("gewenste_start", "2026-06-01") == "1 June 2026"


def test_the_privacy_contact_is_named_in_the_pages_language(english_app):
    from initiatief.views.public import PRIVACY_CONTACT_DEFAULT, privacy

    assert english_app.config["PRIVACY_CONTACT_NAME"] == PRIVACY_CONTACT_DEFAULT
    assert "Mail dan de functionaris gegevensbescherming van de gemeente:" in privacy()
    with force_locale("en"):
        assert "Then email the municipality&#39;s data protection officer:" in privacy()
    english_app.config["PRIVACY_CONTACT_NAME"] = "Jan Jansen"  # a name of its own stays
    with force_locale("en"):
        assert "Then email Jan Jansen:" in privacy()
