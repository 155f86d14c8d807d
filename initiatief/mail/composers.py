"""One composer per mail: builds the texts from templates and queues the outbox row."""

from datetime import datetime

from flask import current_app, render_template
from flask_babel import gettext as _

from ..models import CallbackRequest, Initiative, LoginToken, User
from ..rendering import format_day
from ..services.planning import load_calendar, today_local
from ..services.timeline import build_timeline
from ..urls import external_url
from .outbox import queue_mail
from .safety import without_links


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


def queue_receipt(initiative: Initiative, now: datetime) -> None:
    """Ontvangstbevestiging to the resident, queued with the new initiative."""
    timeline = build_timeline(initiative, load_calendar(), today_local(now))
    resident = initiative.initiator
    text, html = render_pair(
        "receipt",
        name=without_links(resident.name),
        title=without_links(initiative.title),
        number=initiative.number,
        submitted_on=format_day(initiative.submitted_at),
        next_date=format_day(timeline.next_date),
        first_phase=timeline.current.phase if timeline.current else None,
        contact=contact_context(initiative.contact),
        status_url=external_url("resident.status", number=initiative.number),
    )
    queue_mail(
        key=f"submitted:{initiative.id}:resident",
        kind="ontvangstbevestiging",
        to=resident.email,
        subject=_("Wij hebben uw initiatief ontvangen (%(number)s)", number=initiative.number),
        text=text,
        html=html,
        initiative=initiative,
        send_after=now,
    )


def queue_login_link(token: LoginToken, raw: str, now: datetime) -> None:
    """The login link, sent at once whatever the hour: the resident is waiting for it."""
    minutes = current_app.config["LOGIN_LINK_MINUTES"]
    text, html = render_pair(
        "login_link",
        login_url=external_url("resident.login_link", token=raw),
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
    text, html = render_pair(
        "callback_notice",
        contact=contact,
        number=initiative.number,
        title=without_links(initiative.title),
        resident_name=without_links(initiative.initiator.name),
        phone=callback.phone,
        moment=without_links(callback.preferred_moment),
    )
    queue_mail(
        key=f"callback:{callback.id}:contact",
        kind="terugbelverzoek",
        to=contact.email,
        subject=_("Terugbelverzoek voor %(number)s", number=initiative.number),
        text=text,
        html=html,
        initiative=initiative,
        send_after=now,
    )
