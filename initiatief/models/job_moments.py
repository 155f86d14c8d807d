"""When the mail jobs must look at a visit, pause or call-back again, kept a lower bound.

Each job reads only the rows whose moment (PhaseVisit.next_*_at,
Pause.next_reminder_at, CallbackRequest.next_escalation_at) has come, decides as
before, and stores the next moment it could have something to do. A new row, one
the demo generator wrote, every row of a database just upgraded holds the server
default, a moment long past: "look now".
A moment too early costs one extra read; one too late would lose a mail, so every
change that can make a job's moment come EARLIER resets the moments here (to a
moment long past, reset_stamp), in the flush of that change, whoever makes it
(services, the admin, tests):
phase entry dates, due dates and paused days; status and contact person; a
resident's address, opt-out or anonymising; pauses starting, ending or changing
who we wait on; a phase's norm or check-in days; closed days; a contact person
switched on or off; a public event or a mail to the resident that no longer counts
as news. News itself (a new event or mail) only makes a check-in come later, so it
needs nothing. Bulk SQL updates bypass this; services that cancel mail in bulk
call reset_initiatives themselves.
"""

import secrets
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, event, inspect, select, update
from sqlalchemy.orm import Session

from .activity import CallbackRequest, Event
from .initiative import Initiative, Initiator, Pause, PhaseVisit
from .journey import ClosedDay, Phase
from .mail import MailStatus, OutboxMail
from .organisation import User
from .types import AMSTERDAM

# "Nothing to do until something changes": later than any real moment.
NEVER = datetime(3000, 1, 1, tzinfo=UTC)

# A reset is a moment in the first days of 2000, unique to the change (reset_stamp).
RESET_BASE = datetime(2000, 1, 1, tzinfo=UTC)
VISIT_MOMENTS = ("next_checkin_at", "next_overdue_at", "next_warning_at", "next_escalation_at")

# The attributes per model whose change can bring a moment closer (a relationship
# with its key: the key follows the relationship only during the flush).
_VISIT_FIELDS = ("entered_at", "due_on", "paused_working_days", "phase_id", "phase", "left_at")
_INITIATIVE_FIELDS = ("status", "contact_id", "contact")
_INITIATOR_FIELDS = ("email", "mail_opt_out", "anonymised_at")
_PAUSE_FIELDS = ("started_at", "ended_at", "waiting_on", "visit_id", "visit")
_PHASE_FIELDS = ("checkin_after_days", "norm_days", "norm_unit")
_CALLBACK_FIELDS = ("created_at", "handled_at")
_NOT_NEWS = (MailStatus.FAILED, MailStatus.CANCELLED)


def reset_stamp() -> datetime:
    """'Look now', as a moment long past that is unique to this change.

    A job writes its next moment only where the row still holds the value it
    read (jobs.common.NextLooks), so a change committed while the job ran is
    never overwritten by a moment computed from the state before it.
    """
    return RESET_BASE + timedelta(microseconds=secrets.randbelow(10**12))


def is_due(column, now: datetime) -> ColumnElement[bool]:
    """The rows whose moment in column has come: a range scan of the column's index."""
    return column <= now


def start_of(day: date) -> datetime:
    """Midnight in Amsterdam at the start of day, as an aware UTC moment."""
    return datetime.combine(day, time(), AMSTERDAM).astimezone(UTC)


def reset_initiatives(session: Session, initiative_ids: Iterable[int | None]) -> None:
    """Every job looks again at these initiatives' open visits and running pauses."""
    ids = sorted({i for i in initiative_ids if i is not None})
    if not ids:
        return
    conn, stamp = session.connection(), reset_stamp()
    visits = select(PhaseVisit.id).where(
        PhaseVisit.initiative_id.in_(ids), PhaseVisit.left_at.is_(None)
    )
    conn.execute(
        update(PhaseVisit.__table__)
        .where(PhaseVisit.initiative_id.in_(ids), PhaseVisit.left_at.is_(None))
        .values(dict.fromkeys(VISIT_MOMENTS, stamp))
    )
    conn.execute(
        update(Pause.__table__)
        .where(Pause.ended_at.is_(None), Pause.visit_id.in_(visits))
        .values(next_reminder_at=stamp)
    )


def _reset_everything(session: Session) -> None:
    """A closed day moves every count of working days: every open row is looked at again."""
    conn, stamp = session.connection(), reset_stamp()
    conn.execute(
        update(PhaseVisit.__table__)
        .where(PhaseVisit.left_at.is_(None))
        .values(dict.fromkeys(VISIT_MOMENTS, stamp))
    )
    conn.execute(
        update(Pause.__table__).where(Pause.ended_at.is_(None)).values(next_reminder_at=stamp)
    )
    conn.execute(
        update(CallbackRequest.__table__)
        .where(CallbackRequest.handled_at.is_(None))
        .values(next_escalation_at=stamp)
    )


def _changed(instance, fields: tuple[str, ...]) -> bool:
    state = inspect(instance)
    return any(state.attrs[field].history.has_changes() for field in fields)


def _changes_initiative(instance) -> bool:
    """A change to the resident, or news that stopped counting as news."""
    if isinstance(instance, Initiator):
        return _changed(instance, _INITIATOR_FIELDS)
    if isinstance(instance, Event):
        return _changed(instance, ("public", "created_at"))
    if isinstance(instance, OutboxMail):
        return instance.status in _NOT_NEWS and _changed(instance, ("status",))
    return False


@event.listens_for(Session, "before_flush")
def reset_moments(session: Session, flush_context, instances) -> None:
    """Reset the moments a change in this flush may have brought closer (module docstring)."""
    initiative_ids: set[int | None] = set()
    phase_ids: set[int] = set()
    contact_ids: set[int] = set()
    everything = False
    for instance in session.dirty:
        if isinstance(instance, PhaseVisit) and _changed(instance, _VISIT_FIELDS):
            for column in VISIT_MOMENTS:
                setattr(instance, column, reset_stamp())
        elif isinstance(instance, Pause) and _changed(instance, _PAUSE_FIELDS):
            instance.next_reminder_at = reset_stamp()
        elif isinstance(instance, CallbackRequest) and _changed(instance, _CALLBACK_FIELDS):
            instance.next_escalation_at = reset_stamp()
        elif isinstance(instance, Initiative) and _changed(instance, _INITIATIVE_FIELDS):
            initiative_ids.add(instance.id)
        elif _changes_initiative(instance):
            initiative_ids.add(instance.initiative_id)
        elif isinstance(instance, Phase) and _changed(instance, _PHASE_FIELDS):
            phase_ids.add(instance.id)
        elif isinstance(instance, User) and _changed(instance, ("active", "email")):
            contact_ids.add(instance.id)
        elif isinstance(instance, ClosedDay):
            everything = True
    for instance in session.deleted:
        if isinstance(instance, Event | OutboxMail):
            initiative_ids.add(instance.initiative_id)
        elif isinstance(instance, ClosedDay):
            everything = True
    everything = everything or any(isinstance(i, ClosedDay) for i in session.new)
    if everything:
        _reset_everything(session)
        return
    if phase_ids:
        initiative_ids.update(
            session.connection().scalars(
                select(PhaseVisit.initiative_id).where(
                    PhaseVisit.left_at.is_(None), PhaseVisit.phase_id.in_(phase_ids)
                )
            )
        )
    if contact_ids:
        initiative_ids.update(
            session.connection().scalars(
                select(Initiative.id).where(Initiative.contact_id.in_(contact_ids))
            )
        )
    reset_initiatives(session, initiative_ids)
