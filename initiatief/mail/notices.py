"""Mails caused by what staff do with an initiative, one composer per mail (notice_* templates).

Each composer renders a plain-text and HTML pair and queues one outbox row in the
caller's transaction, with a key naming its cause. Resident free text (name,
title, replies) goes through without_links; staff text may carry links.
"""

from datetime import UTC, datetime, time, timedelta

from flask_babel import gettext as _

from ..models import Event, Initiative, OutboxMail, Pause, PhaseVisit, Status
from ..rendering import AMSTERDAM, format_weekday, local, render_markdown
from ..services.planning import load_calendar, today_local
from ..services.timeline import build_timeline
from ..urls import external_url
from .composers import contact_context, render_pair
from .outbox import queue_mail
from .safety import without_links

# Mail to residents goes out between 08.00 and 20.00 Amsterdam time (DESIGN §4).
RESIDENT_HOURS = (8, 20)


def resident_send_after(now: datetime) -> datetime:
    """now, or the next 08.00 Amsterdam time (as UTC) when now is in the evening or night."""
    moment = local(now)
    first, last = RESIDENT_HOURS
    if first <= moment.hour < last:
        return now
    day = moment.date() if moment.hour < first else moment.date() + timedelta(days=1)
    return datetime.combine(day, time(first), tzinfo=AMSTERDAM).astimezone(UTC)


def _to_resident(
    initiative: Initiative,
    *,
    key: str,
    kind: str,
    subject: str,
    template: str,
    now: datetime,
    essential: bool,
    **context,
) -> OutboxMail | None:
    """Queue notice_<template> to the resident; skipped after anonymising, or opt-out.

    Every resident mail says what (if anything) they must do, the next expected
    date and who their contact person is, from the same timeline as the status page.
    """
    resident = initiative.initiator
    if resident is None or resident.anonymised_at is not None:
        return None
    if resident.mail_opt_out and not essential:
        return None
    timeline = build_timeline(initiative, load_calendar(), today_local(now))
    values = {
        "subject": subject,
        "name": without_links(resident.name),
        "title": without_links(initiative.title),
        "number": initiative.number,
        "contact": contact_context(initiative.contact),
        "status_url": external_url("resident.status", number=initiative.number),
        "closed": initiative.is_closed,
        "paused": initiative.status == Status.PAUSED,
        "aan_zet": timeline.aan_zet.who,
        "task": timeline.aan_zet.task,
        "phase_name": timeline.current.phase.name if timeline.current else "",
        "next_date": format_weekday(timeline.next_date),
        # A passed due date is said plainly, never presented as still to come.
        "late": bool(timeline.current and timeline.current.late),
        "delay_reason": timeline.current.delay_reason if timeline.current else "",
        "optional": not essential,
        "show_date": True,
    }
    values.update(context)
    text, html = render_pair(f"notice_{template}", **values)
    return queue_mail(
        key=key,
        kind=kind,
        to=resident.email,
        subject=subject,
        text=text,
        html=html,
        initiative=initiative,
        send_after=resident_send_after(now),
    )


def _staff_message(message: str) -> dict:
    """Staff Markdown: rendered and sanitised for HTML, as typed for plain text."""
    return {"message_text": message, "message_html": render_markdown(message) if message else ""}


def queue_contact_proposed(initiative: Initiative, event: Event, now: datetime) -> None:
    """'Contactpersoon voorgesteld': who helps the resident from now on (essential)."""
    _to_resident(
        initiative,
        key=f"assigned:{event.id}:resident",
        kind="contactpersoon",
        subject=_("Uw contactpersoon voor initiatief %(number)s", number=initiative.number),
        template="contact_proposed",
        now=now,
        essential=True,
        contact_name=initiative.contact.name,
    )


def queue_new_contact_notice(initiative: Initiative, event: Event, now: datetime) -> None:
    """Tell the new contact person the initiative is theirs now; sent at once."""
    contact = initiative.contact
    visit = initiative.current_visit
    subject = _("U bent nu contactpersoon voor %(number)s", number=initiative.number)
    text, html = render_pair(
        "notice_new_contact",
        subject=subject,
        contact=contact,
        number=initiative.number,
        title=without_links(initiative.title),
        resident_name=without_links(initiative.initiator.name),
        phase_name=visit.phase.name if visit else "",
        due=format_weekday(visit.due_on) if visit else "",
    )
    queue_mail(
        key=f"assigned:{event.id}:contact",
        kind="nieuwe-contactpersoon",
        to=contact.email,
        subject=subject,
        text=text,
        html=html,
        initiative=initiative,
        send_after=now,
    )


def queue_phase_notice(
    initiative: Initiative, event: Event, visit: PhaseVisit | None, message: str, now: datetime
) -> None:
    """'Nieuwe fase', or 'afgerond' when visit is None (non-essential: opt-out respected)."""
    if visit is None:
        key = f"finished:{event.id}:resident"
        subject = _("Uw initiatief %(number)s is afgerond", number=initiative.number)
        expectation = ""
    else:
        key = f"phase-entered:{visit.id}:resident"
        subject = _(
            "Uw initiatief %(number)s is in een nieuwe fase: %(phase)s",
            number=initiative.number,
            phase=visit.phase.name,
        )
        expectation = visit.phase.expectation
    _to_resident(
        initiative,
        key=key,
        kind="afgerond" if visit is None else "nieuwe-fase",
        subject=subject,
        template="phase",
        now=now,
        essential=False,
        finished=visit is None,
        expectation_text=expectation,
        expectation_html=render_markdown(expectation) if expectation else "",
        **_staff_message(message),
    )


def queue_stop_notice(
    initiative: Initiative, event: Event, outcome: str, message: str, now: datetime
) -> None:
    """What was decided and why, when an initiative stops (essential)."""
    _to_resident(
        initiative,
        key=f"stopped:{event.id}:resident",
        kind="gestopt",
        subject=_("Uw initiatief %(number)s is gestopt", number=initiative.number),
        template="stopped",
        now=now,
        essential=True,
        outcome=outcome,
        reason=initiative.outcome or "",
        **_staff_message(message),
    )


def queue_action_requested(initiative: Initiative, pause: Pause, now: datetime) -> None:
    """'Actie gevraagd': we wait for the resident; the pause reason says what to do.

    Essential, so it ignores the opt-out. The reminder after N days is the
    scheduler's; its key can build on this one (action-requested:<pause id>:...).
    """
    _to_resident(
        initiative,
        key=f"action-requested:{pause.id}:resident",
        kind="actie-gevraagd",
        subject=_(
            "Wij hebben iets van u nodig voor initiatief %(number)s", number=initiative.number
        ),
        template="action",
        now=now,
        essential=True,
    )


def queue_replanned(
    initiative: Initiative,
    event: Event,
    visit: PhaseVisit,
    now: datetime,
    *,
    reason: str = "",
    resumed: bool = False,
) -> None:
    """The expected date moved: after a pause (resumed) or an extension with a reason."""
    if resumed:
        subject = _("Wij gaan verder met uw initiatief %(number)s", number=initiative.number)
    else:
        subject = _("Uw initiatief %(number)s duurt langer", number=initiative.number)
    _to_resident(
        initiative,
        key=f"{'resumed' if resumed else 'replanned'}:{event.id}:resident",
        kind="nieuwe-datum",
        subject=subject,
        template="replanned",
        now=now,
        essential=True,
        resumed=resumed,
        reason=reason,
        new_date=format_weekday(visit.due_on),
        show_date=False,  # the new date is the news; said once
    )


def queue_update_notice(initiative: Initiative, event: Event, now: datetime) -> None:
    """'Nieuw bericht': a public update from staff (non-essential: opt-out respected)."""
    _to_resident(
        initiative,
        key=f"update:{event.id}:resident",
        kind="nieuw-bericht",
        subject=_("Nieuw bericht over uw initiatief %(number)s", number=initiative.number),
        template="update",
        now=now,
        essential=False,
        author=event.actor.name if event.actor else "",
        **_staff_message(event.body),
    )


def queue_reply_notice(initiative: Initiative, event: Event, now: datetime) -> None:
    """The resident's reply to the contact person, or the team when there is none.

    Resident text, so without links. Sent at once: staff are not bound to the
    residents' mail hours. Nothing is queued when nobody has an address.
    """
    contact = initiative.contact if initiative.contact and initiative.contact.active else None
    team = initiative.team
    to = contact.email if contact else (team.email if team else None)
    if not to:
        return
    subject = _("Reactie van de initiatiefnemer op %(number)s", number=initiative.number)
    text, html = render_pair(
        "notice_reply",
        subject=subject,
        contact=contact,
        number=initiative.number,
        title=without_links(initiative.title),
        resident_name=without_links(initiative.initiator.name),
        reply=without_links(event.body),
    )
    queue_mail(
        key=f"reply:{event.id}:staff",
        kind="reactie",
        to=to,
        subject=subject,
        text=text,
        html=html,
        initiative=initiative,
        send_after=now,
    )
