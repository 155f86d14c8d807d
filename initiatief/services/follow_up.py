"""After an unhappy verdict: ask the coördinatoren to call back, and note when someone did.

The request is a flag on the Feedback row plus one mail per active coördinator;
marking it done is a conditional UPDATE, so two colleagues pressing the button
at once cannot both mark it.
"""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import update

from ..extensions import db
from ..mail.composers import staff_locale
from ..mail.staff_mails import active_staff, queue_for_coordinators
from ..models import Event, EventKind, Feedback, Role, User
from .actions.guards import MESSAGE_MAX, clean_text, record
from .errors import DomainError, EditConflict


def request_follow_up(feedback: Feedback, now: datetime) -> int:
    """Flag the verdict for a call back and mail every active coördinator once.

    Keyed unhappy:<feedback id>:<user id>, so a repeat queues nothing. The mail
    says who and where, not what the resident wrote: that stays on the staff
    page, behind the login and the audit trail. Only flushes; returns mails queued.
    """
    feedback.follow_up_requested = True
    initiative = feedback.initiative
    with staff_locale():  # the resident answered on a page in their own language
        subject = _(
            "Ontevreden evaluatie bij %(number)s: bel de initiatiefnemer terug",
            number=initiative.number,
        )
    return queue_for_coordinators(
        "staff_unhappy",
        active_staff(Role.COORDINATOR),
        initiative,
        key=f"unhappy:{feedback.id}",
        kind="evaluatie_ontevreden",
        subject=subject,
        now=now,
        has_phone=bool(initiative.initiator and initiative.initiator.phone),
    )


def follow_up_pending(feedback: Feedback | None) -> bool:
    """Whether a call back was asked for this verdict and nobody marked it done yet."""
    return bool(feedback and feedback.follow_up_requested and feedback.followed_up_at is None)


def mark_followed_up(feedback: Feedback, actor: User, note: str, now: datetime) -> Event:
    """Note that a staff member called the resident back, with an optional note.

    Refused (EditConflict) the second time, and (DomainError) when no call
    back was asked. Writes followed_up_* and an internal NOTE event; leaves the
    initiative's version alone, so colleagues' open forms do not conflict.
    Only flushes.
    """
    note = clean_text(note, "note", MESSAGE_MAX)
    if not feedback.follow_up_requested:
        raise DomainError(_("Bij deze evaluatie is niet gevraagd om terug te bellen."))
    marked = db.session.execute(
        update(Feedback)
        .where(Feedback.id == feedback.id, Feedback.followed_up_at.is_(None))
        .values(followed_up_at=now, followed_up_by_id=actor.id, follow_up_note=note)
        .execution_options(synchronize_session=False)
    )
    if marked.rowcount != 1:
        raise EditConflict(_("Deze evaluatie is al opgevolgd. U hoeft niets meer te doen."))
    db.session.refresh(feedback)
    body = _("Ontevreden evaluatie opgevolgd.")
    if note:
        body += "\n\n" + note
    return record(
        feedback.initiative,
        EventKind.NOTE,
        now,
        actor,
        {"feedback_id": feedback.id, "followed_up": True},
        body=body,
    )
