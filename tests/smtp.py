"""An in-process SMTP server for tests, scriptable to accept, defer or refuse."""

import email
import socket
from email.message import Message

from aiosmtpd.controller import Controller


class RecordingHandler:
    """Keeps every accepted message; `reply` scripts the answer to DATA."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.reply = "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if not self.reply.startswith("250"):
            return self.reply
        message = email.message_from_bytes(envelope.content)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
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

    def answer(self, reply: str) -> None:
        """Answer DATA with this reply from now on, e.g. '451 try later' or '550 no'."""
        self.handler.reply = reply
