"""Mails caused by what staff do with an initiative, one composer per mail.

Each composer queues one outbox row in the caller's transaction, with a key
naming its cause. Resident mails use the beheerder's text of their kind
(composers.compose_resident), filled with the cause's own values: the message
just written, the reason just given. Staff mails have a notice_* template pair.
Resident free text (name, title, replies) never reaches a mail with its links.
"""

from datetime import UTC, datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..models import Event, Initiative, OutboxMail, Pause, PhaseVisit
from ..models.types import AMSTERDAM, local
from ..rendering import format_weekday
from ..signed_links import VERDICTS, evaluation_token
from . import editable_texts
from .composers import (
    compose_resident,
    render_pair,
    resident_locale,
    resident_url,
    staff_locale,
)
from .outbox import queue_mail
from .safety import without_links

# Mail to residents goes out between 08.00 and 20.00 Amsterdam time (DESIGN §4).
RESIDENT_HOURS = (8, 20)

# What was decided, per stop outcome (services.actions.OUTCOME_LABELS): {uitkomst}.
STOP_SENTENCES = {
    "ingetrokken": _l("U heeft ons laten weten dat u stopt. Wij hebben het daarom afgesloten."),
    "afgewezen": _l(
        "De gemeente heeft besloten uw initiatief niet te steunen. "
        "Wij hebben het daarom afgesloten."
    ),
    "samengevoegd": _l(
        "Wij hebben uw initiatief samengevoegd met een ander initiatief. "
        "Dit nummer gebruiken wij daarom niet meer."
    ),
    "anders": _l("Wij zijn gestopt met uw initiatief."),
}


def resident_send_after(now: datetime) -> datetime:
    """now, or the next 08.00 Amsterdam time (as UTC) when now is in the evening or night."""
    moment = local(now)
    first, last = RESIDENT_HOURS
    if first <= moment.hour < last:
        return now
    day = moment.date() if moment.hour < first else moment.date() + timedelta(days=1)
    return datetime.combine(day, time(first), tzinfo=AMSTERDAM).astimezone(UTC)


def queue_resident_mail(
    initiative: Initiative,
    *,
    key: str,
    kind: str,
    now: datetime,
    urgent: bool | None = None,
    **values: object,
) -> OutboxMail | None:
    """Queue the resident mail of this kind; skipped after anonymising, or on opt-out.

    kind is both the text kind (editable_texts.KINDS) and the outbox kind. values are the
    cause's own raw values (dates as dates, lazy texts untranslated: the mail is
    in the resident's language, composers.resident_locale); the frame (what
    happens next, the expected date, the contact person) comes from the same
    timeline as the status page. A kind that asks the resident to act or answer
    is always urgent: never held or combined.
    """
    resident = initiative.initiator
    if resident is None or resident.anonymised_at is not None or not resident.email:
        return None  # a resident without e-mail hears from us by phone or letter
    if resident.mail_opt_out and not editable_texts.mail_kind(kind).essential:
        return None
    spec = editable_texts.mail_kind(kind)
    mail = compose_resident(kind, initiative, now, values)
    if spec.asks_action:
        urgent = True  # a question stands on its own (mail.combine), whatever the caller asked
    return queue_mail(
        key=key,
        kind=kind,
        to=resident.email,
        subject=mail.subject,
        text=mail.text,
        html=mail.html,
        initiative=initiative,
        send_after=resident_send_after(now),
        headers=mail.headers,
        # Essential mails go on their own; news may wait and be combined (throttle).
        urgent=spec.essential if urgent is None else urgent,
    )


def queue_contact_proposed(initiative: Initiative, event: Event, now: datetime) -> None:
    """'Contactpersoon voorgesteld': who helps the resident from now on (essential)."""
    queue_resident_mail(
        initiative,
        key=f"assigned:{event.id}:resident",
        kind="contactpersoon_voorgesteld",
        now=now,
        contactpersoon=initiative.contact.name,
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
        kind="nieuwe_contactpersoon",
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
        queue_resident_mail(
            initiative,
            key=f"finished:{event.id}:resident",
            kind="afgerond",
            now=now,
            bericht=message,
        )
        return
    queue_resident_mail(
        initiative,
        key=f"phase-entered:{visit.id}:resident",
        kind="nieuwe_fase",
        now=now,
        fase=visit.phase.name,
        verwachte_datum=visit.due_on,
        verwachting=visit.phase.expectation,
        bericht=message,
    )


def queue_stop_notice(
    initiative: Initiative, event: Event, outcome: str, message: str, now: datetime
) -> None:
    """What was decided and why, when an initiative stops (essential).

    The reason just given is in initiative.outcome; outcome is the key of
    services.actions.OUTCOME_LABELS, said to the resident as STOP_SENTENCES has it.
    """
    queue_resident_mail(
        initiative,
        key=f"stopped:{event.id}:resident",
        kind="gestopt",
        now=now,
        uitkomst=STOP_SENTENCES.get(outcome, STOP_SENTENCES["anders"]),
        reden=initiative.outcome or "",
        bericht=message,
    )


def queue_action_requested(initiative: Initiative, pause: Pause, now: datetime) -> None:
    """'Actie gevraagd': we wait for the resident; the pause reason says what to do.

    Essential, so it ignores the opt-out. The reminder after N days is the
    scheduler's; its key can build on this one (action-requested:<pause id>:...).
    """
    queue_resident_mail(
        initiative,
        key=f"action-requested:{pause.id}:resident",
        kind="actie_gevraagd",
        now=now,
        wat_nodig=pause.reason,
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
    """The expected date moved: after a pause ('weer verder') or an extension with a reason."""
    queue_resident_mail(
        initiative,
        key=f"{'resumed' if resumed else 'replanned'}:{event.id}:resident",
        kind="weer_verder" if resumed else "termijn_verlengd",
        now=now,
        fase=visit.phase.name,
        nieuwe_datum=visit.due_on,
        reden=reason,
    )


def queue_update_notice(initiative: Initiative, event: Event, now: datetime) -> None:
    """'Nieuw bericht': a public update from staff (non-essential: opt-out respected)."""
    queue_resident_mail(
        initiative,
        key=f"update:{event.id}:resident",
        kind="nieuw_bericht",
        now=now,
        afzender=event.actor.name if event.actor else "",
        bericht=event.body,
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
    with staff_locale():  # the resident may write from an English page
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


def queue_evaluation_request(
    initiative: Initiative, now: datetime, reminder: bool = False
) -> OutboxMail | None:
    """Ask the resident how it went, with one-click answers; once, and one reminder.

    The links choose an answer on a page with a button; opening them records nothing.
    """
    token = evaluation_token(initiative)
    with resident_locale(initiative):  # the answer page opens in the mail's language
        links = {
            f"link_{verdict}": resident_url("evaluation.answer", token=token, antwoord=verdict)
            for verdict in VERDICTS
        }
    return queue_resident_mail(
        initiative,
        key=f"evaluation{'-reminder' if reminder else ''}:{initiative.id}",
        kind="herinnering_evaluatie" if reminder else "evaluatieverzoek",
        now=now,
        **links,
    )
