"""Dispatch throughput: mails per second through dispatch_due, next to bare smtplib.

Not a test. Run from the project root:

    .venv/bin/python -m benchmarks.dispatch [--mails 2000] [--batch-size 50] [--rounds 1]
        [--postgres postgresql+psycopg://root@127.0.0.1:5432/deliverybench]

The sink is aiosmtpd in a separate process on 127.0.0.1 that counts and drops
each mail, so it does not share a core's interpreter lock with the dispatcher.
SQLite runs on a fresh file in a temporary folder. PostgreSQL runs only when a URL
is given; the database is migrated to head and must hold no outbox rows but the
benchmark's own (it refuses otherwise, so it can never send anyone's real mail).
With --rounds N every measurement is made N times, one after the other, and the
fastest is shown: on a shared machine the slower rounds measure the neighbours.
"""

import argparse
import asyncio
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEY_PREFIX = "bench:"
# About the size of a real notice: ~1 KB of text, ~3 KB of HTML, with Dutch accents.
TEXT = "Beste bewoner,\n\n" + "Uw initiatief is één stap verder.\n" * 30 + "\nMet groet,\n"
PARAGRAPH = "<p>Uw <strong>initiatief</strong> is één stap verder.</p>\n"
HTML = "<p>Beste bewoner,</p>\n" + PARAGRAPH * 60


class CountingHandler:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        self.count += 1
        return "250 OK"


def serve(port: int) -> None:
    """The sink process: accept mail on 127.0.0.1:port until stdin closes."""
    from aiosmtpd.controller import Controller

    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()
    controller.stop()
    print(handler.count, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(url: str, port: int, mails: int, batch_size: int):
    """An app on `url` with the schema at head and `mails` due mails queued."""
    from flask_migrate import upgrade
    from sqlalchemy import delete, func, select

    from initiatief import create_app
    from initiatief.extensions import db
    from initiatief.mail.outbox import queue_mail
    from initiatief.models import OutboxMail

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": port,
            "MAIL_BATCH_SIZE": batch_size,
        }
    )
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        others = db.session.scalar(
            select(func.count())
            .select_from(OutboxMail)
            .where(OutboxMail.key.not_like(f"{KEY_PREFIX}%"))
        )
        if others:
            raise SystemExit(f"{url} holds {others} outbox rows of its own; use an empty database")
        db.session.execute(delete(OutboxMail))
        due = datetime.now(UTC) - timedelta(minutes=1)
        for number in range(mails):
            queue_mail(
                key=f"{KEY_PREFIX}{number}",
                kind="bench",
                to=f"bewoner{number}@example.org",
                subject=f"Uw initiatief INI-2026-{number:04d}: nieuwe fase",
                text=TEXT,
                html=HTML,
                send_after=due,
            )
        db.session.commit()
    return app


def time_dispatcher(app) -> tuple[int, float]:
    """Run dispatch_due until the queue is empty; (mails sent, seconds)."""
    from initiatief.extensions import db
    from initiatief.mail.dispatcher import dispatch_due

    with app.app_context():
        sent = 0
        started = time.perf_counter()
        for _ in range(100_000):  # bounded: far more passes than any run needs
            result = dispatch_due(datetime.now(UTC))
            sent += result.sent
            if not (result.sent or result.retried or result.failed):
                break
        seconds = time.perf_counter() - started
        db.session.remove()
    return sent, seconds


def time_smtplib(app, port: int, building: str) -> tuple[int, float]:
    """Send the same rows with bare smtplib over one connection; (mails, seconds).

    `building` "flask-mail": each message is built in the loop and written by
    Flask-Mail (policy.SMTP), as the dispatcher did until 2026-12; "outbox": built
    in the loop and written by OutboxMessage.as_bytes, as the dispatcher does now
    (same bytes); "prebuilt": made before the clock starts, so only the SMTP
    exchange is timed.
    """
    import smtplib

    from flask_mail import Message
    from sqlalchemy import select

    from initiatief.extensions import db
    from initiatief.mail.dispatcher.smtp import build_message
    from initiatief.mail.message import OutboxMessage
    from initiatief.models import OutboxMail

    write = Message.as_bytes if building == "flask-mail" else OutboxMessage.as_bytes
    with app.app_context():
        rows = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
        if building == "prebuilt":
            built = [build_message(row) for row in rows]
            raw = [(m.sender, list(m.send_to), Message.as_bytes(m)) for m in built]
        started = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
            for number, row in enumerate(rows):
                if building == "prebuilt":
                    sender, recipients, content = raw[number]
                else:
                    message = build_message(row)
                    sender, recipients = message.sender, list(message.send_to)
                    content = write(message)
                smtp.sendmail(sender, recipients, content)
        seconds = time.perf_counter() - started
        db.session.remove()
    return len(rows), seconds


def run(name: str, url: str, port: int, mails: int, batch_size: int) -> list[tuple]:
    app = prepare(url, port, mails, batch_size)
    sent, seconds = time_dispatcher(app)
    rows = [(f"dispatch_due, {name}, batch {batch_size}", sent, seconds)]
    for building, how in [
        ("flask-mail", "building each"),
        ("outbox", "building each, OutboxMessage"),
        ("prebuilt", "prebuilt"),
    ]:
        rows.append((f"  smtplib, one connection, {how}", *time_smtplib(app, port, building)))
    with app.app_context():
        from initiatief.extensions import db

        db.engine.dispose()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=1, help="show the fastest of this many")
    parser.add_argument("--postgres", help="a PostgreSQL URL (a database for benchmarks only)")
    parser.add_argument("--sink", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.sink:
        serve(args.sink)
        return 0

    port = free_port()
    sink = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "benchmarks.dispatch", "--sink", str(port)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    rows, expected = [], 0
    try:
        if sink.stdout.readline().strip() != "ready":
            raise SystemExit("the sink did not start")
        with tempfile.TemporaryDirectory() as folder:
            databases = [("SQLite", f"sqlite:///{Path(folder) / 'bench.sqlite'}")]
            if args.postgres:
                databases.append(("PostgreSQL", args.postgres))
            for name, url in databases:
                rounds = [
                    run(name, url, port, args.mails, args.batch_size) for _ in range(args.rounds)
                ]
                expected += sum(count for result in rounds for _, count, _ in result)
                fastest = [min(same, key=lambda row: row[2]) for same in zip(*rounds, strict=True)]
                rows += fastest
        received = int(sink.communicate("", timeout=30)[0].strip() or 0)
    finally:
        if sink.poll() is None:
            sink.kill()
            sink.wait(10)

    print(f"{'how':<56} {'mails':>6} {'seconds':>8} {'mails/s':>8}")
    for how, count, seconds in rows:
        print(f"{how:<56} {count:>6} {seconds:>8.2f} {count / seconds:>8.0f}")
    print(f"sink received {received} of {expected} mails")
    return 0 if received == expected else 1


if __name__ == "__main__":
    asyncio.set_event_loop_policy(None)  # aiosmtpd makes its own loop in the sink process
    sys.exit(main())
