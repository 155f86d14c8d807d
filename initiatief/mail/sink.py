"""Development mail sink: keeps every received mail as an .eml file and reads them back."""

import os
import re
import secrets
import signal
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

import click
from aiosmtpd.controller import Controller
from flask import current_app
from flask.cli import AppGroup

# 20260305T143001.123456Z-1a2b3c4d5e6f: sortable by arrival, and safe in a URL.
NAME_FORMAT = "%Y%m%dT%H%M%S.%fZ"
NAME_PATTERN = re.compile(r"^(\d{8}T\d{6}\.\d{6}Z)-[0-9a-f]{12}$")


@dataclass(frozen=True)
class StoredMail:
    """One mail from the sink folder, its headers decoded to text."""

    id: str
    received: datetime  # aware UTC, when the sink stored it
    subject: str
    sender: str
    to: str
    date: datetime | None  # the Date header, when readable
    message_id: str
    headers: list[tuple[str, str]]
    text: str
    html: str | None


class MailboxHandler:
    """aiosmtpd handler that writes each message to `directory` as <id>.eml."""

    def __init__(self, directory: str | os.PathLike) -> None:
        self.directory = Path(directory)

    async def handle_DATA(self, server, session, envelope) -> str:
        self.store(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"

    def store(self, content: bytes | str) -> str:
        """Write one raw message and return its id; the file appears whole or not at all."""
        if isinstance(content, str):
            content = content.encode("utf-8")
        self.directory.mkdir(parents=True, exist_ok=True)
        mail_id = f"{datetime.now(UTC).strftime(NAME_FORMAT)}-{secrets.token_hex(6)}"
        partial = self.directory / f".{mail_id}.tmp"
        partial.write_bytes(content)
        os.replace(partial, self.directory / f"{mail_id}.eml")
        return mail_id


def make_controller(directory: str | os.PathLike, host: str, port: int) -> Controller:
    """An aiosmtpd server (not started yet) that stores mail in `directory`."""
    return Controller(MailboxHandler(directory), hostname=host, port=port)


def _text_of(part: EmailMessage | None) -> str | None:
    if part is None:
        return None
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):  # unknown or lying charset: show what we can
        content = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
    return content.replace("\r\n", "\n")  # SMTP line ends, not the author's


def _header(message: EmailMessage, name: str) -> str:
    value = message.get(name)
    return "" if value is None else str(value)


def _parse(mail_id: str, raw: bytes) -> StoredMail:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    stamp = NAME_PATTERN.match(mail_id).group(1)
    received = datetime.strptime(stamp, NAME_FORMAT).replace(tzinfo=UTC)
    try:
        date = parsedate_to_datetime(_header(message, "Date"))
    except (TypeError, ValueError):
        date = None
    return StoredMail(
        id=mail_id,
        received=received,
        subject=_header(message, "Subject"),
        sender=_header(message, "From"),
        to=_header(message, "To"),
        date=date,
        message_id=_header(message, "Message-ID"),
        headers=[(name, str(value)) for name, value in message.items()],
        text=_text_of(message.get_body(preferencelist=("plain",))) or "",
        html=_text_of(message.get_body(preferencelist=("html",))),
    )


def _path(directory: str | os.PathLike, mail_id: str) -> Path | None:
    """The file of a mail id, or None for anything that is not one of our names."""
    if not NAME_PATTERN.match(mail_id):
        return None
    return Path(directory) / f"{mail_id}.eml"


def list_messages(directory: str | os.PathLike, limit: int = 200) -> list[StoredMail]:
    """The newest `limit` mails in the folder, newest first."""
    folder = Path(directory)
    if not folder.is_dir():
        return []
    ids = sorted((p.stem for p in folder.glob("*.eml") if NAME_PATTERN.match(p.stem)), reverse=True)
    return [_parse(mail_id, (folder / f"{mail_id}.eml").read_bytes()) for mail_id in ids[:limit]]


def read_message(directory: str | os.PathLike, mail_id: str) -> StoredMail | None:
    """One mail by id, or None when the id is unknown or malformed."""
    path = _path(directory, mail_id)
    if path is None or not path.is_file():
        return None
    return _parse(mail_id, path.read_bytes())


def clear_messages(directory: str | os.PathLike) -> int:
    """Delete every stored mail; returns how many went."""
    folder = Path(directory)
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.glob("*.eml"):
        if NAME_PATTERN.match(path.stem):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


mailbox_cli = AppGroup("mailbox", help="The development mail sink.")


@mailbox_cli.command("serve")
def serve_command() -> None:
    """Receive mail on MAIL_SERVER:MAIL_PORT into MAILBOX_DIR until Ctrl-C."""
    directory = current_app.config.get("MAILBOX_DIR")
    if not directory:
        raise click.ClickException("set MAILBOX_DIR (development does so by default)")
    host, port = current_app.config["MAIL_SERVER"], current_app.config["MAIL_PORT"]
    controller = make_controller(directory, host, port)
    controller.start()
    click.echo(f"Mail sink on {host}:{port}, storing in {directory}; stop with Ctrl-C.")

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while True:
            signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()
        click.echo("Mail sink stopped.")
