"""Two dispatchers and two schedulers at once on PostgreSQL: every mail goes out exactly once.

Real processes against the test database: two dispatcher loops
(tests/dispatch_worker.py) drain a queue of 2,000 mails side by side while a
`flask scheduler run` holds the scheduler lock (and dispatches too, every 15 s)
and a second `flask scheduler run` must only wait. SQLite has neither
SKIP LOCKED nor concurrent writers worth testing; its claim is covered in
test_dispatcher.py.
"""

import re
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from initiatief.extensions import db
from initiatief.models import MailStatus, OutboxMail
from tests.factories import queue_test_mail
from tests.processes import start, stop, worker_env

# Concurrent dispatchers need PostgreSQL; `make test` runs this in its PostgreSQL pass.
pytestmark = pytest.mark.postgres_only

MAILS = 2000
SCHEDULER = ["-m", "flask", "--app", "wsgi", "scheduler", "run"]


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def unsent() -> int:
    db.session.rollback()  # a fresh snapshot each time
    query = select(func.count()).where(OutboxMail.status != MailStatus.SENT)
    return db.session.scalar(query.select_from(OutboxMail))


def test_two_dispatchers_and_two_schedulers_send_each_mail_once(
    app, smtp_server, database_url, tmp_path
):
    with app.app_context():
        for number in range(MAILS):
            queue_test_mail(f"load:{number}", subject=f"Mail {number}")
        db.session.commit()
        message_ids = set(db.session.scalars(select(OutboxMail.message_id)))
        db.session.remove()
    env = worker_env(database_url, smtp_server.port, tmp_path)
    logs = {name: tmp_path / f"{name}.log" for name in ("first", "second", "a", "b")}
    processes = []
    try:
        first = start(SCHEDULER, env, logs["first"])
        processes.append(first)
        wait_for(lambda: "scheduler started" in text(logs["first"]), 20, "the first scheduler")
        second = start(SCHEDULER, env, logs["second"])
        processes.append(second)
        wait_for(lambda: "waiting" in text(logs["second"]), 20, "the second scheduler to wait")

        workers = [start(["-m", "tests.dispatch_worker"], env, logs[n]) for n in ("a", "b")]
        processes.extend(workers)
        with app.app_context():
            wait_for(lambda: unsent() == 0, 45, "an empty queue")
            db.session.remove()
        for worker in workers:
            assert worker.wait(10) == 0, text(logs["a"]) + text(logs["b"])

        # The second must stop first: once the first lets go it would take over.
        for scheduler in (second, first):
            scheduler.terminate()
            assert scheduler.wait(20) == 0, text(logs["first"]) + text(logs["second"])
    finally:
        for process in processes:
            stop(process)

    copies = Counter(message["Message-ID"] for message in smtp_server.messages)
    assert set(copies) == message_ids
    assert max(copies.values()) == 1
    sent = [int(re.search(r"done after \d+ passes, (\d+) sent", text(logs[n]))[1]) for n in "ab"]
    print(f"dispatchers sent {sent}, the scheduler {MAILS - sum(sent)}")
    assert all(sent), "both dispatchers must have taken part"
    second_log = text(logs["second"])
    assert "scheduler started" not in second_log and "Running job" not in second_log


def text(path: Path) -> str:
    return path.read_text() if path.exists() else ""
