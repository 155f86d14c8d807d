"""A dispatcher killed between the SMTP send and the record resends the open group, no more.

Sent rows are recorded a group at a time (MAIL_RECORD_EVERY rows). A real
dispatcher process (tests/dispatch_worker.py) is SIGKILLed while the sink holds
one mail in DATA, after the rows before it in the same group were accepted but
not yet recorded: exactly those rows and the one in DATA come again, nothing is
lost, and the group recorded before stays sent.
"""

import asyncio
import threading
from collections import Counter

from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import MailStatus, OutboxMail
from tests.factories import queue_test_mail
from tests.processes import drain_after_lease, kill_when, start, worker_env

MAILS = 30
GROUP = 10
HELD = 15  # the mail the sink keeps in DATA: the 5th of the second group


def hold_in_data(smtp_server, number: int, release: threading.Event) -> None:
    """Make the sink record mail `number`, then not answer it until `release` is set."""
    record = smtp_server.handler.handle_DATA

    async def handle_data(server, session, envelope):
        reply = await record(server, session, envelope)
        if len(smtp_server.messages) == number:
            while not release.is_set():
                await asyncio.sleep(0.01)
        return reply

    smtp_server.handler.handle_DATA = handle_data


def statuses() -> dict[str, str]:
    """Status by subject ("Mail 0" ...)."""
    db.session.expire_all()
    return {row.subject: row.status for row in db.session.scalars(select(OutboxMail))}


def test_kill_between_send_and_record_resends_only_the_open_group(
    app, smtp_server, database_url, tmp_path
):
    release = threading.Event()
    hold_in_data(smtp_server, HELD, release)
    with app.app_context():
        for number in range(MAILS):
            queue_test_mail(f"group:{number}", subject=f"Mail {number}")
        db.session.commit()
        db.session.remove()
    env = {
        **worker_env(database_url, smtp_server.port, tmp_path, batch_size=MAILS),
        "MAIL_RECORD_EVERY": str(GROUP),
        "MAIL_RECORD_SECONDS": "600",  # groups by count only, however slow the machine
    }
    log = tmp_path / "worker.log"

    first = start(["-m", "tests.dispatch_worker"], env, log)
    try:
        kill_when(first, lambda: len(smtp_server.messages) >= HELD, log)
    finally:
        release.set()
    assert len(smtp_server.messages) == HELD

    first_group = {f"Mail {n}" for n in range(GROUP)}
    open_group = {f"Mail {n}" for n in range(GROUP, HELD - 1)}  # accepted, not recorded
    with app.app_context():
        after_kill = statuses()
        db.session.remove()
    assert {s for s, status in after_kill.items() if status == MailStatus.SENT} == first_group
    assert {s for s, status in after_kill.items() if status == MailStatus.SENDING} == (
        set(after_kill) - first_group
    )

    drain_after_lease(env, log)
    with app.app_context():
        assert set(statuses().values()) == {MailStatus.SENT}
        message_ids = set(db.session.scalars(select(OutboxMail.message_id)))
        db.session.remove()
    copies = Counter(message["Subject"] for message in smtp_server.messages)
    assert len(copies) == MAILS  # nothing lost
    assert {message["Message-ID"] for message in smtp_server.messages} == message_ids
    resent = {subject for subject, count in copies.items() if count > 1}
    assert resent == open_group | {f"Mail {HELD - 1}"}  # the open group and the mail in DATA
    assert max(copies.values()) == 2
