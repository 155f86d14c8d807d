"""A resident's request to delete their data, and the coördinator's answer to it.

A closed initiative is anonymised at once (services.anonymise, the same function
as the retention job). A running one may still need the data to finish (a
subsidy, a permit), so the request becomes a DataRequest that a coördinator
answers within one month (AVG art. 12): remove now, or keep until closing with
a reason the resident reads. A request kept until closing, or still open, is
carried out by the service that closes the initiative (after_closing).

Every function adds and flushes; the caller commits once. Mails to the resident
are queued after anonymising, to the address read before it: anonymise cancels
pending mail to that address and empties it on the initiator.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..dates.planning import today_local
from ..extensions import db
from ..mail import privacy_notices
from ..models import DataRequest, DataRequestStatus, Initiative, User
from .anonymise import Cause, anonymise
from .errors import DomainError, EditConflict

ANSWER_MAX = 1000  # the reason to keep, as the resident reads it
NOTE_MAX = 1000

# Still waiting for something to happen: the coördinator's answer, or the closing.
PENDING = (DataRequestStatus.OPEN, DataRequestStatus.AFTER_CLOSING)


@dataclass
class DeletionOutcome:
    """What a resident's request did: numbers removed at once, and numbers waiting."""

    removed: list[str] = field(default_factory=list)
    requested: list[tuple[str, date]] = field(default_factory=list)  # (number, answer before)


def one_month_after(day: date) -> date:
    """The same day a month later; the month's last day when it has no such day (31 jan)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def pending_request(initiative: Initiative) -> DataRequest | None:
    """The request still waiting (open, or kept until closing), newest first; else None."""
    return db.session.execute(
        select(DataRequest)
        .where(DataRequest.initiative_id == initiative.id, DataRequest.status.in_(PENDING))
        .order_by(DataRequest.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def newest_pending_id():
    """pending_request's id as a scalar subquery correlated to Initiative, to join in one read."""
    return (
        select(func.max(DataRequest.id))
        .where(DataRequest.initiative_id == Initiative.id, DataRequest.status.in_(PENDING))
        .correlate(Initiative)
        .scalar_subquery()
    )


def request_to_answer(initiative: Initiative) -> DataRequest:
    """The pending request a coördinator answers; EditConflict when there is none (any more)."""
    request = pending_request(initiative)
    if request is None:
        raise EditConflict(_("Er is geen open verzoek. Laad de pagina opnieuw."))
    return request


def is_overdue(request: DataRequest, today: date) -> bool:
    """An open request whose answer date (Amsterdam) has passed."""
    return request.status == DataRequestStatus.OPEN and request.due_on < today


def request_deletion(initiatives: list[Initiative], now: datetime) -> DeletionOutcome:
    """The resident asks to delete the personal data of these (their own) initiatives.

    Closed ones are anonymised now (cause RESIDENT) and the resident gets
    "Uw gegevens zijn verwijderd". Running ones get an open DataRequest due one
    month later (Amsterdam date), once: asking again while one is pending
    changes nothing and mails nothing. Already anonymised ones are skipped.
    """
    outcome = DeletionOutcome()
    # Closed ones first: anonymise cancels pending mail to the address, which
    # must not take the receipts of the running ones with it.
    for initiative in sorted(initiatives, key=lambda i: not i.is_closed):
        person = initiative.initiator
        if person is None or person.anonymised_at is not None:
            continue
        if initiative.is_closed:
            _remove(initiative, now, cause=Cause.RESIDENT, request=pending_request(initiative))
            outcome.removed.append(initiative.number)
            continue
        request = pending_request(initiative)
        if request is None:
            request = DataRequest(
                initiative=initiative,
                requested_at=now,
                due_on=one_month_after(today_local(now)),
                status=DataRequestStatus.OPEN,
            )
            db.session.add(request)
            db.session.flush()
            privacy_notices.queue_request_received(initiative, request, now)
        outcome.requested.append((initiative.number, request.due_on))
    return outcome


def remove_now(request: DataRequest, *, actor: User, now: datetime, note: str = "") -> None:
    """The coördinator's answer "Nu verwijderen": anonymise (cause STAFF), request DONE."""
    _require_open(request)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(
            _("Maak de toelichting korter (hoogstens %(max)s tekens).", max=NOTE_MAX), "note"
        )
    request.answered_at = now
    request.answered_by = actor
    _remove(request.initiative, now, cause=Cause.STAFF, actor=actor, note=note, request=request)


def keep_until_closing(request: DataRequest, *, actor: User, now: datetime, reason: str) -> None:
    """The coördinator's answer "Bewaren tot afronding": the reason goes to the resident."""
    _require_open(request)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Schrijf waarom wij de gegevens nog nodig hebben. De inwoner leest dit."), "reason"
        )
    if len(reason) > ANSWER_MAX:
        raise DomainError(
            _("Maak de reden korter (hoogstens %(max)s tekens).", max=ANSWER_MAX), "reason"
        )
    request.status = DataRequestStatus.AFTER_CLOSING
    request.answer = reason
    request.answered_at = now
    request.answered_by = actor
    db.session.flush()
    privacy_notices.queue_kept_until_closing(request.initiative, request, now)


def after_closing(initiative: Initiative, now: datetime) -> bool:
    """Carry out a pending deletion request now that the initiative has closed.

    Called by the services that close an initiative (actions.advance past the
    last phase, actions.stop), after the close, in the same transaction. A
    request kept until closing is done now; so is one still open, since the
    reason the data might be needed (finishing the initiative) is gone.
    Returns whether it anonymised.
    """
    request = pending_request(initiative)
    if request is None or initiative.initiator.anonymised_at is not None:
        return False
    _remove(initiative, now, cause=Cause.RESIDENT, request=request)
    return True


def _require_open(request: DataRequest) -> None:
    if request.status != DataRequestStatus.OPEN:
        raise EditConflict(_("Dit verzoek is al beantwoord. Laad de pagina opnieuw."))


def _remove(
    initiative: Initiative,
    now: datetime,
    *,
    cause: Cause,
    actor: User | None = None,
    note: str = "",
    request: DataRequest | None = None,
) -> None:
    """Anonymise, close the request, then mail the address as it was before."""
    address = initiative.initiator.email
    anonymise([initiative.id], now=now, cause=cause, actor=actor, note=note)
    if request is not None:
        request.status = DataRequestStatus.DONE
        request.done_at = now
    db.session.flush()
    privacy_notices.queue_data_removed(initiative, address, now)
