"""The dashboard's world: five initiatives moved through phases with a frozen clock.

Shared by the dashboard page tests and the audit completeness tests, so every
figure on the page is known in advance.
"""

from datetime import UTC, datetime

import pytest

from initiatief.extensions import db
from initiatief.models import Feedback
from initiatief.services import actions
from initiatief.services.callbacks import request_callback
from tests.factories import MONDAY, act, at, submit
from tests.shared_fixtures import in_app

TODAY = datetime(2026, 12, 1, 10, tzinfo=UTC)
COR = "cor@gemeente.example"  # medewerker of Wijkteam Zuid only


@pytest.fixture
def dashboard_world(app, world, actors, monkeypatch):
    """Noord: N1 (left Ontvangen on time), N2 (late), N3 (stopped); Zuid: Z1, Z2 (late)."""
    monkeypatch.setattr("initiatief.views.staff.dashboard.utcnow", lambda: TODAY)
    with in_app(app, world):
        centrum, haven = world.wijken["centrum"].id, world.wijken["haven"].id
        made = {
            "n1": submit(MONDAY, wijk_id=centrum, title="Moestuin Noord"),
            "n2": submit(MONDAY, wijk_id=centrum, title='=HYPERLINK("http://x")'),
            "n3": submit(MONDAY, wijk_id=centrum, title="Bankje Noord"),
            "z1": submit(MONDAY, wijk_id=haven, title="Speeltuin Zuid"),
            "z2": submit(MONDAY, wijk_id=haven, title="Buurtfeest Zuid"),
        }
        db.session.commit()
        # N1 leaves Ontvangen after 2 working days (norm 2): within the norm, promise kept.
        act(world, actions.advance, made["n1"], at(3, 4))
        # Z1 leaves after 6 working days: outside the norm, promise broken.
        act(world, actions.advance, made["z1"], at(3, 10))
        act(
            world,
            actions.stop,
            made["n3"],
            at(4, 7),
            outcome="ingetrokken",
            reason="De initiatiefnemer stopt.",
        )
        request_callback(made["z2"], "06 1234 5678", "", at(11, 2))
        db.session.add(
            Feedback(
                initiative=made["n2"],
                journey_id=world.journey.id,
                created_at=at(6, 1),
                verdict=1,
                remark="=SUM(A1:A9) <script>alert(1)</script>",
            )
        )
        db.session.commit()
        return {key: i.number for key, i in made.items()} | {"journey": world.journey.id}
