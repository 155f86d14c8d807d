"""What a resident's status page reads, in two statements besides the session and stamp.

The page shows the initiative with its initiator, contact person, phase visits
and their pauses, a pending request to delete the data, and the messages. Lazy
loads would ask for each of those separately on every view; here the initiative
and everything hanging from it come in one joined read, the messages in another.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import aliased, contains_eager, joinedload

from ..extensions import db
from ..models import DataRequest, Event, EventKind, Initiative, Initiator, PhaseVisit
from .data_requests import newest_pending_id
from .resident_access import normalise_email


@dataclass
class StatusReads:
    initiative: Initiative
    data_request: DataRequest | None  # the pending one, as pending_request() finds it


def status_page_reads(number: str, email: str) -> StatusReads | None:
    """The resident's own initiative with all the page needs of it; None if not theirs.

    The same initiative as initiative_for_resident(number, email).
    """
    pending = aliased(DataRequest)
    row = (
        db.session.execute(
            select(Initiative, pending)
            .join(Initiative.initiator)
            .outerjoin(pending, pending.id == newest_pending_id())
            .where(Initiative.number == number, Initiator.email == normalise_email(email))
            .options(
                contains_eager(Initiative.initiator),
                joinedload(Initiative.contact),
                joinedload(Initiative.visits).joinedload(PhaseVisit.pauses),
            )
        )
        .unique()
        .one_or_none()
    )
    if row is None:
        return None
    return StatusReads(initiative=row[0], data_request=row[1])


def public_updates(initiative: Initiative) -> list[Event]:
    """Messages between municipality and resident, newest first, with who wrote them.

    Updates, the messages staff add to a phase change or a stop, and the
    resident's own replies.
    """
    return list(
        db.session.execute(
            select(Event)
            .where(
                Event.initiative_id == initiative.id,
                Event.public.is_(True),
                Event.kind.in_([EventKind.UPDATE, EventKind.PHASE_CHANGED, EventKind.REPLY]),
                Event.body != "",
            )
            .options(joinedload(Event.actor))
            .order_by(Event.created_at.desc(), Event.id.desc())
        ).scalars()
    )
