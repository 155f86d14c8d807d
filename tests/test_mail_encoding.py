"""Every mail reaches a strict SMTP server, however long a line someone wrote (issue 9, 1).

The recording server in tests/smtp.py refuses any DATA line over 998 octets, as
real servers do. A line of 5,000 "ü" is 10,000 octets in UTF-8; the mail must
still be accepted and read, once decoded, exactly as it was written.
"""

import smtplib
from datetime import timedelta

import pytest
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.mail import editable_texts, notices
from initiatief.mail.dispatcher import dispatch_due
from initiatief.models import MailStatus, OutboxMail
from initiatief.services import actions
from initiatief.services.config import mail_texts
from tests.factories import MONDAY, queue_test_mail
from tests.mail_helpers import fresh
from tests.shared_fixtures import in_app
from tests.smtp import LINE_TOO_LONG, MAX_LINE_OCTETS, longest_line

FILLERS = ["ü", "a"]


def part_text(message, content_type: str) -> str:
    """The decoded text of the one part of this type, with the author's line ends."""
    (found,) = [p for p in message.walk() if p.get_content_type() == content_type]
    raw = found.get_payload(decode=True).decode(found.get_content_charset())
    return raw.replace("\r\n", "\n")


def by_message_id(smtp_server) -> dict[str, object]:
    return {message["Message-ID"]: message for message in smtp_server.messages}


def all_rows() -> list[OutboxMail]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)))


def test_the_test_server_refuses_a_line_over_998_octets(smtp_server):
    """The sink is as strict as a real server, to the octet (not the character)."""
    head = b"From: a@example.org\r\nTo: b@example.org\r\nSubject: x\r\n\r\n"
    with smtplib.SMTP("127.0.0.1", smtp_server.port, timeout=5) as smtp:
        smtp.sendmail("a@example.org", ["b@example.org"], head + b"a" * MAX_LINE_OCTETS + b"\r\n")
        with pytest.raises(smtplib.SMTPDataError) as refused:
            smtp.sendmail("a@example.org", ["b@example.org"], head + b"a" * 999 + b"\r\n")
        with pytest.raises(smtplib.SMTPDataError):
            smtp.sendmail("a@example.org", ["b@example.org"], head + "ü".encode() * 600 + b"\r\n")
    assert refused.value.smtp_code == 500
    assert LINE_TOO_LONG.startswith("500 Line too long")
    assert len(smtp_server.messages) == 1


@pytest.mark.parametrize("filler", FILLERS)
def test_any_row_with_one_very_long_line_is_delivered_unchanged(app, smtp_server, filler):
    long_line = filler * 5000
    text = f"Begin\n{long_line}\nEinde\n"
    html = f"<p>{long_line}</p>" + "<span>x</span>" * 500
    with app.app_context():
        row = queue_test_mail(text=text, html=html, send_after=MONDAY)
        db.session.commit()
        result = dispatch_due(MONDAY)
        assert (result.sent, result.failed, result.retried) == (1, 0, 0)
        message_id = row.message_id
    [message] = smtp_server.messages
    assert message["Message-ID"] == message_id
    assert longest_line(smtp_server.raw[0]) <= MAX_LINE_OCTETS
    assert part_text(message, "text/plain") == text
    assert part_text(message, "text/html") == html


@pytest.mark.parametrize("filler", FILLERS)
def test_every_resident_kind_with_long_lines_is_delivered_and_reads_as_written(
    app, smtp_server, world, filler
):
    """A beheerder's text with a long line, and long staff values, in every resident kind."""
    with in_app(app, world):
        long_line = filler * 5000
        value = filler * 4000 + "b"  # what staff wrote: a reason, a message, what is needed
        initiative = fresh()
        expected = {}
        for kind in editable_texts.KINDS:
            subject, body = editable_texts.mail_text(kind)
            mail_texts.save_mail_text(
                kind, subject, body + "\n" + long_line + "\n", world.staff["anna"]
            )
            spec = editable_texts.mail_kind(kind)
            values = {
                p.name: value
                for p in spec.placeholders
                if p.name
                in ("bericht", "wat_nodig", "reden", "uitkomst", "afzender", "verwachting")
            }
            row = notices.queue_resident_mail(
                initiative, key=f"long:{kind}", kind=kind, now=MONDAY, urgent=True, **values
            )
            expected[row.message_id] = (kind, bool(values))
        db.session.commit()
        result = dispatch_due(MONDAY + timedelta(seconds=1))
        assert result.failed == 0 and result.retried == 0
        received = by_message_id(smtp_server)
        assert smtp_server.handler.refused_long == 0
        for message_id, (kind, has_value) in expected.items():
            message = received[message_id]
            text, html = part_text(message, "text/plain"), part_text(message, "text/html")
            assert long_line in text.splitlines(), kind
            assert long_line in html, kind
            if has_value:
                assert value in text and value in html, kind  # unbroken: no spaces in it
        assert all(longest_line(raw) <= MAX_LINE_OCTETS for raw in smtp_server.raw)


@pytest.mark.parametrize("filler", FILLERS)
def test_a_long_resident_reply_reaches_the_contact_person(app, smtp_server, world, filler):
    """The finding itself: a reply of one long line made a staff mail no server accepted."""
    with in_app(app, world):
        reply = filler * 2000  # the longest reply the status page accepts
        initiative = fresh()
        actions.resident_reply(initiative, body=reply, now=MONDAY)
        db.session.commit()
        dispatch_due(MONDAY + timedelta(seconds=1))
        notice = db.session.execute(
            select(OutboxMail).where(OutboxMail.kind == "reactie")
        ).scalar_one()
        assert notice.status == MailStatus.SENT, notice.last_error
        message = by_message_id(smtp_server)[notice.message_id]
        assert reply in part_text(message, "text/plain").splitlines()
        assert reply in part_text(message, "text/html")


@pytest.mark.parametrize("filler", FILLERS)
def test_a_combined_mail_with_long_lines_is_delivered(app, smtp_server, world, filler):
    with in_app(app, world):
        long_message = filler * 5000
        initiative = fresh()
        for number in (1, 2):
            notices.queue_resident_mail(
                initiative,
                key=f"combined:{number}",
                kind="nieuw_bericht",
                now=MONDAY,
                urgent=False,
                bericht=f"{number} {long_message}",
            )
        db.session.commit()
        dispatch_due(MONDAY + timedelta(seconds=1))
        combined = [row for row in all_rows() if row.kind == "nieuw_bericht"]
        assert {row.status for row in combined} == {MailStatus.SENT}
        message = by_message_id(smtp_server)[combined[0].message_id]
        assert "2 berichten" in str(message["Subject"])
        lines = part_text(message, "text/plain").splitlines()
        assert f"2 {long_message}" in lines and f"1 {long_message}" in lines
