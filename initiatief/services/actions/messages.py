"""Words around an initiative: public updates, internal notes, call-backs, resident replies."""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import update

from ...extensions import db
from ...mail import notices
from ...models import CallbackRequest, Event, EventKind, Initiative, User
from ..errors import DomainError
from .guards import (
    MESSAGE_MAX,
    check_version,
    clean_text,
    converts_conflicts,
    record,
    touch,
)

REPLY_MAX = 2000


@converts_conflicts
def post_update(
    initiative: Initiative, *, body: str, actor: User, now: datetime, expected_version: int
) -> Event:
    """A public update (Markdown) on the status page, also mailed unless opted out."""
    check_version(initiative, expected_version)
    body = clean_text(body, "body", MESSAGE_MAX, _("Schrijf eerst uw bericht."))
    touch(initiative)
    event = record(initiative, EventKind.UPDATE, now, actor, {}, body=body, public=True)
    notices.queue_update_notice(initiative, event, now)
    return event


@converts_conflicts
def add_note(
    initiative: Initiative, *, body: str, actor: User, now: datetime, expected_version: int
) -> Event:
    """An internal note for colleagues; the resident never sees it. No mail."""
    check_version(initiative, expected_version)
    body = clean_text(body, "body", MESSAGE_MAX, _("Schrijf eerst uw notitie."))
    touch(initiative)
    return record(initiative, EventKind.NOTE, now, actor, {}, body=body)


def handle_callback(callback: CallbackRequest, *, note: str, actor: User, now: datetime) -> Event:
    """Mark a 'bel mij terug' request as handled, with an internal note.

    Marked with a conditional UPDATE, so two staff members pressing the button at
    the same moment cannot both handle it. The initiative's version is left alone:
    handling a call-back must not make a colleague's open form conflict.
    """
    note = clean_text(note, "note", MESSAGE_MAX)
    marked = db.session.execute(
        update(CallbackRequest)
        .where(CallbackRequest.id == callback.id, CallbackRequest.handled_at.is_(None))
        .values(handled_at=now, handled_by_id=actor.id, note=note)
        .execution_options(synchronize_session=False)
    )
    if marked.rowcount != 1:
        raise DomainError(_("Dit terugbelverzoek is al afgehandeld."))
    db.session.refresh(callback)
    return record(
        callback.initiative,
        EventKind.CALLBACK_HANDLED,
        now,
        actor,
        {"callback_id": callback.id},
        body=note,
    )


def resident_reply(initiative: Initiative, *, body: str, now: datetime) -> Event:
    """The resident's reply from the status page (plain text, max 2,000 characters).

    Public, and mailed to the contact person (or the team) without links. It does
    not raise the version: a reply must not make a staff member's open form fail.
    """
    if initiative.initiator is None or initiative.initiator.anonymised_at is not None:
        raise DomainError(_("Bij dit initiatief kunt u niet meer reageren."))
    text = (body or "").strip()
    if not text:
        raise DomainError(_("Schrijf eerst uw reactie."), "body")
    if len(text) > REPLY_MAX:
        raise DomainError(
            _("Uw reactie is te lang. U kunt maximaal 2.000 tekens gebruiken."), "body"
        )
    event = record(initiative, EventKind.REPLY, now, None, {}, body=text, public=True)
    notices.queue_reply_notice(initiative, event, now)
    return event
