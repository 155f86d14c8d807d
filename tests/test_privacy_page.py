"""The privacy page says the periods in force and whom to ask, in words a resident reads."""

from datetime import UTC, datetime

from initiatief import create_app
from initiatief.extensions import db
from initiatief.models import Role, User
from initiatief.services.config.retention import Periods, set_periods


def test_the_page_names_the_configured_periods_and_the_contact(client):
    response = client.get("/privacy")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "tot 12 maanden nadat uw initiatief is afgerond" in page
    assert "bewaren wij 90 dagen" in page
    assert 'href="mailto:privacy@gemeente.example"' in page
    assert "functionaris gegevensbescherming" in page
    assert 'href="/mijn/"' in page
    assert "logboek" in page


def test_a_changed_period_shows_on_the_page(app, client):
    with app.app_context():
        bea = User(email="bea@gemeente.example", name="Bea", role=Role.BEHEERDER)
        db.session.add(bea)
        db.session.flush()
        set_periods(Periods(18, 120), actor=bea, now=datetime(2026, 3, 3, tzinfo=UTC))
        db.session.commit()
    page = client.get("/privacy").get_data(as_text=True)
    assert "tot 18 maanden nadat" in page and "bewaren wij 120 dagen" in page
    assert "12 maanden" not in page


def test_the_privacy_contact_is_configurable(database_url):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "PRIVACY_CONTACT_NAME": "Piet Privacy",
            "PRIVACY_CONTACT_EMAIL": "fg@stad.example",
            "RETENTION_CLOSED_MONTHS": 6,
        }
    )
    page = app.test_client().get("/privacy").get_data(as_text=True)
    assert "Piet Privacy" in page and 'href="mailto:fg@stad.example"' in page
    assert "tot 6 maanden nadat" in page
    with app.app_context():
        db.engine.dispose()
