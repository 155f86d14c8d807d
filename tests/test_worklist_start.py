"""Where staff land on the worklist: where their work waits, not an empty "Mijn initiatieven"."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import Initiative, Role, User
from initiatief.services import actions
from tests.factories import submit
from tests.staff_helpers import sign_in

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
COORDINATOR = "coco@gemeente.example"


@pytest.fixture
def intake_number(app, world):
    """The standard world plus a coördinator without a team; one intake, Anna its contact."""
    with app.app_context():
        db.session.add(User(email=COORDINATOR, name="Coco Coördinator", role=Role.COORDINATOR))
        number = submit(T0).number
        db.session.commit()
        return number


@pytest.fixture
def landing(app):
    """landing(email, query) -> the view a staff member lands on (its title) and the page.

    Each person signs in once per test: a one-time code is never accepted twice.
    """
    clients = {}

    def land(email: str, query: str = "") -> tuple[str, str]:
        if email not in clients:
            clients[email] = app.test_client()
            sign_in(app, clients[email], email)
        return view_of(clients[email].get("/medewerker/" + query).get_data(as_text=True))

    return land


def view_of(page: str) -> tuple[str, str]:
    """The chosen view, read from the page title, and the page itself."""
    title = re.search(r"<title>Werkvoorraad: (.+?) - ", page)
    return (title.group(1) if title else page[:300]), page


def move_past_intake(app, number: str, contact: str | None = None) -> None:
    with app.app_context():
        initiative = db.session.execute(
            select(Initiative).where(Initiative.number == number)
        ).scalar_one()
        actor = db.session.execute(select(User).where(User.email == COORDINATOR)).scalar_one()
        if contact:
            initiative.contact = db.session.execute(
                select(User).where(User.email == contact)
            ).scalar_one()
        actions.advance(initiative, actor=actor, now=T0, expected_version=initiative.version)
        db.session.commit()


def submit_one(app) -> str:
    with app.app_context():
        number = submit(T0, title="Bankje bij de vijver").number
        db.session.commit()
        return number


def test_a_coordinator_with_untriaged_intakes_starts_at_nieuw_binnen(app, intake_number, landing):
    view, page = landing(COORDINATOR)
    assert view == "Nieuw binnen"
    assert intake_number in page
    assert re.search(r'aria-current="page">Nieuw binnen<', page)


def test_a_coordinator_with_nothing_new_starts_at_their_own_or_else_all(
    app, intake_number, landing
):
    move_past_intake(app, intake_number)
    assert landing(COORDINATOR)[0] == "Alles wat ik mag zien"
    move_past_intake(app, submit_one(app), contact=COORDINATOR)
    assert landing(COORDINATOR)[0] == "Mijn initiatieven"


def test_a_medewerker_starts_at_their_own_or_else_their_team(app, intake_number, landing):
    assert landing("anna@gemeente.example")[0] == "Mijn initiatieven"  # Anna is contact
    assert landing("bram@gemeente.example")[0] == "Mijn team"  # Bram is in her team


def test_a_chosen_view_is_kept(app, intake_number, landing):
    assert landing(COORDINATOR, "?weergave=mijn")[0] == "Mijn initiatieven"
