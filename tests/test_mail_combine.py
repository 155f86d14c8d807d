"""A question to the resident is never hidden in a combined mail (issue 9, 3).

The throttle combined six resident mails into "Nieuws over uw initiatief ...
(6 berichten)" with the evaluation question second of six. Mails that ask the
resident to act or answer stand on their own; a combined mail starts with what
the resident must do now, and its subject then says so.
"""

from datetime import timedelta

import pytest
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.mail import editable_texts, notices
from initiatief.mail.dispatcher import dispatch_due
from initiatief.mail.outbox import queue_mail
from initiatief.models import MailStatus, OutboxMail
from initiatief.services import actions
from tests.factories import MONDAY
from tests.mail_helpers import fresh
from tests.shared_fixtures import in_app

ACTION_KINDS = ["actie_gevraagd", "herinnering_actie", "evaluatieverzoek", "herinnering_evaluatie"]


def rows(kind: str | None = None) -> list[OutboxMail]:
    db.session.expire_all()
    query = select(OutboxMail).order_by(OutboxMail.id)
    if kind:
        query = query.where(OutboxMail.kind == kind)
    return list(db.session.scalars(query))


def news(initiative, number: int, now) -> OutboxMail:
    """A non-urgent resident mail, as the scheduler's check-ins and staff updates queue them."""
    return notices.queue_resident_mail(
        initiative,
        key=f"news:{number}",
        kind="nieuw_bericht",
        now=now,
        urgent=False,
        bericht=f"Bericht nummer {number}.",
    )


def subject_of(message) -> str:
    """The Subject as a client shows it: folded lines joined (RFC 5322 unfolding)."""
    return str(message["Subject"]).replace("\r\n ", " ").replace("\n ", " ")


def text_of(message) -> str:
    (plain,) = [p for p in message.walk() if p.get_content_type() == "text/plain"]
    return plain.get_payload(decode=True).decode(plain.get_content_charset()).replace("\r\n", "\n")


def test_the_action_kinds_are_the_ones_that_ask_something():
    assert sorted(k for k, spec in editable_texts.KINDS.items() if spec.asks_action) == sorted(
        ACTION_KINDS
    )


@pytest.mark.parametrize("kind", ACTION_KINDS)
def test_a_mail_that_asks_an_action_is_never_held_back(app, world, kind):
    with in_app(app, world):
        initiative = fresh()
        row = notices.queue_resident_mail(
            initiative, key=f"ask:{kind}", kind=kind, now=MONDAY, urgent=False
        )
        assert row.urgent is True and row.send_after == MONDAY


def test_the_evaluation_question_goes_alone_while_news_is_combined(app, smtp_server, world):
    """The tester's case: six mails in one window, the evaluation second of six."""
    with in_app(app, world):
        initiative = fresh()
        news(initiative, 1, MONDAY)
        db.session.commit()
        dispatch_due(MONDAY + timedelta(seconds=5))  # receipt and the first news go at once
        later = MONDAY + timedelta(minutes=1)
        news(initiative, 2, later)
        notices.queue_evaluation_request(initiative, later)
        for number in (3, 4, 5, 6):
            news(initiative, number, later + timedelta(minutes=number))
        db.session.commit()

        dispatch_due(later + timedelta(minutes=1))
        [evaluation] = rows("evaluatieverzoek")
        assert evaluation.status == MailStatus.SENT and evaluation.urgent
        assert {r.status for r in rows("nieuw_bericht")[1:]} == {MailStatus.PENDING}

        dispatch_due(MONDAY + timedelta(minutes=20))
        assert {r.status for r in rows()} == {MailStatus.SENT}
        subjects = [subject_of(m) for m in smtp_server.messages]
        asked = [m for m in smtp_server.messages if m["Message-ID"] == evaluation.message_id]
        assert len(asked) == 1 and "Hoe tevreden bent u" in text_of(asked[0])
        combined = smtp_server.messages[-1]
        assert "(5 berichten)" in subjects[-1]
        assert "Hoe tevreden bent u" not in text_of(combined)
        assert "Wat moet u doen?" not in text_of(combined)  # the municipality is aan zet


def test_an_action_row_queued_as_news_before_this_rule_is_still_sent_alone(app, smtp_server, world):
    with in_app(app, world):
        initiative = fresh()
        old = queue_mail(
            key="legacy-evaluation",
            kind="evaluatieverzoek",
            to=initiative.initiator.email,
            subject="Hoe ging het met uw initiatief?",
            text="Kies een antwoord.",
            html="<p>Kies een antwoord.</p>",
            initiative=initiative,
            send_after=MONDAY,
            urgent=False,
        )
        news(initiative, 1, MONDAY)
        news(initiative, 2, MONDAY)
        db.session.commit()
        dispatch_due(MONDAY + timedelta(seconds=5))
        alone = [m for m in smtp_server.messages if m["Message-ID"] == old.message_id]
        assert len(alone) == 1 and subject_of(alone[0]) == "Hoe ging het met uw initiatief?"
        assert any("(2 berichten)" in subject_of(m) for m in smtp_server.messages)


def test_a_combined_mail_starts_with_what_the_resident_must_do(app, smtp_server, world):
    with in_app(app, world):
        initiative = fresh()
        actions.pause(
            initiative,
            waiting_on="initiatiefnemer",
            reason="Stuur ons de begroting.",
            actor=world.staff["anna"],
            now=MONDAY,
            expected_version=initiative.version,
        )
        news(initiative, 1, MONDAY)
        news(initiative, 2, MONDAY)
        db.session.commit()
        dispatch_due(MONDAY + timedelta(seconds=5))
        [action] = rows("actie_gevraagd")
        assert action.status == MailStatus.SENT
        combined = [m for m in smtp_server.messages if "2 berichten" in subject_of(m)]
        assert len(combined) == 1
        subject = subject_of(combined[0])
        assert subject.startswith("Wij wachten op u: nieuws over uw initiatief")
        assert text_of(combined[0]).startswith(
            "Wat moet u doen?\nWij wachten op u: Stuur ons de begroting.\n"
        )
