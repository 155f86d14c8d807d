"""Fixtures most test modules share: the standard world, its actors, the outbox.

Each fixture does its database work in a short app context of its own and commits,
so no app context stays open across a test: a test opens one where it works
(`with in_app(app, world):`), and requests through `client` run outside any.
"""

from contextlib import contextmanager

import pytest
from flask import has_app_context
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import OutboxMail, Role, User
from tests.factories import World, make_world

MEDEWERKER = "anna@gemeente.example"  # from make_world, in Wijkteam Noord
COORDINATOR = "coco@gemeente.example"
BEHEERDER = "bea@gemeente.example"


@contextmanager
def in_app(app, world=None):
    """A short app context; a world's rows() join its session first, so `is` holds on them."""
    with app.app_context():
        if world is not None:
            db.session.add_all(world.rows())
        yield


@pytest.fixture
def world(app) -> World:
    """make_world(), committed: two teams, two wijken, three medewerkers (Anna, Bram, Cor)."""
    with app.app_context():
        world = make_world()
        db.session.commit()
        return world


@pytest.fixture
def actors(app, world) -> dict[str, str]:
    """A coördinator (Coco) and a beheerder (Bea) outside any team; emails by role."""
    with app.app_context():
        db.session.add_all(
            [
                User(email=COORDINATOR, name="Coco Coördinator", role=Role.COORDINATOR),
                User(email=BEHEERDER, name="Bea Beheerder", role=Role.BEHEERDER),
            ]
        )
        db.session.commit()
    return {"medewerker": MEDEWERKER, "coordinator": COORDINATOR, "beheerder": BEHEERDER}


class Outbox:
    """The queued mails, oldest first: read in the test's app context, or a short one."""

    def __init__(self, app):
        self.app = app

    def mails(self, kind: str | None = None) -> list[OutboxMail]:
        query = select(OutboxMail).order_by(OutboxMail.id)
        if kind:
            query = query.where(OutboxMail.kind == kind)
        with self._context():
            return list(db.session.scalars(query))

    def only(self, kind: str) -> OutboxMail:
        """The one mail of this kind; fails when there are none or more."""
        (mail,) = self.mails(kind)
        return mail

    def keys(self) -> list[str]:
        return [mail.key for mail in self.mails()]

    @contextmanager
    def _context(self):
        if has_app_context():  # the test's own session: it sees what it flushed
            yield
        else:
            with self.app.app_context():
                yield


@pytest.fixture
def outbox(app) -> Outbox:
    return Outbox(app)
