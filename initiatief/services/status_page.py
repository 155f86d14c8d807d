"""What a resident's status page reads, in two statements, the session included.

The page shows the initiative with its initiator, contact person, phase visits
and their pauses, a pending request to delete the data, and the messages. Lazy
loads would ask for each of those separately on every view; here the initiative
and everything hanging from it come in one joined read, with the resident's
session and the config stamp (services.config_cache), and the messages in another.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Load, aliased, contains_eager, joinedload

from ..extensions import db
from ..models import (
    DataRequest,
    Event,
    EventKind,
    Initiative,
    Initiator,
    Pause,
    PhaseVisit,
    ResidentSession,
    User,
)
from ..models.types import UTCDateTime
from .config_cache import ConfigSnapshot, config_for_stamp, stamp_column
from .data_requests import newest_pending_id
from .resident_access import hash_token, session_language


@dataclass
class StatusReads:
    initiative: Initiative
    data_request: DataRequest | None  # the pending one, as pending_request() finds it
    config: ConfigSnapshot  # current_config(), from the stamp read in the same statement
    signed_in: tuple[str, str | None]  # as resident_access.live_session finds the session


# The columns the page and its timeline use, and few others: the joined read returns a
# row per visit and pause, so each column more is decoded several times a view; and a
# resident's page has no business reading a password hash or TOTP secret.
# fmt: off
INITIATIVE_COLUMNS = (
    Initiative.number, Initiative.title, Initiative.status, Initiative.outcome,
    Initiative.submitted_at, Initiative.journey_id, Initiative.contact_id,
)
INITIATOR_COLUMNS = (Initiator.email, Initiator.phone, Initiator.mail_opt_out)
CONTACT_COLUMNS = (
    User.name, User.email, User.job_title, User.phone, User.reachable, User.introduction,
    User.photo,
)
VISIT_COLUMNS = (
    PhaseVisit.phase_id, PhaseVisit.entered_at, PhaseVisit.entered_on, PhaseVisit.promised_on,
    PhaseVisit.due_on, PhaseVisit.left_at, PhaseVisit.left_on, PhaseVisit.skipped,
    PhaseVisit.paused_working_days, PhaseVisit.delay_reason,
)
PAUSE_COLUMNS = (
    Pause.started_at, Pause.started_on, Pause.ended_at, Pause.ended_on, Pause.waiting_on,
    Pause.reason,
)
EVENT_COLUMNS = (
    Event.kind, Event.created_at, Event.body, Event.body_html, Event.body_html_stamp,
)
# fmt: on


def _initiative_read():
    """The joined read of status_page_reads: the number, the session's key and now as parameters.

    The initiative is found only through a live session of its initiator's address,
    as live_session and initiative_for_resident would find them one after the other.
    """
    pending = aliased(DataRequest)
    return (
        select(Initiative, pending, stamp_column(), ResidentSession.email, session_language())
        .join(Initiative.initiator)
        .join(ResidentSession, ResidentSession.email == Initiator.email)
        .outerjoin(pending, pending.id == newest_pending_id())
        .where(
            Initiative.number == bindparam("number"),
            ResidentSession.token_hash == bindparam("token_hash"),
            ResidentSession.revoked_at.is_(None),
            ResidentSession.expires_at > bindparam("now", type_=UTCDateTime),
        )
        .options(
            Load(Initiative).load_only(*INITIATIVE_COLUMNS),
            Load(pending).load_only(
                pending.status, pending.requested_at, pending.due_on, pending.answer
            ),
            contains_eager(Initiative.initiator).load_only(*INITIATOR_COLUMNS),
            joinedload(Initiative.contact).load_only(*CONTACT_COLUMNS),
            joinedload(Initiative.visits)
            .load_only(*VISIT_COLUMNS)
            .joinedload(PhaseVisit.pauses)
            .load_only(*PAUSE_COLUMNS),
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
        .options(
            Load(Event).load_only(*EVENT_COLUMNS),
            joinedload(Event.actor).load_only(User.name),
        )
        .order_by(Event.created_at.desc(), Event.id.desc())
    )


# Built once per process: building a statement and its cache key cost more on
# every view than the rest of SQLAlchemy's work for these two reads.
INITIATIVE_READ = _initiative_read()
UPDATES_READ = _updates_read()


def status_page_reads(number: str, secret: str | None, now: datetime) -> StatusReads | None:
    """The resident's own initiative with all the page needs of it, in one statement.

    None when the session (secret, the key in the resident's cookie) is not live or
    the initiative is not theirs; the caller tells those apart only then.
    """
    if not secret:
        return None
    parameters = {"number": number, "token_hash": hash_token(secret), "now": now}
    row = db.session.execute(INITIATIVE_READ, parameters).unique().one_or_none()
    if row is None:
        return None
    return StatusReads(
        initiative=row[0],
        data_request=row[1],
        config=config_for_stamp(row[2]),
        signed_in=(row[3], row[4]),
    )


def public_updates(initiative: Initiative) -> list[Event]:
    """Messages between municipality and resident, newest first, with who wrote them.

    Updates, the messages staff add to a phase change or a stop, and the
    resident's own replies.
    """
    return list(db.session.execute(UPDATES_READ, {"initiative_id": initiative.id}).scalars())
