"""What the mail jobs share: queueing once per key, resident and staff mails, open visits."""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..mail.composers import render_pair, staff_locale
from ..mail.notices import queue_resident_mail
from ..mail.outbox import queue_mail
from ..mail.safety import without_links
from ..models import Initiative, OutboxMail, PhaseVisit, Status, User
from ..urls import external_url


def is_queued(key: str) -> bool:
    """Whether a mail with exactly this key was ever queued (whatever became of it)."""
    return db.session.scalar(select(OutboxMail.id).where(OutboxMail.key == key)) is not None


# Keys per IN (...) in queued_keys: well below SQLite's and PostgreSQL's parameter limits.
KEY_CHUNK = 500


def queued_keys(keys: Iterable[str]) -> set[str]:
    """Those of keys that were ever queued: is_queued for many keys in a few queries."""
    wanted = sorted(set(keys))
    found: set[str] = set()
    for start in range(0, len(wanted), KEY_CHUNK):
        chunk = wanted[start : start + KEY_CHUNK]
        found.update(db.session.scalars(select(OutboxMail.key).where(OutboxMail.key.in_(chunk))))
    return found


def any_queued(prefix: str) -> bool:
    """Whether any mail key starts with prefix: 'once per cause' over several recipients."""
    statement = select(OutboxMail.id).where(OutboxMail.key.startswith(prefix, autoescape=True))
    return db.session.scalar(statement.limit(1)) is not None


def queue_resident(
    initiative: Initiative, *, key: str, kind: str, now: datetime, urgent: bool = False, **values
) -> bool:
    """Queue the resident mail of this texts kind once per key; True when a row was added.

    The same rules as the mails staff actions cause (mail.notices): nothing to an
    anonymised resident or one without an address, nothing non-essential after
    the opt-out, and sent between 08.00 and 20.00 Amsterdam time. The key is
    checked before composing, so a repeated run renders nothing. Only flushes.
    """
    if is_queued(key):
        return False
    queued = queue_resident_mail(initiative, key=key, kind=kind, now=now, urgent=urgent, **values)
    return queued is not None


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


def open_visits(
    *statuses: str, with_initiator: bool = False
) -> list[tuple[Initiative, PhaseVisit]]:
    """Initiatives in these statuses with their current (not yet left) visit.

    with_initiator: load each initiative's initiator too, in a few queries for all
    (for jobs that mail residents), instead of one query per initiative later.
    """
    statement = (
        select(Initiative, PhaseVisit)
        .join(
            PhaseVisit,
            and_(PhaseVisit.initiative_id == Initiative.id, PhaseVisit.left_at.is_(None)),
        )
        .where(Initiative.status.in_(statuses or (Status.ACTIVE,)))
        .order_by(Initiative.id)
    )
    if with_initiator:
        statement = statement.options(selectinload(Initiative.initiator))
    return list(db.session.execute(statement).tuples())


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
