"""Stopping the clock of an initiative: for a while (pause, resume), later (extend), or for good.

Same rules as every staff action (guards.py): check the version, one Event,
mails queued, add and flush only; the caller commits once.
"""

from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...dates.planning import load_calendar, today_local
from ...extensions import db
from ...mail import notices
from ...models import Event, EventKind, Initiative, Pause, Status, User
from ...rendering import format_day
from .. import data_requests
from ..errors import DomainError
from ..outdated_mail import withdraw_outdated_mail
from ..visit_outcomes import count_outcomes
from ..visits import end_pause, open_pause
from .guards import (
    MESSAGE_MAX,
    REASON_MAX,
    check_version,
    clean_text,
    converts_conflicts,
    record,
    require_open,
    require_visit,
    require_working_day,
    touch,
)

# Why an initiative stopped: the key is stored in the event, the label is for staff
# forms. Each key has its own sentence in the resident's mail (notices.STOP_SENTENCES).
OUTCOME_LABELS = {
    "ingetrokken": _l("Ingetrokken door de initiatiefnemer"),
    "afgewezen": _l("Afgewezen door de gemeente"),
    "samengevoegd": _l("Samengevoegd met een ander initiatief"),
    "anders": _l("Gestopt om een andere reden"),
}
# Who the clock waits for; the labels are for staff forms.
WAITING_ON_LABELS = {
    "initiatiefnemer": _l("De initiatiefnemer"),
    "derde": _l("Een ander (derde partij)"),
}


@converts_conflicts
def pause(
    initiative: Initiative,
    *,
    waiting_on: str,
    reason: str,
    actor: User,
    now: datetime,
    expected_version: int,
) -> Event:
    """Stop the clock of the current phase while we wait for the resident or a third party.

    Waiting on the resident queues 'actie gevraagd' with the reason as what they
    must do; that mail is essential and ignores the resident's opt-out.
    """
    check_version(initiative, expected_version)
    require_open(initiative)
    if initiative.status == Status.PAUSED:
        raise DomainError(_("Het initiatief staat al stil."))
    visit = require_visit(initiative)
    if waiting_on not in WAITING_ON_LABELS:
        raise DomainError(_("Kies op wie wij wachten."), "waiting_on")
    reason = clean_text(
        reason, "reason", MESSAGE_MAX, _("Vul in waarop wij wachten. De initiatiefnemer leest dit.")
    )
    waiting = Pause(visit=visit, started_at=now, waiting_on=waiting_on, reason=reason)
    db.session.add(waiting)
    initiative.status = Status.PAUSED
    touch(initiative)
    withdraw_outdated_mail(initiative, "pauze")
    db.session.flush()
    data = {"visit_id": visit.id, "pause_id": waiting.id, "waiting_on": waiting_on}
    event = record(initiative, EventKind.PAUSED, now, actor, data, body=reason)
    if waiting_on == "initiatiefnemer":
        notices.queue_action_requested(initiative, waiting, now)
    return event


@converts_conflicts
def resume(initiative: Initiative, *, actor: User, now: datetime, expected_version: int) -> Event:
    """Start the clock again; the due date moves by the paused working days.

    Working days are counted on Amsterdam dates (see progress.end_pause);
    promised_on keeps the first promise. The resident hears of the new date only
    when it moved.
    """
    check_version(initiative, expected_version)
    require_open(initiative)
    if initiative.status != Status.PAUSED:
        raise DomainError(_("Het initiatief staat niet stil."))
    visit = require_visit(initiative)
    previous_due = visit.due_on
    waiting = open_pause(visit)
    days = end_pause(waiting, now, load_calendar()) if waiting is not None else 0
    initiative.status = Status.ACTIVE
    touch(initiative)
    withdraw_outdated_mail(initiative, "hervat")
    data = {
        "visit_id": visit.id,
        "pause_id": waiting.id if waiting else None,
        "paused_working_days": days,
        "previous_due_on": _iso(previous_due),
        "due_on": _iso(visit.due_on),
    }
    event = record(initiative, EventKind.RESUMED, now, actor, data)
    if visit.due_on != previous_due:
        notices.queue_replanned(initiative, event, visit, now, resumed=True)
    return event


@converts_conflicts
def extend(
    initiative: Initiative,
    *,
    new_due: date,
    reason: str,
    actor: User,
    now: datetime,
    expected_version: int,
) -> Event:
    """Move the current phase's due date later, with a reason the resident reads.

    new_due is an Amsterdam date after today and after the current due date;
    promised_on keeps the first promise. The resident is told (essential mail).
    """
    check_version(initiative, expected_version)
    require_open(initiative)
    visit = require_visit(initiative)
    reason = clean_text(
        reason,
        "reason",
        MESSAGE_MAX,
        _("Vul in waarom het langer duurt. De initiatiefnemer leest dit."),
    )
    if new_due <= today_local(now):
        raise DomainError(_("Kies een datum na vandaag."), "new_due")
    require_working_day(new_due, load_calendar(), "new_due")
    previous_due = visit.due_on
    if previous_due is not None and new_due <= previous_due:
        raise DomainError(
            _(
                "Kies een datum na de huidige verwachte datum (%(date)s).",
                date=format_day(previous_due),
            ),
            "new_due",
        )
    visit.due_on = new_due
    visit.delay_reason = reason
    touch(initiative)
    withdraw_outdated_mail(initiative, "termijn verlengd")
    data = {"visit_id": visit.id, "old_due_on": _iso(previous_due), "new_due_on": _iso(new_due)}
    event = record(initiative, EventKind.REPLANNED, now, actor, data, body=reason)
    notices.queue_replanned(initiative, event, visit, now, reason=reason)
    return event


@converts_conflicts
def stop(
    initiative: Initiative,
    *,
    outcome: str,
    reason: str,
    actor: User,
    now: datetime,
    expected_version: int,
    message: str = "",
) -> Event:
    """End the initiative in any phase: withdrawn, declined, merged or otherwise.

    reason is shown to the resident as is (max 300 characters) and kept in
    initiative.outcome; the outcome key goes in the event. The mail is essential.
    """
    check_version(initiative, expected_version)
    require_open(initiative)
    if outcome not in OUTCOME_LABELS:
        raise DomainError(_("Kies waarom het initiatief stopt."), "outcome")
    reason = clean_text(
        reason, "reason", REASON_MAX, _("Vul de reden in. De initiatiefnemer leest deze reden.")
    )
    message = clean_text(message, "message", MESSAGE_MAX)
    visit = initiative.current_visit
    waiting = open_pause(visit)
    if waiting is not None:
        end_pause(waiting, now, load_calendar())
    if visit is not None:
        visit.left_at = now
    initiative.status = Status.STOPPED
    initiative.closed_at = now
    initiative.outcome = reason
    touch(initiative)
    count_outcomes([visit] if visit is not None else [])  # like every end (a stop counts none)
    withdraw_outdated_mail(initiative, "gestopt")
    data = {
        "from_phase_id": visit.phase_id if visit else None,
        "to_phase_id": None,
        "visit_id": None,
        "skipped_phase_ids": [],
        "status": Status.STOPPED.value,
        "outcome": outcome,
        "message": bool(message),
    }
    event = record(
        initiative, EventKind.PHASE_CHANGED, now, actor, data, body=message, public=bool(message)
    )
    notices.queue_stop_notice(initiative, event, outcome, message, now)
    notices.queue_evaluation_request(initiative, now)  # how did it go, even when it stopped
    data_requests.after_closing(initiative, now)  # the resident asked to be removed
    return event


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
