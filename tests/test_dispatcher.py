"""The dispatcher against a real SMTP server: delivery, retries, failures, claims."""

import random
import smtplib
import socket
from datetime import UTC, datetime, timedelta
from email.header import decode_header, make_header

import pytest
from sqlalchemy import select, text

from initiatief.extensions import db
from initiatief.mail import dispatcher
from initiatief.mail.dispatcher import backoff, claim_due, dispatch_due, parse_headers
from initiatief.models import Event, EventKind, Initiative, Initiator, Journey, OutboxMail
from tests.conftest import ON_POSTGRES
from tests.factories import queue_test_mail

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def queue(key="test:1", **overrides) -> OutboxMail:
    fields = {
        "subject": "Uw initiatief: één stap verder",
        "text": "Beste bewoner,\n\nEén zin met ë en é.\n",
        "html": "<p>Eén zin met <strong>ë</strong> en é.</p>",
        "send_after": T0,
    }
    row = queue_test_mail(key, **{**fields, **overrides})
    db.session.commit()
    return row


def rows() -> list[OutboxMail]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)))


def make_initiative(email="bewoner@example.org") -> Initiative:
    journey = Journey(slug="standaard", name="Standaard")
    initiative = Initiative(
        number="INI-2026-0001",
        title="Bankje",
        summary="Een bankje",
        description="Een bankje bij de speeltuin",
        theme="groen",
        journey=journey,
    )
    initiative.initiator = Initiator(name="Bewoner", email=email)
    db.session.add(initiative)
    db.session.commit()
    return initiative


def part(message, content_type: str) -> str:
    found = [p for p in message.walk() if p.get_content_type() == content_type]
    assert len(found) == 1, f"expected one {content_type} part"
    return found[0].get_payload(decode=True).decode(found[0].get_content_charset())


def test_sends_text_and_html_with_the_rows_message_id_and_headers(app, smtp_server):
    with app.app_context():
        row = queue(headers={"Auto-Submitted": "auto-generated", "X-Initiatief": "INI-1"})
        result = dispatch_due(T0)
        [stored] = rows()

    assert (result.sent, result.retried, result.failed) == (1, 0, 0)
    assert stored.status == "sent" and stored.sent_at == T0 and stored.lease_until is None
    [message] = smtp_server.messages
    assert message["Message-ID"] == row.message_id
    assert message["X-Envelope-To"] == "bewoner@example.org"
    assert "initiatieven@gemeente.example" in message["From"]
    assert str(make_header(decode_header(message["Subject"]))) == "Uw initiatief: één stap verder"
    assert "Eén zin met ë en é." in part(message, "text/plain")
    assert "<strong>ë</strong>" in part(message, "text/html")
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["X-Initiatief"] == "INI-1"


def test_not_due_yet_stays_in_the_queue(app, smtp_server):
    with app.app_context():
        queue(send_after=T0 + timedelta(minutes=5))
        result = dispatch_due(T0)
        [stored] = rows()

    assert result.sent == 0 and stored.status == "pending"
    assert smtp_server.messages == []


def test_batch_goes_over_one_connection_and_respects_the_batch_size(app, smtp_server, monkeypatch):
    connects = []
    original = smtplib.SMTP.connect

    def counting(self, *args, **kwargs):
        connects.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "connect", counting)
    app.config["MAIL_BATCH_SIZE"] = 3
    with app.app_context():
        for number in range(4):
            queue(f"test:{number}")
        first = dispatch_due(T0)
        second = dispatch_due(T0)

    assert (first.sent, second.sent) == (3, 1)
    assert len(connects) == 2
    assert len(smtp_server.messages) == 4


def test_sent_mail_is_recorded_on_the_initiative(app, smtp_server):
    with app.app_context():
        initiative = make_initiative()
        queue(
            "resident", kind="ontvangstbevestiging", to="Bewoner@Example.org", initiative=initiative
        )
        queue("staff", kind="waarschuwing", to="medewerker@gemeente.example", initiative=initiative)
        queue("loose", kind="inloglink")
        dispatch_due(T0)
        events = db.session.scalars(select(Event).order_by(Event.id)).all()

        assert [(e.kind, e.public, e.data) for e in events] == [
            (EventKind.MAIL_SENT, False, {"kind": "ontvangstbevestiging", "to": "initiatiefnemer"}),
            (
                EventKind.MAIL_SENT,
                False,
                {"kind": "waarschuwing", "to": "medewerker@gemeente.example"},
            ),
        ]


@pytest.mark.parametrize(
    ("attempts", "minutes"),
    [(1, 1), (2, 2), (3, 4), (5, 16), (9, 256), (10, 360), (40, 360)],
)
def test_backoff_doubles_up_to_six_hours_with_twenty_percent_jitter(attempts, minutes):
    class Edge:
        def __init__(self, pick):
            self.pick = pick

        def uniform(self, low, high):
            return low if self.pick == "low" else high

    assert backoff(attempts, Edge("low")) == timedelta(minutes=minutes) * 0.8
    assert backoff(attempts, Edge("high")) == timedelta(minutes=minutes) * 1.2
    spread = {backoff(attempts, random.Random(seed)) for seed in range(5)}
    assert len(spread) == 5


def test_temporary_failure_is_retried_on_the_backoff_schedule(app, smtp_server):
    smtp_server.answer("451 4.3.0 Probeer het later")
    with app.app_context():
        queue()
        result = dispatch_due(T0, rng=random.Random(1))
        [row] = rows()
        assert result.retried == 1
        assert (row.status, row.attempts) == ("pending", 1)
        assert row.send_after == T0 + backoff(1, random.Random(1))
        assert row.last_error.startswith("451")

        assert dispatch_due(T0 + timedelta(seconds=30)).retried == 0  # not due yet

        second_try = row.send_after
        dispatch_due(second_try, rng=random.Random(2))
        [row] = rows()
        assert row.attempts == 2
        assert row.send_after == second_try + backoff(2, random.Random(2))

        smtp_server.answer("250 OK")
        result = dispatch_due(row.send_after)
        [row] = rows()

    assert result.sent == 1 and row.status == "sent"
    assert len(smtp_server.messages) == 1


def test_gives_up_after_max_attempts(app, smtp_server):
    app.config["MAIL_MAX_ATTEMPTS"] = 2
    smtp_server.answer("452 4.2.2 Mailbox vol")
    with app.app_context():
        queue()
        assert dispatch_due(T0).retried == 1
        result = dispatch_due(T0 + timedelta(hours=1))
        [row] = rows()

    assert result.failed == 1
    assert (row.status, row.attempts) == ("failed", 2)


def test_permanent_failure_is_not_retried(app, smtp_server):
    smtp_server.answer("550 5.1.1 Onbekende ontvanger")
    with app.app_context():
        queue()
        result = dispatch_due(T0)
        smtp_server.answer("250 OK")
        later = dispatch_due(T0 + timedelta(days=1))
        [row] = rows()

    assert (result.failed, later.sent) == (1, 0)
    assert row.status == "failed" and row.last_error.startswith("550")
    assert smtp_server.messages == []


def test_server_down_loses_nothing_and_delivers_each_mail_once(app, smtp_server):
    smtp_server.stop()
    with app.app_context():
        keys = [f"test:{number}" for number in range(3)]
        for key in keys:
            queue(key)
        result = dispatch_due(T0)
        assert result.retried == 3
        assert {(r.status, r.attempts) for r in rows()} == {("pending", 1)}
        assert all(r.send_after > T0 for r in rows())

        smtp_server.start()
        result = dispatch_due(T0 + timedelta(hours=1))
        again = dispatch_due(T0 + timedelta(hours=2))
        message_ids = sorted(r.message_id for r in rows())

    assert (result.sent, again.sent) == (3, 0)
    assert sorted(m["Message-ID"] for m in smtp_server.messages) == message_ids


def test_silent_server_times_out_and_is_retried(app):
    with socket.socket() as silent:  # accepts connections, never says hello
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        app.extensions["mail"].port = silent.getsockname()[1]
        app.config["MAIL_TIMEOUT"] = 0.2
        with app.app_context():
            queue()
            result = dispatch_due(T0)
            [row] = rows()

    assert result.retried == 1
    assert row.status == "pending" and "timed out" in row.last_error


def test_expired_lease_is_reclaimed(app, smtp_server):
    lease = timedelta(seconds=app.config["MAIL_LEASE_SECONDS"])
    with app.app_context():
        queue()
        assert len(claim_due(T0, 10)) == 1  # a dispatcher that then died

        assert dispatch_due(T0 + lease - timedelta(seconds=1)).sent == 0
        assert smtp_server.messages == []
        assert dispatch_due(T0 + lease).sent == 1

    assert len(smtp_server.messages) == 1


def test_two_passes_in_a_row_do_not_double_send(app, smtp_server):
    with app.app_context():
        queue("test:1")
        queue("test:2")
        first = dispatch_due(T0)
        second = dispatch_due(T0)

    assert (first.sent, second.sent) == (2, 0)
    assert len(smtp_server.messages) == 2


def test_candidates_seen_by_two_dispatchers_are_claimed_once(app):
    with app.app_context():
        queue("test:1")
        queue("test:2")
        seen_by_other = dispatcher._due_ids(T0, 10)
        mine = claim_due(T0, 10)
        theirs = dispatcher._claim_conditionally(seen_by_other, T0)

    assert len(mine) == 2
    assert theirs == []


@pytest.mark.skipif(not ON_POSTGRES, reason="FOR UPDATE SKIP LOCKED is PostgreSQL only")
def test_rows_locked_by_another_dispatcher_are_skipped(app):
    with app.app_context():
        busy = queue("test:1")
        free = queue("test:2")
        with db.engine.connect() as other:
            other.execute(
                text("SELECT id FROM outbox_mails WHERE id = :id FOR UPDATE"), {"id": busy.id}
            )
            assert claim_due(T0, 10) == [free.id]
            other.rollback()
        assert claim_due(T0, 10) == [busy.id]


def test_crash_mid_batch_resends_only_the_rows_in_flight(app, smtp_server, monkeypatch):
    class Crash(BaseException):
        """Stands in for the process being killed."""

    sends = []
    original = dispatcher._Connection.send

    def crash_on_second(self, message, *args):
        sends.append(message)
        if len(sends) == 2:
            raise Crash
        return original(self, message, *args)

    monkeypatch.setattr(dispatcher._Connection, "send", crash_on_second)
    lease = timedelta(seconds=app.config["MAIL_LEASE_SECONDS"])
    with app.app_context():
        for number in range(3):
            queue(f"test:{number}")
        with pytest.raises(Crash):
            dispatch_due(T0)
        db.session.rollback()
        assert [r.status for r in rows()] == ["sent", "sending", "sending"]

        monkeypatch.setattr(dispatcher._Connection, "send", original)
        assert dispatch_due(T0 + lease).sent == 2
        message_ids = sorted(r.message_id for r in rows())

    assert sorted(m["Message-ID"] for m in smtp_server.messages) == message_ids


def test_stored_headers_cannot_replace_the_essential_ones():
    stored = "Auto-Submitted: auto-generated\nMessage-ID: <other@x>\nTo: a@b\n\nno colon here"
    assert parse_headers(stored) == {"Auto-Submitted": "auto-generated"}
