"""Saving the beheerder's mail texts, and previewing them with a real initiative.

The preview fills the text the same way the mails do (mail.texts), with values
taken from a real initiative, so what the beheerder sees is what residents get.
Values the initiative does not have yet (a stop reason, say) get a marked example.
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select

from ..extensions import db
from ..mail import texts
from ..models import Event, EventKind, Initiative, MailText, User
from ..rendering import format_day, format_weekday
from ..urls import external_url
from . import audit
from .configuration import Refused
from .planning import load_calendar, today_local
from .timeline import build_timeline


@dataclass
class Preview:
    initiative: Initiative
    subject: str
    text: str
    html: Markup


def customised_kinds() -> set[str]:
    """Kinds whose text a beheerder changed (the others use the built-in text)."""
    return set(db.session.execute(select(MailText.kind)).scalars())


def check_mail_text(kind: str, subject: str, body: str) -> None:
    """Refuse an empty text or a placeholder this kind of mail cannot fill."""
    if not subject.strip():
        raise Refused(_l("Vul een onderwerp in."), "subject")
    if not body.strip():
        raise Refused(_l("Vul de tekst van de e-mail in."), "body")
    for field, template, in_subject in (("subject", subject, True), ("body", body, False)):
        unknown = texts.unknown_placeholders(kind, template, subject=in_subject)
        if unknown:
            raise Refused(
                _(
                    "Deze invulvelden kennen wij niet: %(unknown)s. U kunt deze gebruiken: "
                    "%(allowed)s.",
                    unknown=", ".join(unknown),
                    allowed=texts.allowed_list(kind, subject=in_subject),
                ),
                field,
            )


def save_mail_text(kind: str, subject: str, body: str, actor: User) -> MailText:
    """Store the beheerder's text for this kind; mails queued from now on use it."""
    texts.mail_kind(kind)
    check_mail_text(kind, subject, body)
    row = db.session.get(MailText, kind)
    if row is None:
        row = MailText(kind=kind)
        db.session.add(row)
    row.subject = " ".join(subject.split())
    row.body = body.replace("\r\n", "\n").strip() + "\n"
    row.updated_by_id = actor.id
    db.session.flush()
    return row


def reset_mail_text(kind: str) -> None:
    """Back to the built-in text: the saved row goes."""
    row = db.session.get(MailText, kind)
    if row is not None:
        db.session.delete(row)
        db.session.flush()


def preview_initiative(number: str | None) -> Initiative | None:
    """The initiative with this number, or the most recently submitted one."""
    query = select(Initiative)
    if number:
        query = query.where(Initiative.number == number.strip().upper())
    else:
        query = query.order_by(Initiative.submitted_at.desc(), Initiative.id.desc()).limit(1)
    return db.session.execute(query).scalar_one_or_none()


def _example(text: str) -> str:
    return _("%(text)s (voorbeeld)", text=text)


def _latest_update(initiative: Initiative) -> Event | None:
    return db.session.execute(
        select(Event)
        .where(Event.initiative_id == initiative.id, Event.kind == EventKind.UPDATE)
        .order_by(Event.created_at.desc(), Event.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def initiative_values(initiative: Initiative, now: datetime) -> dict[str, str]:
    """Every placeholder's value for this initiative, as the mails would fill them."""
    timeline = build_timeline(initiative, load_calendar(), today_local(now))
    visit = initiative.current_visit
    phase = visit.phase if visit else None
    update = _latest_update(initiative)
    pause_reason = timeline.open_pause.reason if timeline.open_pause else ""
    due = format_weekday(visit.due_on) if visit and visit.due_on else ""
    return {
        "naam": initiative.initiator.name,
        "titel": initiative.title,
        "nummer": initiative.number,
        "contactpersoon": initiative.contact.name if initiative.contact else "",
        "link": external_url("resident.status", number=initiative.number),
        "datum_ontvangen": format_day(initiative.submitted_at),
        "volgende_datum": format_weekday(timeline.next_date),
        "fase": phase.name if phase else "",
        "verwachte_datum": due,
        "nieuwe_datum": due,
        "verwachting": phase.expectation if phase else "",
        "wat_nodig": pause_reason or _example(_("Stuur ons een begroting.")),
        "reden": (visit.delay_reason if visit else "")
        or _example(_("Wij wachten op advies van een andere afdeling.")),
        "uitkomst": initiative.outcome or _example(_("afgewezen")),
        "bericht": update.body
        if update
        else _example(_("Hier komt het bericht van de medewerker.")),
        "afzender": (update.actor.name if update and update.actor else "")
        or (initiative.contact.name if initiative.contact else _example(_("Anna de Vries"))),
    }


def preview(
    kind: str,
    initiative: Initiative,
    *,
    actor: User,
    now: datetime,
    origin: str = "",
    subject: str | None = None,
    body: str | None = None,
) -> Preview:
    """The mail as this initiative's resident would get it; the look at their data is audited.

    subject and body preview unsaved text; None uses the stored (or built-in) text.
    """
    values = initiative_values(initiative, now)
    text, html = texts.render_body(kind, values, template=body)
    audit.record(actor=actor, action="view", initiative=initiative, now=now, origin=origin)
    return Preview(
        initiative=initiative,
        subject=texts.render_subject(kind, values, template=subject),
        text=text,
        html=html,
    )
