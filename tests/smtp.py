"""An in-process SMTP server for tests, scriptable to accept, defer or refuse."""

import email
import socket
from email.message import Message

from aiosmtpd.controller import Controller

# RFC 5321 4.5.3.1.6: a line of DATA holds at most 998 octets before its CRLF.
MAX_LINE_OCTETS = 998
LINE_TOO_LONG = "500 Line too long (RFC 5321 4.5.3.1.6)"


def longest_line(content: bytes) -> int:
    """The longest line of raw DATA in octets, without its line end."""
    return max((len(line) for line in content.split(b"\r\n")), default=0)


class RecordingHandler:
    """Keeps every accepted message; `reply` scripts the answer to DATA.

    Like a strict real server it refuses any message with a DATA line over
    998 octets. aiosmtpd itself only refuses lines over 999 octets (its limit
    counts 1001 bytes with the CRLF), so the last octet is checked here.
    """

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.raw: list[bytes] = []
        self.refused_long: int = 0
        self.reply = "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if not self.reply.startswith("250"):
            return self.reply
        content = envelope.original_content or envelope.content
        if longest_line(content) > MAX_LINE_OCTETS:
            self.refused_long += 1
            return LINE_TOO_LONG
        message = email.message_from_bytes(content)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        self.raw.append(content)
        return "250 OK"


class SmtpServer:
    """Start and stop a real SMTP server on 127.0.0.1 and a free port."""

    def __init__(self) -> None:
        self.handler = RecordingHandler()
        self.controller: Controller | None = None
        self.port = 0

    def start(self) -> None:
        # aiosmtpd 1.4 cannot listen on port 0 (its start-up check dials the port
        # it was given), so pick a free port first and keep it across restarts.
        if not self.port:
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                self.port = probe.getsockname()[1]
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        self.port = self.controller.server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self) -> list[Message]:
        return self.handler.messages

    @property
    def raw(self) -> list[bytes]:
        """The accepted messages as they came over the wire (CRLF line ends)."""
        return self.handler.raw

    def answer(self, reply: str) -> None:
        """Answer DATA with this reply from now on, e.g. '451 try later' or '550 no'."""
        self.handler.reply = reply
