"""The MIME message of an outbox row: quoted-printable parts and safely encoded headers."""

from email.charset import QP, Charset
from email.mime.text import MIMEText
from email.utils import parseaddr

from flask_mail import Message

from .safety import encoded_header, header_text

# Flask-Mail registers utf-8 with no body encoding (8bit, lines as written). A
# strict server refuses a line over 998 octets (RFC 5321 4.5.3.1.6), and one
# line of 600 "ü" is 1,200 octets. Quoted-printable keeps every line under 77
# octets with soft breaks that the reader never sees. Our own instance: the
# registry entry Flask-Mail changed stays as it is.
QP_UTF8 = Charset("utf-8")
QP_UTF8.body_encoding = QP


def display_address(value: str) -> str:
    """'"Name" <address>' with the display name made one safe line (header_text).

    Quoted, so Flask-Mail parses the same name back whatever punctuation it holds;
    Flask-Mail then encodes the name (RFC 2047) itself.
    """
    name, address = parseaddr(value)
    name = header_text(name).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{name}" <{address}>' if name else address


class OutboxMessage(Message):
    """Flask-Mail's message with quoted-printable text and HTML parts.

    The subject is set as encoded_header makes it (Flask-Mail leaves an ASCII
    subject raw, so a user's "=?utf-8?q?...?=" would be decoded by clients).
    Flask-Mail still checks the plain subject for line breaks before sending.
    """

    def __init__(self, *, sender: str, **kwargs) -> None:
        kwargs["subject"] = header_text(kwargs.get("subject", ""))
        super().__init__(sender=display_address(sender), **kwargs)

    def _mimetext(self, text: str | None, subtype: str = "plain") -> MIMEText:
        return MIMEText(text or "", _subtype=subtype, _charset=QP_UTF8)

    def _message(self):
        message = super()._message()
        if self.subject:
            message.replace_header("Subject", encoded_header(self.subject))
        return message
