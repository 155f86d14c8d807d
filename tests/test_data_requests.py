"""A resident's request to delete their data: at once when closed, else the coördinator answers."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from initiatief.extensions import db
from initiatief.mail.dispatcher import dispatch_due
from initiatief.models import (
    AuditEntry,
    DataRequest,
    DataRequestStatus,
    Event,
    EventKind,
    MailStatus,
    OutboxMail,
    Role,
)
from initiatief.services import actions, data_requests
from initiatief.services.data_requests import one_month_after, request_deletion
from initiatief.services.errors import DomainError
from tests.factories import MONDAY, act, at, submit
from tests.shared_fixtures import in_app

RESIDENT = "fatima@voorbeeld.example"


@pytest.fixture
def coordinator_world(app, world):
    """The standard coordinator_world with Anna as coördinator: she answers the requests."""
    with in_app(app, world):
        world.staff["anna"].role = Role.COORDINATOR
        db.session.commit()
    return world


def fresh(**overrides):
    initiative = submit(MONDAY, **overrides)
    db.session.commit()
    return initiative


def stop(coordinator_world, initiative, now):
    act(
        coordinator_world,
        actions.stop,
        initiative,
        now,
        outcome="ingetrokken",
        reason="Wij stoppen.",
    )


def mails(kind: str) -> list[OutboxMail]:
    return list(db.session.scalars(select(OutboxMail).where(OutboxMail.kind == kind)))


def requests_of(initiative) -> list[DataRequest]:
    query = select(DataRequest).where(DataRequest.initiative_id == initiative.id)
    return list(db.session.scalars(query))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 3, 2), date(2026, 4, 2)),
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2026, 12, 15), date(2027, 1, 15)),
        (date(2026, 8, 31), date(2026, 9, 30)),
    ],
)
def test_one_month_after(day, expected):
    assert one_month_after(day) == expected


def test_a_closed_initiative_is_anonymised_at_once_and_the_old_address_told(app, coordinator_world):
    with in_app(app, coordinator_world):
        initiative = fresh()
        stop(coordinator_world, initiative, at(3, 3))
        db.session.commit()

        outcome = request_deletion([initiative], at(3, 4))
        db.session.commit()

        assert outcome.removed == [initiative.number] and outcome.requested == []
        assert initiative.initiator.anonymised_at == at(3, 4)
        assert RESIDENT not in (initiative.initiator.email, initiative.initiator.name)
        [mail] = mails("gegevens_verwijderd")
        assert mail.to_address == RESIDENT and mail.status == MailStatus.PENDING
        assert initiative.number in mail.subject
        # Nothing personal in it, and no link to a page the resident can no longer open.
        assert "Fatima" not in mail.text_body + mail.html_body
        assert "/mijn/initiatief/" not in mail.text_body + mail.html_body
        assert requests_of(initiative) == []
        # Asking again changes nothing: the initiative is already anonymised.
        assert request_deletion([initiative], at(3, 5)).removed == []
        assert len(mails("gegevens_verwijderd")) == 1


def test_a_running_initiative_becomes_one_request_due_a_month_later(app, coordinator_world):
    with in_app(app, coordinator_world):
        initiative = fresh()
        outcome = request_deletion([initiative], at(3, 31, 23))  # 1 April in Amsterdam
        db.session.commit()

        [request] = requests_of(initiative)
        assert request.status == DataRequestStatus.OPEN
        assert request.due_on == date(2026, 5, 1)
        assert outcome.requested == [(initiative.number, date(2026, 5, 1))]
        assert initiative.initiator.anonymised_at is None
        [mail] = mails("verwijderverzoek_ontvangen")
        assert mail.to_address == RESIDENT and "1 mei 2026" in mail.text_body

        again = request_deletion([initiative], at(4, 2))
        db.session.commit()
        assert again.requested == [(initiative.number, date(2026, 5, 1))]
        assert len(requests_of(initiative)) == 1
        assert len(mails("verwijderverzoek_ontvangen")) == 1


def test_all_initiatives_at_once_mixes_both_paths(app, coordinator_world):
    with in_app(app, coordinator_world):
        running = fresh()
        closed = fresh(title="Bankje bij de vijver")
        stop(coordinator_world, closed, at(3, 3))
        db.session.commit()

        outcome = request_deletion([running, closed], at(3, 4))
        db.session.commit()

        assert outcome.removed == [closed.number]
        assert [number for number, _ in outcome.requested] == [running.number]
        assert closed.initiator.anonymised_at is not None
        assert running.initiator.anonymised_at is None


def test_remove_now_anonymises_closes_the_request_and_mails(app, coordinator_world):
    with in_app(app, coordinator_world):
        initiative = fresh()
        request_deletion([initiative], at(3, 3))
        db.session.commit()
        [request] = requests_of(initiative)

        data_requests.remove_now(
            request, actor=coordinator_world.staff["anna"], now=at(3, 5), note="Niet meer nodig."
        )
        db.session.commit()

        assert request.status == DataRequestStatus.DONE
        assert request.done_at == request.answered_at == at(3, 5)
        assert request.answered_by == coordinator_world.staff["anna"]
        assert initiative.initiator.anonymised_at == at(3, 5)
        assert db.session.scalar(
            select(func.count()).where(
                Event.initiative_id == initiative.id, Event.kind == EventKind.ANONYMISED
            )
        )
        [mail] = mails("gegevens_verwijderd")
        assert mail.to_address == RESIDENT
        with pytest.raises(DomainError, match="al beantwoord"):
            data_requests.remove_now(request, actor=coordinator_world.staff["anna"], now=at(3, 6))


@pytest.mark.parametrize("reason", ["", "   "])
def test_keeping_needs_a_reason(app, coordinator_world, reason):
    with in_app(app, coordinator_world):
        initiative = fresh()
        request_deletion([initiative], at(3, 3))
        [request] = requests_of(initiative)
        with pytest.raises(DomainError, match="De inwoner leest dit") as refused:
            data_requests.keep_until_closing(
                request, actor=coordinator_world.staff["anna"], now=at(3, 5), reason=reason
            )
        assert refused.value.field == "reason"
        assert request.status == DataRequestStatus.OPEN


@pytest.mark.parametrize("closing", ["stop", "finish"])
def test_kept_until_closing_then_removed_when_it_closes(app, coordinator_world, closing):
    with in_app(app, coordinator_world):
        initiative = fresh()
        request_deletion([initiative], at(3, 3))
        db.session.commit()
        [request] = requests_of(initiative)
        data_requests.keep_until_closing(
            request,
            actor=coordinator_world.staff["anna"],
            now=at(3, 5),
            reason="Wij betalen nog de subsidie.",
        )
        db.session.commit()
        assert request.status == DataRequestStatus.AFTER_CLOSING
        [kept] = mails("gegevens_bewaard")
        assert "Wij betalen nog de subsidie." in kept.text_body
        assert initiative.initiator.anonymised_at is None

        if closing == "stop":
            stop(coordinator_world, initiative, at(3, 10))
        else:
            while initiative.current_visit.phase.name != "Uitvoering":
                act(coordinator_world, actions.advance, initiative, at(3, 10))
            act(coordinator_world, actions.advance, initiative, at(3, 10), skip=True)
        db.session.commit()

        assert initiative.is_closed
        assert initiative.initiator.anonymised_at == at(3, 10)
        assert request.status == DataRequestStatus.DONE and request.done_at == at(3, 10)
        [removed] = mails("gegevens_verwijderd")
        assert removed.to_address == RESIDENT and removed.status == MailStatus.PENDING


def test_an_unanswered_request_is_carried_out_when_it_closes(app, coordinator_world):
    with in_app(app, coordinator_world):
        initiative = fresh()
        request_deletion([initiative], at(3, 3))
        db.session.commit()
        stop(coordinator_world, initiative, at(3, 4))
        db.session.commit()
        [request] = requests_of(initiative)
        assert request.status == DataRequestStatus.DONE
        assert initiative.initiator.anonymised_at == at(3, 4)


def test_closing_without_a_request_anonymises_nothing(app, coordinator_world):
    with in_app(app, coordinator_world):
        initiative = fresh()
        stop(coordinator_world, initiative, at(3, 4))
        db.session.commit()
        assert initiative.initiator.anonymised_at is None
        assert mails("gegevens_verwijderd") == []


def test_overdue_only_while_open():
    request = DataRequest(status=DataRequestStatus.OPEN, due_on=date(2026, 4, 2))
    assert not data_requests.is_overdue(request, date(2026, 4, 2))
    assert data_requests.is_overdue(request, date(2026, 4, 3))
    request.status = DataRequestStatus.AFTER_CLOSING
    assert not data_requests.is_overdue(request, date(2026, 4, 3))


def part(message, content_type: str) -> str:
    """The decoded text of the message's part of this type."""
    for piece in message.walk():
        if piece.get_content_type() == content_type:
            return piece.get_payload(decode=True).decode(piece.get_content_charset() or "utf-8")
    raise AssertionError(f"no {content_type} part")


def test_the_three_mails_arrive_with_text_and_html(app, coordinator_world, smtp_server):
    with in_app(app, coordinator_world):
        kept = fresh()
        removed = fresh(title="Bankje bij de vijver")
        stop(coordinator_world, removed, at(3, 3))
        db.session.commit()
        request_deletion([kept, removed], at(3, 4))
        db.session.commit()
        [request] = requests_of(kept)
        data_requests.keep_until_closing(
            request,
            actor=coordinator_world.staff["anna"],
            now=at(3, 5),
            reason="Wij betalen nog de subsidie.",
        )
        db.session.commit()

        dispatch_due(at(3, 5) + timedelta(minutes=1))

        by_subject = {message["Subject"]: message for message in smtp_server.messages}
        received = by_subject[f"Wij hebben uw verzoek ontvangen ({kept.number})"]
        keeping = by_subject[f"Wij bewaren uw gegevens tot uw initiatief klaar is ({kept.number})"]
        gone = by_subject[f"Uw gegevens zijn verwijderd ({removed.number})"]
        for message in (received, keeping, gone):
            assert message["X-Envelope-To"] == RESIDENT
            types = [part.get_content_type() for part in message.walk()]
            assert "text/plain" in types and "text/html" in types
        assert "4 april 2026" in part(received, "text/plain")
        assert "Wij betalen nog de subsidie." in part(keeping, "text/plain")
        assert "Wij betalen nog de subsidie." in part(keeping, "text/html")
        gone_text, gone_html = part(gone, "text/plain"), part(gone, "text/html")
        assert "Wat bewaren wij?" in gone_text and "Wat bewaren wij?" in gone_html
        assert "Bekijk uw initiatief" not in gone_text + gone_html
        # The dispatcher wrote no history naming the old address.
        events = db.session.scalars(select(Event).where(Event.kind == EventKind.MAIL_SENT))
        assert all(RESIDENT not in str(event.data) for event in events)


def test_staff_answers_are_audited_by_anonymise(app, coordinator_world):
    with in_app(app, coordinator_world):
        initiative = fresh()
        request_deletion([initiative], at(3, 3))
        [request] = requests_of(initiative)
        data_requests.remove_now(request, actor=coordinator_world.staff["anna"], now=at(3, 5))
        db.session.commit()
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.initiative_id == initiative.id)
        ).all()
        assert entries, "anonymising must leave an audit line"
