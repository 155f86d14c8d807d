"""queue_mail: one row per key, nothing left behind by a rollback."""

from datetime import UTC, datetime

from sqlalchemy import func, select

from initiatief.extensions import db
from initiatief.models import MailStatus, OutboxMail
from tests.factories import queue_test_mail


def queue(key="test:1", **overrides):
    return queue_test_mail(key, **overrides)


def count_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMail))


def test_same_key_queues_one_row(app):
    with app.app_context():
        first = queue(subject="Eerste")
        db.session.commit()
        second = queue(subject="Tweede")
        db.session.commit()

        assert second.id == first.id
        assert count_rows() == 1
        assert db.session.get(OutboxMail, first.id).subject == "Eerste"


def test_different_keys_get_their_own_message_id(app):
    with app.app_context():
        one = queue("test:1")
        two = queue("test:2")
        db.session.commit()

        assert count_rows() == 2
        assert one.message_id != two.message_id
        assert one.message_id.startswith("<") and one.message_id.endswith("@gemeente.example>")


def test_rolled_back_transaction_leaves_no_mail(app):
    with app.app_context():
        queue()
        assert count_rows() == 1  # flushed inside the transaction
        db.session.rollback()

        assert count_rows() == 0


def test_row_is_pending_with_headers_and_send_after(app):
    later = datetime(2030, 1, 2, 8, 0, tzinfo=UTC)
    with app.app_context():
        row = queue(send_after=later, headers={"Auto-Submitted": "auto-generated"})
        db.session.commit()
        row = db.session.get(OutboxMail, row.id)

        assert row.status == MailStatus.PENDING
        assert row.send_after == later
        assert row.headers == "Auto-Submitted: auto-generated"
        assert row.attempts == 0
