"""The dispatcher against a real SMTP server: delivery, retries, failures, claims."""

import random
import smtplib
import socket
from datetime import UTC, datetime, timedelta
from email.header import decode_header, make_header

import pytest
from sqlalchemy import select, text

from initiatief.extensions import db
from initiatief.mail.dispatcher import claims, dispatch_due
from initiatief.mail.dispatcher.claims import claim_due
from initiatief.mail.dispatcher.failures import backoff
from initiatief.mail.dispatcher.smtp import TimeoutConnection, parse_headers
from initiatief.models import (
    Event,
    EventKind,
    FlaggedAddress,
    Initiative,
    Initiator,
    Journey,
    OutboxMail,
)
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
        seen_by_other = claims._due_ids(T0, 10)
        mine = claim_due(T0, 10)
        theirs = claims._claim_conditionally(seen_by_other, T0)

    assert len(mine) == 2
    assert theirs == []


@pytest.mark.postgres_only  # FOR UPDATE SKIP LOCKED
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
    original = TimeoutConnection.send

    def crash_on_second(self, message, *args):
        sends.append(message)
        if len(sends) == 2:
            raise Crash
        return original(self, message, *args)

    monkeypatch.setattr(TimeoutConnection, "send", crash_on_second)
    lease = timedelta(seconds=app.config["MAIL_LEASE_SECONDS"])
    with app.app_context():
        for number in range(3):
            queue(f"test:{number}")
        with pytest.raises(Crash):
            dispatch_due(T0)
        db.session.rollback()
        assert [r.status for r in rows()] == ["sent", "sending", "sending"]

        monkeypatch.setattr(TimeoutConnection, "send", original)
        assert dispatch_due(T0 + lease).sent == 2
        message_ids = sorted(r.message_id for r in rows())

    assert sorted(m["Message-ID"] for m in smtp_server.messages) == message_ids


def test_stored_headers_cannot_replace_the_essential_ones():
    stored = "Auto-Submitted: auto-generated\nMessage-ID: <other@x>\nTo: a@b\n\nno colon here"
    assert parse_headers(stored) == {"Auto-Submitted": "auto-generated"}


def flags() -> list[tuple[str, str, datetime | None]]:
    db.session.expire_all()
    query = select(FlaggedAddress).order_by(FlaggedAddress.address)
    return [(f.address, f.reason, f.resolved_at) for f in db.session.scalars(query)]


def test_permanent_refusal_flags_the_address_with_the_servers_reply(app, smtp_server):
    smtp_server.answer("550 5.1.1 Onbekende ontvanger")
    with app.app_context():
        queue(to="Bewoner@Example.org")
        result = dispatch_due(T0)
        [row] = rows()
        flagged = db.session.get(FlaggedAddress, "bewoner@example.org")

        assert (result.failed, row.status) == (1, "failed")
        assert row.last_error.startswith("550 5.1.1 Onbekende ontvanger")
        assert flagged.reason == row.last_error
        assert (flagged.flagged_at, flagged.resolved_at) == (T0, None)


def test_later_mail_to_a_flagged_address_fails_without_an_smtp_attempt(
    app, smtp_server, monkeypatch
):
    connects = []
    monkeypatch.setattr(smtplib.SMTP, "connect", lambda *args, **kw: connects.append(args))
    with app.app_context():
        db.session.add(FlaggedAddress(address="bewoner@example.org", reason="550 weg"))
        queue("later", to="BEWONER@example.org ")
        result = dispatch_due(T0)
        [row] = rows()

    assert (result.sent, result.failed, result.retried) == (0, 1, 0)
    assert (row.status, row.last_error, row.attempts) == ("failed", "adres eerder geweigerd", 0)
    assert connects == [] and smtp_server.messages == []


def test_second_mail_in_the_same_batch_is_not_tried_after_a_refusal(app, smtp_server):
    class RefuseOne:
        async def handle_RCPT(self, server, session, envelope, address, options):
            if address == "weg@example.org":
                return "550 5.1.1 Bestaat niet"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    smtp_server.handler.handle_RCPT = RefuseOne().handle_RCPT
    with app.app_context():
        queue("a", to="weg@example.org")
        queue("b", to="weg@example.org")
        queue("c", to="bewoner@example.org")
        result = dispatch_due(T0)
        errors = [(r.status, r.last_error[:3]) for r in rows()]
        assert [f[0] for f in flags()] == ["weg@example.org"]

    assert (result.sent, result.failed) == (1, 2)
    assert errors == [("failed", "550"), ("failed", "adr"), ("sent", "")]
    assert [m["X-Envelope-To"] for m in smtp_server.messages] == ["bewoner@example.org"]


def test_resolved_flag_lets_mail_through_and_a_new_refusal_reopens_it(app, smtp_server):
    with app.app_context():
        db.session.add(
            FlaggedAddress(address="bewoner@example.org", reason="550 oud", resolved_at=T0)
        )
        queue("a")
        assert dispatch_due(T0).sent == 1

        smtp_server.answer("554 5.7.1 Geweigerd")
        queue("b")
        assert dispatch_due(T0 + timedelta(hours=1)).failed == 1
        [(address, reason, resolved_at)] = flags()

    assert reason.startswith("554 5.7.1") and resolved_at is None


@pytest.mark.parametrize(
    ("reply", "max_attempts"),
    [
        ("451 4.3.0 Later", 1),
        ("250 OK", 8),
        ("500 Line too long (see RFC5321 4.5.3.1.6)", 8),
        ("552 5.3.4 Bericht te groot", 8),
        ("554 5.6.0 Inhoud geweigerd", 8),
    ],
    ids=["temporary-out-of-attempts", "accepted", "syntax", "too-big", "content"],
)
def test_only_a_refusal_of_the_recipient_flags(app, smtp_server, reply, max_attempts):
    app.config["MAIL_MAX_ATTEMPTS"] = max_attempts
    smtp_server.answer(reply)
    with app.app_context():
        queue()
        dispatch_due(T0)
        assert flags() == []
        assert rows()[0].status == ("sent" if reply.startswith("250") else "failed")


def test_refused_sender_does_not_flag_the_recipient(app, smtp_server):
    async def refuse_sender(server, session, envelope, address, options):
        return "553 5.7.1 Afzender niet toegestaan"

    smtp_server.handler.handle_MAIL = refuse_sender
    with app.app_context():
        queue()
        result = dispatch_due(T0)
        assert result.failed == 1 and flags() == []


def test_long_lines_reach_strict_servers_unbroken(app, smtp_server):
    # The wire keeps every line under 998 octets (quoted-printable); the reader
    # gets the text back exactly, words not broken (issue 9).
    long_html = "<p>" + "<span>x</span>" * 200 + "</p>"
    long_text = "woord " * 400
    with app.app_context():
        queue(html=long_html, text=long_text)
        dispatch_due(T0)
        [stored] = rows()
        assert stored.status == "sent"
    message = smtp_server.messages[0]
    assert all(len(line) <= 998 for line in smtp_server.raw[0].split(b"\r\n"))
    assert part(message, "text/html") == long_html
    assert part(message, "text/plain").replace("\r\n", "\n") == long_text
