"""'Bel mij terug': a resident asks their contact person to call."""

from datetime import datetime

from ..extensions import db
from ..mail.composers import queue_callback_notice
from ..models import CallbackRequest, Event, EventKind, Initiative


def request_callback(
    initiative: Initiative, phone: str, moment: str, now: datetime
) -> CallbackRequest:
    """Store the request, note it in the history, and tell the contact person."""
    callback = CallbackRequest(
        initiative=initiative, phone=phone.strip(), preferred_moment=moment.strip(), created_at=now
    )
    db.session.add(callback)
    db.session.add(
        Event(initiative=initiative, kind=EventKind.CALLBACK_ASKED, created_at=now, data={})
    )
    db.session.flush()
    queue_callback_notice(callback, now)
    return callback
