"""The beheer world: make_world() plus a beheerder (Bea) and a coördinator (Coco), as ids.

Ids, not rows, so tests can use them in their own short app contexts and in URLs.
"""

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import Role, User
from tests.factories import make_world
from tests.staff_helpers import sign_in

BEA = "bea@gemeente.example"  # beheerder
COCO = "coco@gemeente.example"  # coördinator
ANNA = "anna@gemeente.example"  # medewerker (from make_world)


@dataclass
class AdminWorld:
    journey: int
    phases: list[int]
    teams: dict[str, int]
    wijken: dict[str, int]
    users: dict[str, int]


def build_admin_world(app) -> AdminWorld:
    """make_world() plus a beheerder (Bea) and a coördinator (Coco); committed, ids returned."""
    with app.app_context():
        world = make_world()
        db.session.add_all(
            [
                User(email=BEA, name="Bea Beheer", role=Role.BEHEERDER),
                User(email=COCO, name="Coco Coördinator", role=Role.COORDINATOR),
            ]
        )
        db.session.commit()
        users = {u.email.split("@")[0]: u.id for u in db.session.execute(select(User)).scalars()}
        return AdminWorld(
            journey=world.journey.id,
            phases=[p.id for p in world.journey.phases],
            teams={key: team.id for key, team in world.teams.items()},
            wijken={key: wijk.id for key, wijk in world.wijken.items()},
            users=users,
        )


@pytest.fixture
def admin_world(app, client) -> AdminWorld:
    """The admin world, with Bea the beheerder signed in on `client`."""
    world = build_admin_world(app)
    sign_in(app, client, BEA)
    return world
