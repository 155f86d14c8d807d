"""A dispatcher process for the delivery tests and benchmarks: sends due mail until none is left.

Run as ``python -m tests.dispatch_worker`` from the project root. The app is built
with ``create_app("testing")``, so every setting comes from the environment the
way the scheduler process gets it: TEST_DATABASE_URL (the database), MAIL_SERVER,
MAIL_PORT, MAIL_BATCH_SIZE, MAIL_LEASE_SECONDS. The testing config sends for real
(no suppression) and needs no mailbox folder or secret.
"""

import argparse
import sys
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from initiatief import create_app
from initiatief.extensions import db
from initiatief.mail.dispatcher import dispatch_due
from initiatief.mail.dispatcher.claims import _is_due
from initiatief.models import OutboxMail


def _due_left(now: datetime) -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMail).where(_is_due(now)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--later", type=float, default=0, help="seconds to put the clock ahead")
    parser.add_argument("--deadline", type=float, default=60, help="seconds before giving up")
    args = parser.parse_args(argv)
    app = create_app("testing")
    sent = passes = 0
    stop_at = time.monotonic() + args.deadline
    with app.app_context():
        while time.monotonic() < stop_at:
            now = datetime.now(UTC) + timedelta(seconds=args.later)
            result = dispatch_due(now)
            passes += 1
            sent += result.sent
            if result.sent or result.retried or result.failed:
                continue
            # Nothing claimed: done, unless another dispatcher's claim hid rows from us.
            if _due_left(now) == 0:
                break
            db.session.commit()
            time.sleep(0.05)
        else:
            print(f"deadline passed after {passes} passes, {sent} sent", flush=True)
            return 1
    print(f"done after {passes} passes, {sent} sent", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
