"""No header can be added or disguised through a title or a name (issue 9, 2).

Titles, resident names and staff names reach mail subjects; the sender's name
is a display name. Every line break, control character and encoded-word in
them must arrive as harmless text on the one Subject line.
"""

import email
from datetime import timedelta
from email import policy
from email.header import decode_header, make_header
from email.parser import BytesParser

import pytest
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.mail import notices
from initiatief.mail.dispatcher import dispatch_due
from initiatief.mail.safety import encoded_header, header_text
from initiatief.models import MailStatus, OutboxMail
from initiatief.services import actions
from initiatief.services.config import mail_texts
from tests.factories import MONDAY
from tests.mail_helpers import fresh
from tests.shared_fixtures import in_app

# Every way to break a header line, and text that a client would decode or a
# careless composer would unquote.
NASTY = {
    "crlf": "\r\n",
    "lf": "\n",
    "cr": "\r",
    "nel": "\x85",
    "line-separator": "\u2028",
    "paragraph-separator": "\u2029",
    "vt": "\x0b",
    "ff": "\x0c",
    "nul": "\x00",
    "escape": "\x1b",
    "bidi-override": "\u202e",
    "percent-encoded": "%0d%0a",
    "encoded-word-q": "=?utf-8?q?=0D=0AX-Injected:_ja?=",
    "encoded-word-b": "=?utf-8?b?DQpYLUluamVjdGVkOiBqYQ==?=",
}
LITERAL = {"percent-encoded", "encoded-word-q", "encoded-word-b"}
BASE_HEADERS = ["Content-Type", "MIME-Version", "Subject", "From", "To", "Date", "Message-ID"]


def raw_of(smtp_server, message_id: str) -> bytes:
    for raw in smtp_server.raw:
        parsed = BytesParser(policy=policy.default).parsebytes(raw)
        if parsed["Message-ID"] == message_id:
            return raw
    raise AssertionError(f"{message_id} not received")


def expected_text(nasty: str, before: str, after: str) -> str:
    return f"{before}{nasty}{after}" if nasty in NASTY_LITERALS else f"{before} {after}"


NASTY_LITERALS = {NASTY[name] for name in LITERAL}


@pytest.mark.parametrize("name", NASTY)
def test_header_text_is_one_line_without_controls(name):
    nasty = NASTY[name]
    cleaned = header_text(f"Tuin{nasty}X-Injected: ja")
    assert cleaned == expected_text(nasty, "Tuin", "X-Injected: ja")
    assert cleaned.isprintable()
    # Folded at most: every line break is followed by the space of a continuation.
    assert all(line.startswith(" ") for line in encoded_header(cleaned).split("\n")[1:])


# PostgreSQL refuses NUL in text at all (input cleaning drops it before); header_text
# is tested with it above.
STORABLE = [name for name in NASTY if name != "nul"]


@pytest.mark.parametrize("name", STORABLE)
def test_titles_and_names_cannot_add_or_hide_headers(app, smtp_server, world, name):
    with in_app(app, world):
        nasty = NASTY[name]
        app.config["MAIL_DEFAULT_SENDER"] = (
            f"Gemeente{nasty}X-Injected: ja <initiatieven@gemeente.example>"
        )
        anna = world.staff["anna"]
        anna.name = f"Anna{nasty}X-Injected: ja"
        initiative = fresh(title=f"Tuin{nasty}X-Injected: ja", name=f"Fatima{nasty}X-Injected: ja")
        initiative.contact = anna
        mail_texts.save_mail_text(
            "nieuw_bericht", "{titel} / {naam} / {contactpersoon} ({nummer})", "Beste {naam},", anna
        )
        notices.queue_resident_mail(initiative, key="headers:1", kind="nieuw_bericht", now=MONDAY)
        actions.resident_reply(initiative, body="Dank u.", now=MONDAY)  # staff mail too
        db.session.commit()
        dispatch_due(MONDAY + timedelta(seconds=1))
        rows = list(db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)))
        assert {row.kind for row in rows} >= {"nieuw_bericht", "reactie"}
        assert all(row.status == MailStatus.SENT for row in rows), [r.last_error for r in rows]

        resident = next(row for row in rows if row.kind == "nieuw_bericht")
        raw = raw_of(smtp_server, resident.message_id)
        message = BytesParser(policy=policy.default).parsebytes(raw)
        names = [key for key, _ in message.items()]
        expected = {*BASE_HEADERS, "List-Unsubscribe", "List-Unsubscribe-Post"}
        assert sorted(names) == sorted(expected)  # each exactly once, nothing added
        subject = str(message["Subject"])
        title = expected_text(nasty, "Tuin", "X-Injected: ja")
        resident_name = expected_text(nasty, "Fatima", "X-Injected: ja")
        staff_name = expected_text(nasty, "Anna", "X-Injected: ja")
        assert subject == f"{title} / {resident_name} / {staff_name} ({initiative.number})"
        # RFC 2047 decoding, as mail clients do it (policy.default's address parser
        # puts a space between adjacent encoded-words, which clients do not).
        raw_from = email.message_from_bytes(raw)["From"]
        sender = expected_text(nasty, "Gemeente", "X-Injected: ja")
        assert (
            str(make_header(decode_header(raw_from))) == f"{sender} <initiatieven@gemeente.example>"
        )
        assert message["From"].addresses[0].addr_spec == "initiatieven@gemeente.example"
        header_block = raw.split(b"\r\n\r\n", 1)[0]
        assert b"\nX-Injected" not in header_block and b"\rX-Injected" not in header_block

        staff = next(row for row in rows if row.kind == "reactie")
        message = BytesParser(policy=policy.default).parsebytes(
            raw_of(smtp_server, staff.message_id)
        )
        assert sorted(key for key, _ in message.items()) == sorted(BASE_HEADERS)
        assert "X-Injected" not in str(message["Subject"])
