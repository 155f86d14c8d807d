"""At most one non-urgent mail per resident and initiative per 15 minutes; the rest combined."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.mail.dispatcher import dispatch_due
from initiatief.models import MailStatus, OutboxMail, User
from initiatief.services import actions
from tests.factories import submit

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def initiative(app, world):
    """A committed intake; tests merge it into their own short app context."""
    with app.app_context():
        initiative = submit(T0)
        db.session.commit()
        return initiative


def actor():
    return db.session.execute(select(User)).scalars().first()


def post(initiative, body, now):
    actions.post_update(
        initiative, body=body, actor=actor(), now=now, expected_version=initiative.version
    )
    db.session.commit()


def update_mails():
    return list(
        db.session.execute(
            select(OutboxMail).where(OutboxMail.kind == "nieuw_bericht").order_by(OutboxMail.id)
        ).scalars()
    )


def test_news_within_the_window_is_combined_into_one_mail(app, smtp_server, initiative):
    with app.app_context():
        live = db.session.merge(initiative)
        post(live, "Eerste bericht.", T0)
        dispatch_due(T0 + timedelta(seconds=5))  # receipt and the first update go at once
        post(live, "Tweede bericht.", T0 + timedelta(minutes=2))
        post(live, "Derde bericht.", T0 + timedelta(minutes=4))
        first, second, third = update_mails()
        assert first.status == MailStatus.SENT
        # The next ones wait for the window after the first one was sent.
        assert second.send_after == third.send_after == first.sent_at + timedelta(minutes=15)
        assert dispatch_due(T0 + timedelta(minutes=10)).sent == 0
        result = dispatch_due(T0 + timedelta(minutes=16))
        assert result.sent == 2
        assert {m.status for m in update_mails()} == {MailStatus.SENT}
    combined = smtp_server.messages[-1]
    assert "2 berichten" in combined["Subject"]
    plain = next(p for p in combined.walk() if p.get_content_type() == "text/plain")
    text = plain.get_payload(decode=True).decode(plain.get_content_charset())
    assert text.index("Derde bericht.") < text.index("Tweede bericht.")  # newest first
    assert len(smtp_server.messages) == 3  # receipt, first update, the combined one


def test_essential_mail_is_never_held(app, initiative):
    with app.app_context():
        live = db.session.merge(initiative)
        post(live, "Eerste bericht.", T0)
        dispatch_due(T0 + timedelta(seconds=5))
        actions.pause(
            live,
            waiting_on="initiatiefnemer",
            reason="Stuur de begroting.",
            actor=actor(),
            now=T0 + timedelta(minutes=1),
            expected_version=live.version,
        )
        db.session.commit()
        action = db.session.execute(
            select(OutboxMail).where(OutboxMail.kind == "actie_gevraagd")
        ).scalar_one()
        assert action.urgent and action.send_after == T0 + timedelta(minutes=1)
