"""An app with the rate limits on and set low, for the tests of refusals."""

from datetime import UTC, datetime

import pytest

from initiatief import create_app
from initiatief.extensions import db
from tests.factories import make_world, submit

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def limited(database_url):
    """An app with the limits on and set low, on the test's own database."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_ENABLED": True,
            "INTAKE_RATE_LIMIT": "1/hour",
            "LOGIN_LINK_RATE_LIMIT": "1/hour",
            "CALLBACK_RATE_LIMIT": "1/hour",
            "MUNICIPALITY_PHONE": "14 0123",
        }
    )
    with app.app_context():
        make_world()
        submit(T0, email="fatima@voorbeeld.example")
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()
