"""What every staff mail shares: who gets it, the staff link, a safe title, once per key.

Jobs (reminders, digests, escalations) and services (the call-back after an
unhappy verdict) send the same kind of staff mail; it lives here, in mail, so
neither has to import the other.
"""

from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from ..models import Initiative, User
from ..urls import external_url
from .composers import render_pair, staff_locale
from .outbox import is_queued, queue_mail
from .safety import without_links


def active_staff(role: str) -> list[User]:
    """Active accounts with this role, in a stable order."""
    statement = select(User).where(User.role == role, User.active.is_(True)).order_by(User.id)
    return list(db.session.scalars(statement))


def staff_link(number: str) -> str:
    """The absolute link to the initiative's staff page, for mails."""
    return external_url("staff.initiative", number=number)


def safe_title(initiative: Initiative) -> str:
    """The resident's title without anything link-like: staff mails come from our domain too."""
    return without_links(initiative.title)


def queue_staff(
    template: str,
    user: User,
    *,
    key: str,
    kind: str,
    subject: str,
    now: datetime,
    initiative: Initiative | None = None,
    **context,
) -> bool:
    """Queue a staff mail from templates/email/<template>.* once per key, sent at once.

    Staff are not bound to the residents' mail hours; the job's trigger keeps
    these mails in office hours. True when a row was added. Only flushes.
    """
    if not user.email or is_queued(key):
        return False
    with staff_locale():  # also when a resident's English page caused it
        text, html = render_pair(template, subject=subject, user=user, **context)
    queue_mail(
        key=key,
        kind=kind,
        to=user.email,
        subject=subject,
        text=text,
        html=html,
        initiative=initiative,
        send_after=now,
    )
    return True


def queue_for_coordinators(
    template: str,
    coordinators: list[User],
    initiative: Initiative,
    *,
    key: str,
    kind: str,
    subject: str,
    now: datetime,
    **context,
) -> int:
    """One mail about initiative to each coördinator, keyed <key>:<user id>; returns how many.

    The mail names the initiative, its contact person and the staff link, never
    what the resident wrote. Only flushes.
    """
    return sum(
        queue_staff(
            template,
            user,
            key=f"{key}:{user.id}",
            kind=kind,
            subject=subject,
            now=now,
            initiative=initiative,
            number=initiative.number,
            title=safe_title(initiative),
            contact=initiative.contact,
            link=staff_link(initiative.number),
            **context,
        )
        for user in coordinators
    )
