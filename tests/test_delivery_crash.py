"""A dispatcher process killed mid-batch loses no mail and resends only what was in flight.

The dispatcher runs as a real process (tests/dispatch_worker.py) against the
test's database file (or PostgreSQL when TEST_DATABASE_URL says so) and a slow
SMTP sink in this process; SIGKILL gives it no chance to clean up.
"""

import asyncio
import os
import signal
import time
from collections import Counter

from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import MailStatus, OutboxMail
from tests.factories import queue_test_mail
from tests.processes import start, stop, worker_env

MAILS = 40
DATA_DELAY = 0.05  # seconds the sink takes per mail, so a batch is slow enough to kill


def slow_down(smtp_server, delay: float) -> None:
    """Make the sink record each mail, then take `delay` seconds before saying 250.

    Recording first is the worst case: a mail the server has but the dispatcher
    never heard accepted, so it must be sent again.
    """
    record = smtp_server.handler.handle_DATA

    async def handle_data(server, session, envelope):
        reply = await record(server, session, envelope)
        await asyncio.sleep(delay)
        return reply

    smtp_server.handler.handle_DATA = handle_data


def test_killed_dispatcher_loses_nothing_and_resends_only_rows_in_flight(
    app, smtp_server, database_url, tmp_path
):
    slow_down(smtp_server, DATA_DELAY)
    with app.app_context():
        for number in range(MAILS):
            queue_test_mail(f"crash:{number}", subject=f"Mail {number}")
        db.session.commit()
        db.session.remove()
    env = worker_env(database_url, smtp_server.port, tmp_path, batch_size=MAILS)
    log = tmp_path / "worker.log"

    first = start(["-m", "tests.dispatch_worker"], env, log)
    try:
        deadline = time.monotonic() + 30
        while len(smtp_server.messages) < 10 and time.monotonic() < deadline:
            assert first.poll() is None, log.read_text()
            time.sleep(0.01)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(10)
    finally:
        stop(first)
    arrived_before = len(smtp_server.messages)
    assert 10 <= arrived_before < MAILS, "the kill must land mid-batch"

    with app.app_context():
        db.session.expire_all()
        in_flight = {
            row.message_id
            for row in db.session.scalars(select(OutboxMail))
            if row.status == MailStatus.SENDING
        }
        db.session.remove()
    assert in_flight, "a killed batch leaves claimed rows behind"

    # An hour later the lease (MAIL_LEASE_SECONDS, 300 s) has run out.
    second = start(["-m", "tests.dispatch_worker", "--later", "3600"], env, log)
    try:
        assert second.wait(60) == 0, log.read_text()
    finally:
        stop(second)

    with app.app_context():
        db.session.expire_all()
        queued = {row.subject: row for row in db.session.scalars(select(OutboxMail))}
        assert {row.status for row in queued.values()} == {MailStatus.SENT}
        copies = Counter(message["Message-ID"] for message in smtp_server.messages)
        assert set(copies) == {row.message_id for row in queued.values()}  # nothing lost
        duplicates = {message_id for message_id, count in copies.items() if count > 1}
        assert duplicates <= in_flight
        assert len(duplicates) <= 1  # one connection: at most the mail in DATA at the kill
        for message in smtp_server.messages:  # a resend is recognisably the same mail
            assert message["Message-ID"] == queued[message["Subject"]].message_id
