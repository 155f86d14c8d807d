"""Scheduled mails to residents: stand van zaken, het duurt langer, the reminder of actie gevraagd.

They are queued with urgent=False (the dispatcher may hold them back and
combine them), except the reminder: a mail that asks the resident to act always
goes on its own (mail.combine). All go out between 08.00 and 20.00 Amsterdam time.
"""

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from ..dates.planning import load_calendar, today_local
from ..extensions import db
from ..mail.composers import resident_locale
from ..mail.outbox import KEY_CHUNK, queued_keys
from ..models import (
    NEVER,
    Event,
    Initiative,
    MailStatus,
    OutboxMail,
    Pause,
    PhaseVisit,
    Status,
    is_due,
    start_of,
)
from ..models.types import local
from ..rendering import format_day
from .common import NextLooks, due_visits, is_running, queue_resident

# 'Actie gevraagd' is repeated once when we still wait after this many working days.
REMINDER_AFTER_WORKING_DAYS = 10


def overdue_key(visit: PhaseVisit) -> str:
    """Per visit and due date, so a date moved by an extension or a pause re-arms it."""
    return f"overdue:{visit.id}:{visit.due_on.isoformat()}"


def last_news(initiative: Initiative, visit: PhaseVisit) -> datetime:
    """The latest moment the resident heard from us in this visit (aware UTC).

    Entering the phase, a public event (an update, a message with a phase move)
    or a mail to the resident's address that was not given up. A mail counts from
    its send_after: created_at is the wall clock, and send_after is when the
    resident could read it (after 08.00).
    """
    moments = [visit.entered_at]
    moments.append(
        db.session.scalar(
            select(func.max(Event.created_at)).where(
                Event.initiative_id == initiative.id, Event.public.is_(True)
            )
        )
    )
    if initiative.initiator is not None and initiative.initiator.email:
        moments.append(
            db.session.scalar(
                select(func.max(OutboxMail.send_after)).where(
                    OutboxMail.initiative_id == initiative.id,
                    OutboxMail.to_address == initiative.initiator.email,
                    OutboxMail.status.not_in([MailStatus.FAILED, MailStatus.CANCELLED]),
                )
            )
        )
    return max(moment for moment in moments if moment is not None)


class LastNews:
    """last_news for many initiatives at once: the latest public event per initiative and
    the latest mail per initiative and address, in a few grouped queries.

    An initiative that got a mail since (forget) falls back to last_news itself.
    """

    def __init__(self, initiative_ids: list[int]) -> None:
        self.events: dict[int, datetime] = {}
        self.mails: dict[tuple[int, str], datetime] = {}
        self.stale: set[int] = set()
        ids = sorted(set(initiative_ids))
        for start in range(0, len(ids), KEY_CHUNK):
            chunk = ids[start : start + KEY_CHUNK]
            events = (
                select(Event.initiative_id, func.max(Event.created_at))
                .where(Event.initiative_id.in_(chunk), Event.public.is_(True))
                .group_by(Event.initiative_id)
            )
            self.events.update(db.session.execute(events).tuples().all())
            mails = (
                select(
                    OutboxMail.initiative_id, OutboxMail.to_address, func.max(OutboxMail.send_after)
                )
                .where(
                    OutboxMail.initiative_id.in_(chunk),
                    OutboxMail.status.not_in([MailStatus.FAILED, MailStatus.CANCELLED]),
                )
                .group_by(OutboxMail.initiative_id, OutboxMail.to_address)
            )
            for initiative_id, address, moment in db.session.execute(mails).tuples():
                self.mails[(initiative_id, address)] = moment

    def forget(self, initiative: Initiative) -> None:
        self.stale.add(initiative.id)

    def __call__(self, initiative: Initiative, visit: PhaseVisit) -> datetime:
        if initiative.id in self.stale:
            return last_news(initiative, visit)
        moments = [visit.entered_at, self.events.get(initiative.id)]
        if initiative.initiator is not None and initiative.initiator.email:
            moments.append(self.mails.get((initiative.id, initiative.initiator.email)))
        return max(moment for moment in moments if moment is not None)


def send_checkins(now: datetime) -> int:
    """'Stand van zaken' when the resident heard nothing for the phase's checkin_after_days.

    Calendar days on Amsterdam dates, counted from the later of entering the
    phase and the last news (last_news). Only active, unpaused initiatives. At
    most one per N-day period of the visit (key checkin:<visit>:<period>). A
    visit past its due date first gets 'het duurt langer' (send_overdue_notices);
    check-ins resume after that. Non-essential: the opt-out is respected.
    Reads only the visits whose next_checkin_at has come and stores the next
    (the start of the next period, or the day the last news is old enough).
    Commits once; returns the number of mails queued.
    """
    today = today_local(now)
    queued = 0
    rows = due_visits("next_checkin_at", now, with_initiator=True)
    looks = NextLooks(PhaseVisit, "next_checkin_at")
    late = [overdue_key(v) for _, v in rows if v.due_on is not None and today > v.due_on]
    told_late = queued_keys(late)  # this job queues no overdue mails, so it stays true
    news = LastNews([initiative.id for initiative, _ in rows])
    for initiative, visit in rows:
        days = visit.phase.checkin_after_days
        # Not running, no check-ins in this phase, or late and not told yet (the
        # overdue job looks again when it tells): nothing until something changes.
        looks.store(visit, NEVER)
        if not is_running(initiative) or not days or days < 1:
            continue
        if (
            visit.due_on is not None
            and today > visit.due_on
            and overdue_key(visit) not in told_late
        ):
            continue
        entered = local(visit.entered_at).date()
        period = (today - entered).days // days
        heard = local(news(initiative, visit)).date()
        if period < 1 or heard > today - timedelta(days=days):
            looks.store(visit, start_of(max(entered, heard) + timedelta(days=days)))
            continue
        looks.store(visit, start_of(entered + timedelta(days=(period + 1) * days)))
        added = queue_resident(
            initiative,
            key=f"checkin:{visit.id}:{period}",
            kind="stand_van_zaken",
            now=now,
            fase=visit.phase.name,
        )
        if added:
            news.forget(initiative)
        queued += added
    looks.write()
    db.session.commit()
    return queued


def send_overdue_notices(now: datetime) -> int:
    """'Het duurt langer' once per due date, the day after it passed (Amsterdam date).

    Only active initiatives: while paused the date is not running. The reason is
    the one given with the last extension, else the text's fallback (the contact
    person will give a new date). Essential, like 'termijn verlengd': a broken
    promise is told also after the opt-out. Reads only the visits whose
    next_overdue_at has come: the day after the due date, or at once after a
    change (models.job_moments). Telling a visit late lets its check-ins resume
    (send_checkins stored never for a late visit not told yet): the first is due
    checkin_after_days after this news. Commits once; returns mails queued.
    """
    today = today_local(now)
    queued = 0
    late = []
    looks = NextLooks(PhaseVisit, "next_overdue_at")
    checkins = NextLooks(PhaseVisit, "next_checkin_at")
    for initiative, visit in due_visits("next_overdue_at", now, with_initiator=True):
        if not is_running(initiative) or visit.due_on is None:
            looks.store(visit, NEVER)
        elif today > visit.due_on:
            looks.store(visit, NEVER)  # once per due date; a new date resets it
            late.append((initiative, visit))
        else:
            looks.store(visit, start_of(visit.due_on + timedelta(days=1)))
    # Each visit has its own key, so what was queued before the loop is all that counts.
    told = queued_keys(overdue_key(visit) for _, visit in late)
    for initiative, visit in late:
        if overdue_key(visit) in told:
            continue
        added = queue_resident(
            initiative,
            key=overdue_key(visit),
            kind="het_duurt_langer",
            now=now,
            fase=visit.phase.name,
            reden=visit.delay_reason,
        )
        days = visit.phase.checkin_after_days
        if added and days and days > 0:
            # This mail is news from today on: no check-in before `days` after it.
            checkins.store(visit, start_of(today + timedelta(days=days)))
        queued += added
    looks.write()
    checkins.write()
    db.session.commit()
    return queued


def send_action_reminders(now: datetime) -> int:
    """One reminder of 'actie gevraagd' when a pause on the initiatiefnemer is still open
    after more than REMINDER_AFTER_WORKING_DAYS working days.

    Working days on Amsterdam dates, as the pause is counted (progress.end_pause).
    Essential: it ignores the opt-out. Key reminder:<pause id>, so a new pause
    can be reminded again. Reads only the running pauses whose next_reminder_at
    has come, and stores the day the reminder is due. Commits once; returns mails queued.
    """
    today = today_local(now)
    calendar = load_calendar()
    statement = (
        select(Pause)
        .join(PhaseVisit, Pause.visit_id == PhaseVisit.id)
        .join(Initiative, PhaseVisit.initiative_id == Initiative.id)
        .where(
            Pause.ended_on.is_(None),
            Pause.ended_at.is_(None),
            is_due(Pause.next_reminder_at, now),
        )
        .options(contains_eager(Pause.visit).contains_eager(PhaseVisit.initiative))
        .order_by(Pause.id)
    )
    queued = 0
    looks = NextLooks(Pause, "next_reminder_at")
    for pause in db.session.scalars(statement):
        initiative = pause.visit.initiative
        # Reminded once; or not (yet) waiting on the resident: nothing until that changes.
        looks.store(pause, NEVER)
        if pause.waiting_on != "initiatiefnemer" or initiative.status != Status.PAUSED:
            continue
        asked = local(pause.started_at).date()
        if calendar.working_days_between(asked, today) <= REMINDER_AFTER_WORKING_DAYS:
            first = calendar.add_working_days(asked, REMINDER_AFTER_WORKING_DAYS + 1)
            looks.store(pause, start_of(first))
            continue
        with resident_locale(initiative):  # "3 maart 2026" or "3 March 2026"
            asked_on = format_day(pause.started_at)
        queued += queue_resident(
            initiative,
            key=f"reminder:{pause.id}",
            kind="herinnering_actie",
            now=now,
            wat_nodig=pause.reason,
            datum_gevraagd=asked_on,
        )
    looks.write()
    db.session.commit()
    return queued
