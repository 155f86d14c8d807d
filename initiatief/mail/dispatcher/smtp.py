"""Sending one message: an outbox row as a Flask-Mail message, and the SMTP connection."""

import smtplib
from datetime import datetime

from flask import current_app
from flask_mail import Connection

from ...models import OutboxMail, utcnow
from ..combine import combined_parts
from ..message import OutboxMessage

# Headers Flask-Mail sets itself; a stored extra header must not duplicate them.
RESERVED_HEADERS = {"from", "to", "cc", "bcc", "subject", "date", "message-id"}


class TimeoutConnection(Connection):
    """Flask-Mail's connection with a socket timeout and a quiet close.

    Flask-Mail 0.10 opens smtplib.SMTP without a timeout, so a mail server that
    accepts the connection but never answers would hang the scheduler forever.
    """

    def __init__(self, timeout: float) -> None:
        super().__init__(current_app.extensions["mail"])
        self.timeout = timeout

    def configure_host(self) -> smtplib.SMTP:
        state = self.mail
        factory = smtplib.SMTP_SSL if state.use_ssl else smtplib.SMTP
        host = factory(state.server, state.port, timeout=self.timeout)
        host.set_debuglevel(int(state.debug))
        if state.use_tls:
            host.starttls()
        if state.username and state.password:
            host.login(state.username, state.password)
        return host

    def __exit__(self, exc_type, exc_value, tb) -> None:
        # A server that already hung up must not turn a finished batch into an error.
        if self.host is not None:
            try:
                self.host.quit()
            except (smtplib.SMTPException, OSError):
                self.host.close()


def parse_headers(stored: str) -> dict[str, str]:
    """The extra headers kept on a row ("Name: value" per line) as a dict."""
    headers = {}
    for line in stored.splitlines():
        name, sep, value = line.partition(":")
        name = name.strip()
        if sep and name and name.lower() not in RESERVED_HEADERS:
            headers[name] = value.strip()
    return headers


def build_message(
    row: OutboxMail, joined: list[OutboxMail] | None = None, now: datetime | None = None
) -> OutboxMessage:
    """The Flask-Mail message for a row, carrying the row's own Message-ID.

    With joined rows (non-urgent mail held by the throttle) one combined mail
    carries all their messages; it keeps the first row's Message-ID. The parts
    go out quoted-printable and the subject encoded (mail.message), so no line
    is too long for a server and no header can be added through the text.
    """
    subject, text, html = row.subject, row.text_body, row.html_body
    if joined:
        subject, text, html = combined_parts([row, *joined], now or utcnow())
    message = OutboxMessage(
        subject=subject,
        recipients=[row.to_address],
        body=text,
        html=html,
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
        extra_headers=parse_headers(row.headers or ""),
    )
    message.msgId = row.message_id
    return message
