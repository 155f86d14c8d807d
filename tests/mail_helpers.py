"""Shared set-up for the tests of resident and staff mails caused by staff actions."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import OutboxMail
from tests.factories import make_world, submit

MONDAY = datetime(2026, 3, 2, 9, tzinfo=UTC)
RESIDENT = "fatima@voorbeeld.example"


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


@pytest.fixture
def mail_world(app):
    """make_world() inside an app context for the whole test (the mail tests' world)."""
    with app.app_context():
        yield make_world()


def fresh(**overrides):
    initiative = submit(MONDAY, **overrides)
    db.session.commit()
    return initiative


def act(world, operation, initiative, now, **kwargs):
    return operation(
        initiative,
        actor=world.staff["anna"],
        now=now,
        expected_version=initiative.version,
        **kwargs,
    )


def queued(kind: str | None = None) -> list[OutboxMail]:
    query = select(OutboxMail).order_by(OutboxMail.id)
    if kind:
        query = query.where(OutboxMail.kind == kind)
    return list(db.session.scalars(query))


def only(kind: str) -> OutboxMail:
    (mail,) = queued(kind)
    return mail
