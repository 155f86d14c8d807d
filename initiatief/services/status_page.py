"""What a resident's status page reads, in two statements besides the session.

The page shows the initiative with its initiator, contact person, phase visits
and their pauses, a pending request to delete the data, and the messages. Lazy
loads would ask for each of those separately on every view; here the initiative
and everything hanging from it come in one joined read, with the config stamp
(services.config_cache), and the messages in another.
"""

from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import aliased, contains_eager, joinedload

from ..extensions import db
from ..models import DataRequest, Event, EventKind, Initiative, Initiator, PhaseVisit
from .config_cache import ConfigSnapshot, config_for_stamp, stamp_column
from .data_requests import newest_pending_id
from .resident_access import normalise_email


@dataclass
class StatusReads:
    initiative: Initiative
    data_request: DataRequest | None  # the pending one, as pending_request() finds it
    config: ConfigSnapshot  # current_config(), from the stamp read in the same statement


def _initiative_read():
    """The joined read of status_page_reads, with the number and address as parameters."""
    pending = aliased(DataRequest)
    return (
        select(Initiative, pending, stamp_column())
        .join(Initiative.initiator)
        .outerjoin(pending, pending.id == newest_pending_id())
        .where(Initiative.number == bindparam("number"), Initiator.email == bindparam("email"))
        .options(
            contains_eager(Initiative.initiator),
            joinedload(Initiative.contact),
            joinedload(Initiative.visits).joinedload(PhaseVisit.pauses),
        )
    )


def _updates_read():
    """The read of public_updates, with the initiative's id as a parameter."""
    return (
        select(Event)
        .where(
            Event.initiative_id == bindparam("initiative_id"),
            Event.public.is_(True),
            Event.kind.in_([EventKind.UPDATE, EventKind.PHASE_CHANGED, EventKind.REPLY]),
            Event.body != "",
        )
        .options(joinedload(Event.actor))
        .order_by(Event.created_at.desc(), Event.id.desc())
    )


# Built once per process: building a statement and its cache key cost more on
# every view than the rest of SQLAlchemy's work for these two reads.
INITIATIVE_READ = _initiative_read()
UPDATES_READ = _updates_read()


def status_page_reads(number: str, email: str) -> StatusReads | None:
    """The resident's own initiative with all the page needs of it; None if not theirs.

    The same initiative as initiative_for_resident(number, email).
    """
    row = (
        db.session.execute(INITIATIVE_READ, {"number": number, "email": normalise_email(email)})
        .unique()
        .one_or_none()
    )
    if row is None:
        return None
    return StatusReads(initiative=row[0], data_request=row[1], config=config_for_stamp(row[2]))


def public_updates(initiative: Initiative) -> list[Event]:
    """Messages between municipality and resident, newest first, with who wrote them.

    Updates, the messages staff add to a phase change or a stop, and the
    resident's own replies.
    """
    return list(db.session.execute(UPDATES_READ, {"initiative_id": initiative.id}).scalars())
