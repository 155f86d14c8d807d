"""Pending mails about a state the initiative just left are withdrawn with the change."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import MailStatus, OutboxMail, User
from initiatief.services import actions
from tests.factories import queue_test_mail, submit

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
LATER = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)


@pytest.fixture
def initiative(app, world):
    """A committed intake; tests merge it into their own short app context."""
    with app.app_context():
        initiative = submit(T0)
        for kind in ("stand_van_zaken", "waarschuwing_termijn", "nieuw_bericht"):
            queue_test_mail(f"{kind}:pending", kind=kind, initiative=initiative, send_after=LATER)
        db.session.commit()
        return initiative


def statuses() -> dict[str, str]:
    rows = db.session.execute(select(OutboxMail).where(OutboxMail.key.like("%:pending"))).scalars()
    return {row.kind: row.status for row in rows}


def actor() -> User:
    return db.session.execute(select(User)).scalars().first()


@pytest.mark.parametrize(
    "change",
    [
        lambda i: actions.advance(i, actor=actor(), now=LATER, expected_version=i.version),
        lambda i: actions.pause(
            i,
            waiting_on="derde",
            reason="Advies van de brandweer.",
            actor=actor(),
            now=LATER,
            expected_version=i.version,
        ),
        lambda i: actions.extend(
            i,
            new_due=date(2026, 4, 1),
            reason="Drukte.",
            actor=actor(),
            now=LATER,
            expected_version=i.version,
        ),
        lambda i: actions.stop(
            i,
            outcome="ingetrokken",
            reason="Verhuisd.",
            actor=actor(),
            now=LATER,
            expected_version=i.version,
        ),
    ],
    ids=["advance", "pause", "extend", "stop"],
)
def test_state_bound_mail_is_withdrawn_and_messages_stay(app, initiative, change):
    with app.app_context():
        live = db.session.merge(initiative)
        change(live)
        db.session.commit()
        assert statuses() == {
            "stand_van_zaken": MailStatus.CANCELLED,
            "waarschuwing_termijn": MailStatus.CANCELLED,
            "nieuw_bericht": MailStatus.PENDING,
        }


def test_a_rolled_back_change_withdraws_nothing(app, initiative):
    with app.app_context():
        live = db.session.merge(initiative)
        actions.advance(live, actor=actor(), now=LATER, expected_version=live.version)
        db.session.rollback()
        assert set(statuses().values()) == {MailStatus.PENDING}
