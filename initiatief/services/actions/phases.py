"""Triage and phase moves: accepting an initiative into a journey, and moving it on."""

from datetime import date, datetime

from flask_babel import gettext as _

from ...dates.planning import WorkCalendar, load_calendar, today_local
from ...extensions import db
from ...mail import notices
from ...models import Event, EventKind, Initiative, Journey, PhaseVisit, Status, Team, User
from .. import data_requests
from ..errors import DomainError
from ..outdated_mail import withdraw_outdated_mail
from ..visit_outcomes import count_outcomes
from ..visits import enter_phase
from .guards import (
    MESSAGE_MAX,
    check_version,
    clean_text,
    converts_conflicts,
    record,
    require_open,
    require_visit,
    require_working_day,
    touch,
)


@converts_conflicts
def triage(
    initiative: Initiative,
    *,
    journey: Journey,
    team: Team,
    contact: User,
    actor: User,
    now: datetime,
    expected_version: int,
) -> Event:
    """Choose the journey and confirm or change team and contact person (coördinator).

    Another journey is only possible in the first phase; the initiative then
    restarts in the new journey's first phase. A new contact person is introduced
    to the resident and told the initiative is theirs now.
    """
    check_version(initiative, expected_version)
    require_open(initiative)
    if team is None:
        raise DomainError(_("Kies een team."), "team")
    if contact is None:
        raise DomainError(_("Kies een contactpersoon."), "contact")
    if not contact.active:
        raise DomainError(
            _("%(name)s kan geen contactpersoon zijn: het account staat uit.", name=contact.name),
            "contact",
        )
    restarted = None
    if journey.id != initiative.journey_id:
        restarted = _restart_in(initiative, journey, now, load_calendar())
    previous_contact_id = initiative.contact_id
    initiative.team = team
    initiative.contact = contact
    touch(initiative)
    withdraw_outdated_mail(initiative, "andere contactpersoon")
    event = record(
        initiative,
        EventKind.ASSIGNED,
        now,
        actor,
        data={
            "team_id": team.id,
            "contact_id": contact.id,
            "journey_id": journey.id,
            "provisional": False,
            "previous_contact_id": previous_contact_id,
            "restarted_visit_id": restarted.id if restarted else None,
        },
    )
    if contact.id != previous_contact_id:
        notices.queue_contact_proposed(initiative, event, now)
        notices.queue_new_contact_notice(initiative, event, now)
    return event


def _restart_in(
    initiative: Initiative, journey: Journey, now: datetime, calendar: WorkCalendar
) -> PhaseVisit:
    visit = require_visit(initiative)
    if visit.phase_id != initiative.journey.phases[0].id:
        raise DomainError(_("Een andere klantreis kiezen kan alleen in de eerste fase."), "journey")
    if initiative.status == Status.PAUSED:
        raise DomainError(
            _("Het initiatief staat stil. Hervat het eerst; kies daarna de klantreis."),
            "journey",
        )
    if not journey.phases:
        raise DomainError(_("Deze klantreis heeft nog geen fases."), "journey")
    visit.left_at = now
    initiative.journey = journey
    first = journey.phases[0]
    restarted = enter_phase(initiative, first, now, calendar)
    # The resident's clock started when they came in, not when we chose another journey.
    due = calendar.due_date_from(visit.entered_at, first.norm_days, first.norm_unit)
    if due is not None and visit.paused_working_days:
        due = calendar.add_working_days(due, visit.paused_working_days)
    restarted.due_on = restarted.promised_on = due
    count_outcomes([visit])  # with the team and contact it had until now
    return restarted


@converts_conflicts
def advance(
    initiative: Initiative,
    *,
    actor: User,
    now: datetime,
    expected_version: int,
    message: str = "",
    skip: bool = False,
    due_on: date | None = None,
) -> Event:
    """Leave the current phase for the next one; after the last phase, finish.

    skip=True passes over the next phase (recorded as a skipped visit). due_on
    (Amsterdam date) is for a phase whose norm is set per initiative, such as
    Uitvoering. The optional message (Markdown, for the resident) goes in the
    event and the mail; with a message the mail goes even when the phase is set
    not to mail on entering (the resident's opt-out still holds).
    """
    check_version(initiative, expected_version)
    require_open(initiative)
    if initiative.status == Status.PAUSED:
        raise DomainError(_("Het initiatief staat stil. Hervat het eerst."))
    visit = require_visit(initiative)
    message = clean_text(message, "message", MESSAGE_MAX)
    phases = initiative.journey.phases
    position = next((i for i, p in enumerate(phases) if p.id == visit.phase_id), None)
    if position is None:
        raise DomainError(_("Deze fase hoort niet bij de klantreis van het initiatief."))
    following = phases[position + 1 :]
    skipped = []
    if skip:
        if not following:
            raise DomainError(_("Er is geen volgende fase om over te slaan."), "skip")
        skipped.append(following.pop(0))
    target = following[0] if following else None
    calendar = load_calendar()
    if due_on is not None:
        if target is None or target.norm_days is not None:
            raise DomainError(
                _("Een datum kiest u alleen voor een fase zonder vaste termijn."), "due_on"
            )
        if due_on <= today_local(now):
            raise DomainError(_("Kies een datum na vandaag."), "due_on")
        require_working_day(due_on, calendar, "due_on")

    visit.left_at = now
    for phase in skipped:
        db.session.add(
            PhaseVisit(
                initiative=initiative, phase=phase, entered_at=now, left_at=now, skipped=True
            )
        )
    entered = None
    if target is None:
        initiative.status = Status.FINISHED
        initiative.closed_at = now
    else:
        entered = enter_phase(initiative, target, now, calendar)
        if due_on is not None:
            entered.due_on = entered.promised_on = due_on
    touch(initiative)
    count_outcomes([visit])
    withdraw_outdated_mail(initiative, "volgende fase")
    data = {
        "from_phase_id": visit.phase_id,
        "to_phase_id": target.id if target else None,
        "visit_id": entered.id if entered else None,
        "skipped_phase_ids": [p.id for p in skipped],
        "message": bool(message),
    }
    if target is None:
        data["status"] = Status.FINISHED.value
    event = record(
        initiative, EventKind.PHASE_CHANGED, now, actor, data, body=message, public=bool(message)
    )
    if target is None or target.mail_on_enter or message:
        notices.queue_phase_notice(initiative, event, entered, message, now)
    if target is None or target is phases[-1]:
        notices.queue_evaluation_request(initiative, now)  # once per initiative (its key)
    if target is None:
        data_requests.after_closing(initiative, now)  # the resident asked to be removed
    return event
