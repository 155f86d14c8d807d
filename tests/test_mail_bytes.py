"""An outbox message becomes the same bytes as Flask-Mail makes of it, only cheaper.

OutboxMessage.as_bytes writes with headers kept as text (mail.message.StoredHeaders)
instead of policy.SMTP, which parses every header it reads. Same folding code, so the
wire must not change by one octet: same headers, same quoted-printable parts.
"""

import itertools
from email.generator import Generator
from email.headerregistry import HeaderRegistry

import flask_mail
import pytest

from initiatief.mail.message import BoundaryByContainment, OutboxMessage

MESSAGES = {
    "accents": {
        "subject": "Uw initiatief: één stap verder",
        "body": "Beste bewoner,\n\nÉén zin met ë en é.\n" * 40,
        "html": "<p>Eén zin met <strong>ë</strong> en é.</p>\n" * 80,
        "sender": "Gemeente Voorbeeld - Initiatieven <initiatieven@gemeente.example>",
    },
    "long lines": {
        "subject": "lang " * 59,
        "body": "ü" * 5000,
        "html": "<p>" + "<span>x</span>" * 400 + "</p>",
        "sender": "initiatieven@gemeente.example",
    },
    "text only, encoded-word look-alike": {
        "subject": "=?utf-8?q?hoi?= " + "woord " * 30,
        "body": "alleen tekst",
        "html": None,
        "sender": '"Gemeente: Afdeling, Wijk" <a@gemeente.example>',
    },
    "extra headers": {
        "subject": "Kort",
        "body": "tekst",
        "html": "<p>x</p>",
        "sender": "Gemeente Ütrecht <a@gemeente.example>",
        "extra_headers": {
            "Auto-Submitted": "auto-generated",
            "X-Initiatief": "INI-2026-0001 " + "z" * 200,
            "List-Unsubscribe": "<https://gemeente.example/" + "u" * 120 + ">",
        },
    },
}


@pytest.fixture
def fixed_boundaries(monkeypatch):
    """The MIME boundaries are random; calling this makes the next ones 1, 2, 3 ...

    so both writers of a message use the same ones and the bytes compare.
    """

    def restart():
        numbers = itertools.count(1)
        boundary = classmethod(lambda cls, text=None: f"==============={next(numbers):019d}==")
        monkeypatch.setattr(Generator, "_make_boundary", boundary)

    return restart


def outbox_message(fields: dict) -> OutboxMessage:
    message = OutboxMessage(recipients=["bewoner@example.org"], **fields)
    message.date = 1_772_000_000.0
    message.msgId = "<0123456789abcdef@gemeente.example>"
    return message


@pytest.mark.parametrize("fields", MESSAGES.values(), ids=MESSAGES.keys())
def test_bytes_are_flask_mails_to_the_octet(app, fixed_boundaries, fields):
    with app.app_context():
        message = outbox_message(fields)
        fixed_boundaries()
        ours = message.as_bytes()
        fixed_boundaries()
        flask_mails = flask_mail.Message.as_bytes(message)

    assert ours == flask_mails
    assert max(len(line) for line in ours.split(b"\r\n")) <= 998


def test_writing_a_message_parses_only_the_header_too_long_for_a_line(
    app, fixed_boundaries, monkeypatch
):
    fixed_boundaries()
    parsed = []
    original = HeaderRegistry.__call__

    def counting(self, name, value):
        parsed.append(name)
        return original(self, name, value)

    monkeypatch.setattr(HeaderRegistry, "__call__", counting)
    with app.app_context():
        outbox_message(MESSAGES["accents"]).as_bytes()

    # multipart/alternative with its boundary is over 78 characters: parsed to be folded.
    # policy.SMTP parses every header each time it is read, a dozen and more per mail.
    assert parsed == ["Content-Type"]


def test_a_boundary_that_occurs_in_the_text_is_not_used(monkeypatch):
    boundary = "===============0000000000000000042=="
    monkeypatch.setattr(Generator, "_make_boundary", classmethod(lambda cls, text=None: boundary))
    text = f"Een regel met --{boundary} erin, en --{boundary}.0 ook".encode()

    assert BoundaryByContainment._make_boundary(text) == f"{boundary}.1"
    assert BoundaryByContainment._make_boundary(b"geen grens") == boundary
