"""One reminder to residents who did not answer the evaluation mail."""

from datetime import datetime

from sqlalchemy import select

from ..dates.planning import load_calendar, today_local
from ..extensions import db
from ..mail.notices import queue_evaluation_request
from ..models import Feedback, Initiative, MailStatus, OutboxMail, start_of
from ..models.types import local
from .common import first_day_within

REMINDER_AFTER_WORKING_DAYS = 10


def send_evaluation_reminders(now: datetime) -> int:
    """Remind once when the evaluation request went out over 10 working days ago, unanswered.

    Working days on Amsterdam dates. The reminder's key (evaluation-reminder:<id>)
    makes a second run queue nothing. Commits once; returns mails queued.
    """
    today = today_local(now)
    calendar = load_calendar()
    # Only requests old enough: a quiet pass reads what is due, not every request.
    old_enough = start_of(first_day_within(calendar, today, REMINDER_AFTER_WORKING_DAYS))
    answered = select(Feedback.initiative_id)
    reminded = select(OutboxMail.initiative_id).where(OutboxMail.kind == "herinnering_evaluatie")
    requests = db.session.execute(
        select(OutboxMail.sent_at, Initiative)
        .join(Initiative, Initiative.id == OutboxMail.initiative_id)
        .where(
            OutboxMail.kind == "evaluatieverzoek",
            OutboxMail.status == MailStatus.SENT,
            OutboxMail.sent_at < old_enough,
            Initiative.id.not_in(answered),
            Initiative.id.not_in(reminded),
        )
    ).all()
    queued = 0
    for sent_at, initiative in requests:
        asked = local(sent_at).date()
        if calendar.working_days_between(asked, today) <= REMINDER_AFTER_WORKING_DAYS:
            continue
        queued += queue_evaluation_request(initiative, now, reminder=True) is not None
    db.session.commit()
    return queued
