"""One composer per mail: builds the texts from templates and queues the outbox row.

Resident mails share one frame (templates/email/resident_message.*) around the
beheerder's editable text of their kind (mail.texts); the staff mails and the
login link have a template pair of their own. A resident mail is written in the
resident's language (Initiator.language): frame, text, dates and all
(resident_locale); the login link in the language of the page that asked for it.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from flask import current_app, render_template
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from ..dates.planning import WorkCalendar, load_calendar, today_local
from ..dates.timeline import Timeline, build_timeline
from ..models import CallbackRequest, EmailChange, Initiative, LoginToken, Status, User
from ..rendering import format_day, format_weekday
from ..signed_links import opt_out_token
from ..urls import external_url
from . import editable_texts
from .outbox import queue_mail
from .safety import without_links

# Mail clients ignore most style sheets: the Markdown body's blocks get inline styles.
BODY_STYLES = (
    (Markup("<h2>"), Markup('<h2 style="font-size:20px;margin:24px 0 8px 0;">')),
    (Markup("<h3>"), Markup('<h3 style="font-size:18px;margin:20px 0 8px 0;">')),
    (
        Markup("<blockquote>"),
        Markup('<blockquote style="border-left:4px solid #cccccc;margin:16px 0;padding:0 12px;">'),
    ),
)

# The evaluation mails' one-click answers: in the HTML part a button with a face, so
# the choice is visible at a glance; the text part keeps the plain words and links.
ANSWER_FACES = {
    "tevreden": "\N{SLIGHTLY SMILING FACE}",
    "neutraal": "\N{NEUTRAL FACE}",
    "ontevreden": "\N{SLIGHTLY FROWNING FACE}",
}
ANSWER_STYLE = (
    "display:inline-block;margin:4px 0;padding:10px 16px;border:2px solid #1a4f9c;"
    "color:#1a4f9c;font-weight:bold;text-decoration:none;"
)


@dataclass(frozen=True)
class ResidentMail:
    subject: str
    text: str
    html: Markup
    headers: dict[str, str] | None = None


def resident_language(initiative: Initiative) -> str:
    """The language the initiative's resident reads their mail in; Dutch when unknown."""
    initiator = initiative.initiator
    return (initiator.language if initiator is not None else None) or editable_texts.SOURCE_LANGUAGE


@contextmanager
def resident_locale(initiative: Initiative, language: str | None = None) -> Iterator[str]:
    """Inside: gettext, dates and templates speak the resident's language (or language).

    Works in a request (whatever the page's language) and in the scheduler's
    jobs, which have no request: flask_babel keeps the choice on the app context.
    """
    language = language or resident_language(initiative)
    with force_locale(language):
        yield language


@contextmanager
def staff_locale() -> Iterator[None]:
    """Inside: Dutch, for mails to staff, also when an English page caused them."""
    with force_locale(editable_texts.SOURCE_LANGUAGE):
        yield


def resident_url(endpoint: str, **values) -> str:
    """An absolute link for a resident mail, opening the page in the mail's language.

    In a mail that is not Dutch the link carries ?taal=, so the page it opens
    speaks the language of the mail (and remembers it), whatever the browser's
    own preference. Dutch links stay exactly as they were.
    """
    language = str(get_locale() or editable_texts.SOURCE_LANGUAGE)
    if language != editable_texts.SOURCE_LANGUAGE:
        values["taal"] = language
    return external_url(endpoint, **values)


def render_pair(template: str, /, **context) -> tuple[str, str]:
    """The plain-text and HTML part of templates/email/<name>.txt and .html."""
    context.setdefault("municipality", current_app.config["MUNICIPALITY_NAME"])
    context.setdefault("municipality_phone", current_app.config["MUNICIPALITY_PHONE"])
    return (
        render_template(f"email/{template}.txt", **context),
        render_template(f"email/{template}.html", **context),
    )


def contact_context(contact: User | None) -> dict | None:
    """The contact person's block, with an absolute photo link when there is a photo."""
    if contact is None:
        return None
    photo_url = external_url("public.staff_photo", user_id=contact.id) if contact.photo else None
    return {"user": contact, "photo_url": photo_url}


def resident_values(initiative: Initiative, timeline: Timeline) -> dict[str, str]:
    """The placeholders any resident mail can fill from the initiative as it stands.

    Raw values: editable_texts.render_* removes links from resident text and escapes
    Markdown, once. What a cause adds (a message, a reason) the caller adds.
    """
    step = timeline.current
    return {
        "naam": initiative.initiator.name,
        "titel": initiative.title,
        "nummer": initiative.number,
        "contactpersoon": initiative.contact.name if initiative.contact else "",
        "link": resident_url("resident.status", number=initiative.number),
        "datum_ontvangen": format_day(initiative.submitted_at),
        "volgende_datum": format_weekday(timeline.next_date),
        "fase": step.phase.name if step else "",
        "verwachte_datum": format_weekday(step.expected_on) if step else "",
        "verwachting": step.phase.expectation if step else "",
    }


def _frame(spec: editable_texts.MailKind, initiative: Initiative, timeline: Timeline) -> dict:
    """What the fixed part around the text says, from the same timeline as the status page."""
    step = timeline.current
    return {
        "contact": contact_context(initiative.contact),
        "status_url": (
            resident_url("resident.status", number=initiative.number) if spec.links_status else ""
        ),
        "optional": not spec.essential,
        "unsubscribe_url": unsubscribe_url(initiative) if not spec.essential else "",
        "show_next": not initiative.is_closed and not spec.tells_next,
        "show_date": not spec.tells_date,
        "paused": initiative.status == Status.PAUSED,
        "aan_zet": timeline.aan_zet.who,
        "task": timeline.aan_zet.task,
        "phase_name": step.phase.name if step else "",
        "next_date": format_weekday(timeline.next_date),
        # A passed due date is said plainly, never presented as still to come.
        "late": bool(step and step.late),
        "delay_reason": step.delay_reason if step else "",
    }


def _styled(html: Markup) -> Markup:
    for tag, styled in BODY_STYLES:
        html = html.replace(tag, styled)
    return html


def _answer_buttons(html: Markup, values: dict[str, str]) -> Markup:
    """Style the links to our own answer URLs (link_<answer>) as buttons with a face.

    Only links whose href is exactly the URL we built are touched, after nh3 has
    sanitised the body, so a beheerder's text cannot smuggle markup in this way.
    """
    for answer, face in ANSWER_FACES.items():
        url = values.get(f"link_{answer}")
        if not url:
            continue
        opening = re.compile(r'(<a href="' + re.escape(str(escape(url))) + r'"[^>]*)>')
        tail = Markup(' style="{}"><span aria-hidden="true">{}</span> ').format(ANSWER_STYLE, face)
        styled = opening.sub(lambda match, tail=str(tail): match.group(1) + tail, str(html))
        html = Markup(styled)  # noqa: S704 (sanitised body plus our own markup)
    return html


def compose_resident(
    kind: str,
    initiative: Initiative,
    now: datetime,
    values: dict | None = None,
    *,
    subject: str | None = None,
    body: str | None = None,
    fragment: bool = False,
    language: str | None = None,
    calendar: WorkCalendar | None = None,
) -> ResidentMail:
    """A resident mail of a kind in editable_texts.KINDS: its (editable) text in the fixed frame.

    values are the cause's own raw values (the message just written, the reason
    just given; a date as a date, a lazy text untranslated: both are said in
    the mail's language) over resident_values; a value nobody gives becomes the
    placeholder's fallback. subject and body override the stored text (the
    beheer preview of unsaved text); fragment leaves out the HTML document
    around the mail, for showing it inside a page. language overrides the
    resident's own (the beheer preview of each language). calendar is the
    working-day calendar when the caller already loaded it (the intake).
    """
    with resident_locale(initiative, language) as language:
        return _compose(kind, initiative, now, values, subject, body, fragment, language, calendar)


def _compose(
    kind, initiative, now, values, subject, body, fragment, language, calendar
) -> ResidentMail:
    spec = editable_texts.mail_kind(kind)
    if subject is None or body is None:  # one lookup of the stored text for both parts
        stored_subject, stored_body = editable_texts.mail_text(kind, language)
        subject = stored_subject if subject is None else subject
        body = stored_body if body is None else body
    timeline = build_timeline(
        initiative, calendar if calendar is not None else load_calendar(), today_local(now)
    )
    filled = resident_values(initiative, timeline) | (values or {})
    subject_line = editable_texts.render_subject(kind, filled, template=subject, language=language)
    body_text, body_html = editable_texts.render_body(
        kind, filled, template=body, language=language
    )
    text, html = render_pair(
        "resident_message",
        subject=subject_line,
        body_text=body_text,
        body_html=_answer_buttons(_styled(body_html), filled),
        fragment=fragment,
        **_frame(spec, initiative, timeline),
    )
    text = re.sub(r"\n{3,}", "\n\n", text)  # the frame's optional parts leave blank lines
    headers = None
    if not spec.essential:
        # RFC 8058: mail clients show an unsubscribe button that posts to this link.
        headers = {
            "List-Unsubscribe": f"<{unsubscribe_url(initiative)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    return ResidentMail(subject_line, text, Markup(html), headers)  # noqa: S704 (autoescaped template)


def unsubscribe_url(initiative: Initiative) -> str:
    """The one-click link that switches this resident's non-essential mail off."""
    token = opt_out_token(initiative.initiator)
    return resident_url("preferences.unsubscribe_page", token=token)


def queue_receipt(
    initiative: Initiative, now: datetime, calendar: WorkCalendar | None = None
) -> None:
    """Ontvangstbevestiging to the resident, queued with the new initiative, sent at once."""
    mail = compose_resident("ontvangstbevestiging", initiative, now, calendar=calendar)
    queue_mail(
        key=f"submitted:{initiative.id}:resident",
        kind="ontvangstbevestiging",
        to=initiative.initiator.email,
        subject=mail.subject,
        text=mail.text,
        html=mail.html,
        initiative=initiative,
        send_after=now,
    )


def queue_login_link(token: LoginToken, raw: str, now: datetime) -> None:
    """The login link, sent at once whatever the hour: the resident is waiting for it."""
    minutes = current_app.config["LOGIN_LINK_MINUTES"]
    text, html = render_pair(
        "login_link",
        login_url=resident_url("resident.login_link", token=raw),
        minutes=minutes,
    )
    queue_mail(
        key=f"login-link:{token.id}",
        kind="inloglink",
        to=token.email,
        subject=_("Uw link om in te loggen bij Mijn initiatieven"),
        text=text,
        html=html,
        send_after=now,
    )


def queue_callback_notice(callback: CallbackRequest, now: datetime) -> None:
    """Tell the contact person a resident asked to be called back, with number and moment."""
    initiative = callback.initiative
    contact = initiative.contact
    if contact is None:
        return
    with staff_locale():
        text, html = render_pair(
            "callback_notice",
            contact=contact,
            number=initiative.number,
            title=without_links(initiative.title),
            resident_name=without_links(initiative.initiator.name),
            phone=callback.phone,
            moment=without_links(callback.preferred_moment),
        )
        subject = _("Terugbelverzoek voor %(number)s", number=initiative.number)
    queue_mail(
        key=f"callback:{callback.id}:contact",
        kind="terugbelverzoek",
        to=contact.email,
        subject=subject,
        text=text,
        html=html,
        initiative=initiative,
        send_after=now,
    )


def queue_email_change_mails(change: EmailChange, raw: str, initiative: Initiative, now) -> None:
    """The link to the new address, and the notice to the old one, both sent at once.

    initiative is the resident's newest: it gives the name and the contact
    person in the frame. Both mails are essential: a change of address is never news.
    The rows are not tied to the initiative: its history would otherwise name an
    address that is not (yet) the resident's.
    """
    hours = int((change.expires_at - change.created_at).total_seconds() // 3600)
    values = {
        "nieuw_adres": change.new_email,
        "link_bevestigen": resident_url("resident_details.confirm_email", token=raw),
        "uren": str(hours),
        "telefoon_gemeente": current_app.config["MUNICIPALITY_PHONE"],
    }
    for kind, to, suffix in (
        ("email_bevestigen", change.new_email, "new"),
        ("email_wijziging_melding", change.old_email, "old"),
    ):
        mail = compose_resident(kind, initiative, now, values)
        queue_mail(
            key=f"email-change:{change.id}:{suffix}",
            kind=kind,
            to=to,
            subject=mail.subject,
            text=mail.text,
            html=mail.html,
            send_after=now,
        )
