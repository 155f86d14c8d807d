"""The MIME message of an outbox row: quoted-printable parts and safely encoded headers."""

from email.charset import QP, Charset
from email.generator import BytesGenerator
from email.mime.text import MIMEText
from email.policy import EmailPolicy, compat32
from functools import lru_cache
from io import BytesIO

from flask_mail import Message

from .safety import encoded_header, header_text

# Flask-Mail registers utf-8 with no body encoding (8bit, lines as written). A
# strict server refuses a line over 998 octets (RFC 5321 4.5.3.1.6), and one
# line of 600 "ü" is 1,200 octets. Quoted-printable keeps every line under 77
# octets with soft breaks that the reader never sees. Our own instance: the
# registry entry Flask-Mail changed stays as it is.
QP_UTF8 = Charset("utf-8")
QP_UTF8.body_encoding = QP


class StoredHeaders(EmailPolicy):
    """Flask-Mail's policy.SMTP, but a header is read and stored as the text it is.

    policy.SMTP parses a header into an object each time the generator reads it
    (Content-Type alone several times per part): about 40 % of the time a
    message takes to become bytes. Our headers are written ready for the wire
    (encoded, folded), so writing them needs no parsing. Folding is the same
    code, so the bytes are the same (tests/test_mail_bytes.py).
    """

    def header_fetch_parse(self, name: str, value: str) -> str:
        return value

    def header_store_parse(self, name: str, value: str) -> tuple[str, str]:
        return (name, value)


SMTP_STORED = StoredHeaders(linesep="\r\n")


class BoundaryByContainment(BytesGenerator):
    """The email package's writer, testing a new MIME boundary with `in`.

    The stock check compiles a regular expression for every random boundary (so
    the regex cache never helps): a fifth of writing a mail. Rejecting any
    boundary that occurs in the text at all is stricter than rejecting one that
    starts a line, so a boundary it keeps is one the stock check keeps too.
    """

    @classmethod
    def _make_boundary(cls, text: bytes | None = None) -> str:
        boundary = super()._make_boundary()
        candidate, counter = boundary, 0
        while text is not None and f"--{candidate}".encode("ascii") in text:
            candidate, counter = f"{boundary}.{counter}", counter + 1
        return candidate


@lru_cache(maxsize=16)
def encoded_sender_name(name: str) -> str:
    """The From display name, encoded: the same few senders on every mail, so kept."""
    return encoded_header(name, "From", always=True)


def split_address(value: str) -> tuple[str, str]:
    """(display name, address) of 'Name <address>', the name made one safe line.

    Split at the last "<" rather than parsed, so a colon or comma in the name
    cannot turn it into a group or a list of addresses.
    """
    text = header_text(value, limit=998)
    if not (text.endswith(">") and "<" in text):
        return "", text
    name, _, address = text[:-1].rpartition("<")
    return header_text(name.strip().strip('"')), address.strip()


class OutboxMessage(Message):
    """Flask-Mail's message with quoted-printable parts and our own Subject and From.

    Flask-Mail leaves an ASCII subject raw (so a user's "=?utf-8?q?...?=" would be
    decoded by mail clients), and its From is refolded by the SMTP policy, which
    decodes the name and writes it back without the quotes a colon needs. So both
    are set here as encoded_header makes them, folded short enough to be sent as
    they are. Flask-Mail still checks the plain values for line breaks.
    """

    def __init__(self, *, sender: str, **kwargs) -> None:
        kwargs["subject"] = header_text(kwargs.get("subject", ""))
        self.display_name, address = split_address(sender)
        super().__init__(sender=address, **kwargs)

    def _mimetext(self, text: str | None, subtype: str = "plain") -> MIMEText:
        return MIMEText(text or "", _subtype=subtype, _charset=QP_UTF8)

    def _message(self):
        message = super()._message()
        # Flask-Mail built the headers under compat32, which keeps our folded
        # encoded-words as they are; its SMTP policy would refuse the folds.
        sending, message.policy = message.policy, compat32
        if self.subject:
            message.replace_header("Subject", encoded_header(self.subject))
        if self.display_name:
            name = encoded_sender_name(self.display_name)
            message.replace_header("From", f"{name}\n <{self.sender}>")
        message.policy = sending
        return message

    def as_bytes(self) -> bytes:
        """The message as Flask-Mail writes it, byte for byte, without parsing headers."""
        out = BytesIO()
        writer = BoundaryByContainment(out, mangle_from_=False, policy=SMTP_STORED)
        writer.flatten(self._message(), unixfrom=False)
        return out.getvalue()
