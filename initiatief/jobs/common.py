"""What the mail jobs share: a resident mail once per key, and the open visits they look at.

Staff mails and the once-per-key lookups are in mail (staff_mails, outbox): a
service sends the same staff mails, and nothing may import jobs.
"""

from datetime import datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..mail.notices import queue_resident_mail
from ..mail.outbox import is_queued
from ..models import Initiative, PhaseVisit, Status


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
