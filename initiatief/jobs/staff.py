"""Scheduled mails to staff about one initiative: waarschuwing termijn and escalatie."""

from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from ..dates.planning import WorkCalendar, load_calendar, today_local
from ..extensions import db
from ..mail.outbox import any_queued
from ..mail.staff_mails import (
    active_staff,
    queue_for_coordinators,
    queue_staff,
    safe_title,
    staff_link,
)
from ..models import (
    NEVER,
    CallbackRequest,
    Initiative,
    NormUnit,
    PhaseVisit,
    Role,
    User,
    is_due,
    start_of,
)
from ..models.types import local
from ..rendering import format_day, format_moment, format_weekday
from .common import NextLooks, due_visits, first_day_within, is_running

# The contact person is warned this many working days before a due date.
WARN_WORKING_DAYS = 3
# A visit is escalated when it took longer than this many times its norm.
ESCALATE_FACTOR = 2
# We promise residents a call back within this many working days.
CALLBACK_WORKING_DAYS = 2


def send_due_warnings(now: datetime) -> int:
    """Warn the contact person WARN_WORKING_DAYS working days before a due date, and on it.

    Two keys per visit and due date (warn:<visit>:<date>:before and :day), so
    each warning goes once per date and a date moved by an extension or a pause
    re-arms both. Amsterdam dates; active initiatives with an active contact
    person only. No 'before' warning for a phase that is shorter than the
    warning period (it would come on the day the phase starts). The 'day'
    warning also comes the working day after, if the job missed the day itself.
    Reads only the visits whose next_warning_at has come and stores the next
    (the start of the warning period, the due date, or never: a change of date,
    status or contact person resets it). Commits once; returns mails queued.
    """
    today = today_local(now)
    calendar = load_calendar()
    queued = 0
    looks = NextLooks(PhaseVisit, "next_warning_at")
    for initiative, visit in due_visits("next_warning_at", now):
        contact = initiative.contact
        due = visit.due_on
        looks.store(visit, NEVER)
        if not is_running(initiative) or due is None or contact is None or not contact.active:
            continue
        if today < due:
            entered = local(visit.entered_at).date()
            looks.store(visit, start_of(due))
            if calendar.working_days_between(today, due) > WARN_WORKING_DAYS:
                looks.store(visit, start_of(first_day_within(calendar, due, WARN_WORKING_DAYS)))
                continue
            if calendar.working_days_between(entered, due) <= WARN_WORKING_DAYS:
                continue
            stage = "before"
            subject = _("Termijn van %(number)s loopt bijna af", number=initiative.number)
        elif calendar.working_days_between(due, today) <= 1:
            stage = "day"
            subject = (
                _("Termijn van %(number)s loopt vandaag af", number=initiative.number)
                if today == due
                else _("Termijn van %(number)s is verlopen", number=initiative.number)
            )
        else:
            continue
        queued += queue_staff(
            "staff_due_warning",
            contact,
            key=f"warn:{visit.id}:{due.isoformat()}:{stage}",
            kind="waarschuwing_termijn",
            subject=subject,
            now=now,
            initiative=initiative,
            stage=stage,
            today=today == due,
            number=initiative.number,
            title=safe_title(initiative),
            phase_name=visit.phase.name,
            due=format_weekday(due),
            link=staff_link(initiative.number),
        )
    looks.write()
    db.session.commit()
    return queued


def first_escalation_day(calendar: WorkCalendar, visit: PhaseVisit) -> date:
    """The first Amsterdam date on which visit has spent more than ESCALATE_FACTOR norms."""
    entered = local(visit.entered_at).date()
    allowed = ESCALATE_FACTOR * visit.phase.norm_days + (visit.paused_working_days or 0)
    if visit.phase.norm_unit == NormUnit.CALENDAR_DAYS:
        return entered + timedelta(days=allowed + 1)
    return calendar.add_working_days(entered, allowed + 1)


def send_escalations(now: datetime) -> int:
    """Escalatie to every active coördinator: a visit past twice its norm, or a call-back
    not handled within CALLBACK_WORKING_DAYS working days.

    Time spent in a visit is counted in the norm's unit on Amsterdam dates, minus
    the paused working days (for a norm in calendar days that subtracts slightly
    too little, so it escalates a little early rather than late). Paused
    initiatives and phases without a norm are not escalated. Once per visit and
    per call-back, to the coördinatoren active at that moment (keys
    escalate:<visit>:<user> and callback-escalate:<call>:<user>). Reads only the
    visits and open call-backs whose next_escalation_at has come, and stores the
    first day they could escalate (or never, once escalated). Commits once;
    returns mails queued.
    """
    coordinators = active_staff(Role.COORDINATOR)
    if not coordinators:
        return 0
    today = today_local(now)
    calendar = load_calendar()
    queued = 0
    looks = NextLooks(PhaseVisit, "next_escalation_at")
    calls_looks = NextLooks(CallbackRequest, "next_escalation_at")
    for initiative, visit in due_visits("next_escalation_at", now):
        norm = visit.phase.norm_days
        looks.store(visit, NEVER)
        if not is_running(initiative) or norm is None:
            continue
        entered = local(visit.entered_at).date()
        if visit.phase.norm_unit == NormUnit.CALENDAR_DAYS:
            spent = (today - entered).days
            unit = _("kalenderdagen")
        else:
            spent = calendar.working_days_between(entered, today)
            unit = _("werkdagen")
        spent -= visit.paused_working_days or 0
        if spent <= ESCALATE_FACTOR * norm:
            looks.store(visit, start_of(first_escalation_day(calendar, visit)))
            continue
        # The key last: a query per visit, where most visits are within their norm.
        if any_queued(f"escalate:{visit.id}:"):
            continue
        queued += _escalate(
            coordinators,
            initiative,
            key=f"escalate:{visit.id}",
            subject=_("Escalatie: %(number)s duurt te lang", number=initiative.number),
            now=now,
            reason="norm",
            phase_name=visit.phase.name,
            entered=format_day(visit.entered_at),
            spent=spent,
            norm=norm,
            unit=unit,
        )
    calls = db.session.scalars(
        select(CallbackRequest)
        .where(
            CallbackRequest.handled_at.is_(None),
            is_due(CallbackRequest.next_escalation_at, now),
        )
        .order_by(CallbackRequest.id)
    )
    for call in calls:
        asked = local(call.created_at).date()
        calls_looks.store(call, NEVER)
        if calendar.working_days_between(asked, today) <= CALLBACK_WORKING_DAYS:
            first = calendar.add_working_days(asked, CALLBACK_WORKING_DAYS + 1)
            calls_looks.store(call, start_of(first))
            continue
        if any_queued(f"callback-escalate:{call.id}:"):
            continue
        initiative = call.initiative
        queued += _escalate(
            coordinators,
            initiative,
            key=f"callback-escalate:{call.id}",
            subject=_("Escalatie: terugbelverzoek voor %(number)s", number=initiative.number),
            now=now,
            reason="callback",
            asked=format_moment(call.created_at),
            days=CALLBACK_WORKING_DAYS,
        )
    looks.write()
    calls_looks.write()
    db.session.commit()
    return queued


def _escalate(
    coordinators: list[User],
    initiative: Initiative,
    *,
    key: str,
    subject: str,
    now: datetime,
    **context,
) -> int:
    """One escalation mail to every coördinator, keyed <key>:<user id>; returns how many."""
    return queue_for_coordinators(
        "staff_escalation",
        coordinators,
        initiative,
        key=key,
        kind="escalatie",
        subject=subject,
        now=now,
        **context,
    )
