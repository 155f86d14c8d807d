"""Saving the beheerder's mail texts, and previewing them with a real initiative.

The preview is made by the composer of the real mails (mail.composers), frame
and all, with values taken from a real initiative, so what the beheerder sees
is what residents get. Values the initiative does not have yet (a stop reason,
say) get a marked example; real mails never do.
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select

from ...dates.planning import load_calendar, today_local
from ...dates.timeline import build_timeline
from ...extensions import db
from ...mail import composers, editable_texts, notices
from ...mail.safety import header_text
from ...models import Event, EventKind, Initiative, MailText, Status, User
from ...signed_links import VERDICTS
from .. import audit
from ..errors import DomainError

# Not a signed token, so the evaluation page treats the preview's links as invalid.
PREVIEW_TOKEN = "voorbeeld"  # noqa: S105 (a placeholder, not a secret)


@dataclass
class Preview:
    initiative: Initiative
    subject: str
    text: str
    html: Markup


def customised_kinds(language: str = editable_texts.SOURCE_LANGUAGE) -> set[str]:
    """Kinds whose text in this language a beheerder changed (the others use the built-in)."""
    return set(db.session.scalars(select(MailText.kind).where(MailText.language == language)))


def check_mail_text(kind: str, subject: str, body: str) -> None:
    """Refuse an empty text or a placeholder this kind of mail cannot fill."""
    if not subject.strip():
        raise DomainError(_l("Vul een onderwerp in."), "subject")
    if not body.strip():
        raise DomainError(_l("Vul de tekst van de e-mail in."), "body")
    for field, template, in_subject in (("subject", subject, True), ("body", body, False)):
        unknown = editable_texts.unknown_placeholders(kind, template, subject=in_subject)
        if unknown:
            raise DomainError(
                _(
                    "Deze invulvelden kennen wij niet: %(unknown)s. U kunt deze gebruiken: "
                    "%(allowed)s.",
                    unknown=", ".join(unknown),
                    allowed=editable_texts.allowed_list(kind, subject=in_subject),
                ),
                field,
            )


def save_mail_text(
    kind: str, subject: str, body: str, actor: User, language: str = editable_texts.SOURCE_LANGUAGE
) -> MailText:
    """Store the beheerder's text for this kind in this language; new mails use it.

    Each language is saved on its own: residents of the other language keep
    getting their own text.
    """
    editable_texts.mail_kind(kind)
    check_mail_text(kind, subject, body)
    row = db.session.get(MailText, (kind, language))
    if row is None:
        row = MailText(kind=kind, language=language)
        db.session.add(row)
    row.subject = header_text(subject)
    row.body = body.replace("\r\n", "\n").strip() + "\n"
    row.updated_by_id = actor.id
    db.session.flush()
    return row


def reset_mail_text(kind: str, language: str = editable_texts.SOURCE_LANGUAGE) -> None:
    """Back to the built-in text of this language: the saved row goes."""
    row = db.session.get(MailText, (kind, language))
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


def _latest(initiative: Initiative, kind: EventKind) -> Event | None:
    return db.session.execute(
        select(Event)
        .where(Event.initiative_id == initiative.id, Event.kind == kind)
        .order_by(Event.created_at.desc(), Event.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def _stop_values(initiative: Initiative) -> dict[str, str]:
    """{uitkomst} and {reden} of a stopped initiative, as its stop mail had them."""
    if initiative.status != Status.STOPPED:
        return {}
    stop = _latest(initiative, EventKind.PHASE_CHANGED)
    outcome = (stop.data or {}).get("outcome") if stop else None
    values = {"reden": initiative.outcome or ""}
    if outcome in notices.STOP_SENTENCES:
        values["uitkomst"] = str(notices.STOP_SENTENCES[outcome])
    return values


def initiative_values(kind: str, initiative: Initiative, now: datetime) -> dict[str, str]:
    """Every placeholder's value for a preview of this kind on this initiative.

    What the initiative has comes from it, as the mails fill it; what a cause
    would bring (a message, a reason) is taken from its latest such event, or
    else a marked example. Only previews use this: a real mail never shows examples.
    """
    timeline = build_timeline(initiative, load_calendar(), today_local(now))
    values = composers.resident_values(initiative, timeline)
    visit = initiative.current_visit
    update = _latest(initiative, EventKind.UPDATE)
    cause = {
        "nieuwe_datum": values["verwachte_datum"],
        "wat_nodig": timeline.open_pause.reason if timeline.open_pause else "",
        "reden": visit.delay_reason if visit else "",
        "bericht": update.body if update else "",
        "afzender": update.actor.name if update and update.actor else "",
    }
    if kind == "gestopt":  # its {reden} is why it stopped, not why a phase took longer
        cause["reden"] = ""
        cause.update(_stop_values(initiative))
    examples = {
        "wat_nodig": _("Stuur ons een begroting."),
        "reden": _("Wij wachten op advies van een andere afdeling."),
        "uitkomst": str(notices.STOP_SENTENCES["afgewezen"]),
        "bericht": _("Hier komt het bericht van de medewerker."),
        "afzender": values["contactpersoon"] or _("Anna de Vries"),
    }
    for name, example in examples.items():
        if not cause.get(name):
            cause[name] = _example(example)
    return values | cause | example_answer_links()


def example_answer_links() -> dict[str, str]:
    """{link_tevreden} and the others as the mails have them, on an example token.

    The real token would let whoever clicks in the preview answer for the
    resident (or confirm their new address); this one is refused by the page
    behind it, but the link looks the same.
    """
    return {
        f"link_{verdict}": composers.resident_url(
            "evaluation.answer", token=PREVIEW_TOKEN, antwoord=verdict
        )
        for verdict in VERDICTS
    } | {
        "link_bevestigen": composers.resident_url(
            "resident_details.confirm_email", token=PREVIEW_TOKEN
        )
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
    fragment: bool = True,
    language: str = editable_texts.SOURCE_LANGUAGE,
) -> Preview:
    """The whole mail as this initiative's resident would get it, frame and all.

    Made by the same composer as the real mails, with example values where the
    initiative has none. subject and body preview unsaved text; None uses the
    stored (or built-in) text. fragment=False gives the HTML as the whole
    document the resident gets (the preview frame). language is the text's
    language, whatever the resident's own: examples and dates follow it. The
    look at the resident's data is audited.
    """
    with composers.resident_locale(initiative, language):
        values = initiative_values(kind, initiative, now)
    mail = composers.compose_resident(
        kind,
        initiative,
        now,
        values,
        subject=subject,
        body=body,
        fragment=fragment,
        language=language,
    )
    audit.record(actor=actor, action="view", initiative=initiative, now=now, origin=origin)
    return Preview(initiative=initiative, subject=mail.subject, text=mail.text, html=mail.html)
