"""Everything held about a resident, as one plain structure: their AVG download.

The resident's login address decides what is theirs: initiatives whose
initiator has that address, and mails sent to it. Nothing is matched by name or
phone number, which other residents may share. Values are plain JSON types
(dates as ISO 8601 text), so the same structure becomes the JSON file and the
readable page.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import (
    CallbackRequest,
    DataRequest,
    Event,
    EventKind,
    Feedback,
    Initiative,
    Initiator,
    MailStatus,
    OutboxMail,
    PhaseVisit,
    utcnow,
)
from .evaluation import VERDICT_WORDS

# The history a resident sees on their status page, plus their own messages.
PUBLIC_KINDS = (EventKind.SUBMITTED, EventKind.UPDATE, EventKind.PHASE_CHANGED, EventKind.REPLY)


def resident_data(email: str, now: datetime | None = None) -> dict[str, Any]:
    """All initiatives of this login address and every mail sent to it."""
    now = now or utcnow()
    address = email.strip().lower()
    initiatives = list(
        db.session.scalars(
            select(Initiative)
            .join(Initiator)
            .where(Initiator.email == address, Initiator.anonymised_at.is_(None))
            .options(selectinload(Initiative.initiator))
            .order_by(Initiative.submitted_at)
        )
    )
    return {
        "e-mailadres": address,
        "gemaakt_op": _moment(now),
        "initiatieven": [_initiative(initiative, address) for initiative in initiatives],
        "andere_e-mails": _mails(OutboxMail.initiative_id.is_(None), address),
    }


def initiative_data(initiative: Initiative, now: datetime | None = None) -> dict[str, Any]:
    """What is held about the resident of one initiative (a coördinator's export)."""
    now = now or utcnow()
    address = initiative.initiator.email if initiative.initiator else ""
    return {"gemaakt_op": _moment(now), "initiatief": _initiative(initiative, address)}


def _initiative(initiative: Initiative, address: str) -> dict[str, Any]:
    person = initiative.initiator
    return {
        "nummer": initiative.number,
        "titel": initiative.title,
        "ingediend_op": _moment(initiative.submitted_at),
        "status": initiative.status,
        "afgesloten_op": _moment(initiative.closed_at),
        "uitkomst": initiative.outcome or "",
        "wat_u_stuurde": {
            "samenvatting": initiative.summary,
            "beschrijving": initiative.description,
            "thema": initiative.theme,
            "wijk": initiative.wijk.name if initiative.wijk else "",
            "plek": initiative.location,
            "gevraagde_steun": list(initiative.support or []),
            "bedrag_in_euro": initiative.amount_euros,
            "gewenste_start": _day(initiative.wished_start),
        },
        "uw_gegevens": {
            "naam": person.name,
            "e-mailadres": person.email,
            "telefoon": person.phone,
            "contactvoorkeur": person.contact_preference,
            "postadres": person.postal_address,
            "organisatie": person.organisation,
            "mede-initiatiefnemers": person.co_initiators,
            "toestemming_gegeven_op": _moment(person.consent_at),
            "alleen_nodige_e-mail": person.mail_opt_out,
        }
        if person
        else {},
        "contactpersoon": initiative.contact.name if initiative.contact else "",
        "fasen": _phases(initiative),
        "geschiedenis": _history(initiative),
        "e-mails_aan_u": _mails(OutboxMail.initiative_id == initiative.id, address),
        "terugbelverzoeken": _callbacks(initiative),
        "evaluatie": _evaluation(initiative),
        "verwijderverzoeken": _data_requests(initiative),
    }


def _phases(initiative: Initiative) -> list[dict[str, Any]]:
    visits = db.session.scalars(
        select(PhaseVisit)
        .where(PhaseVisit.initiative_id == initiative.id)
        .options(selectinload(PhaseVisit.phase))
        .order_by(PhaseVisit.entered_at, PhaseVisit.id)
    )
    return [
        {
            "fase": visit.phase.name,
            "begonnen_op": _day(visit.entered_on),
            "klaar_op": _day(visit.left_on),
            "overgeslagen": visit.skipped,
        }
        for visit in visits
    ]


def _history(initiative: Initiative) -> list[dict[str, Any]]:
    events = db.session.scalars(
        select(Event)
        .where(
            Event.initiative_id == initiative.id,
            Event.kind.in_([kind.value for kind in PUBLIC_KINDS]),
            (Event.public.is_(True)) | (Event.kind == EventKind.SUBMITTED),
        )
        .order_by(Event.created_at, Event.id)
    )
    return [
        {
            "wanneer": _moment(event.created_at),
            "wat": event.kind,
            "van_u": event.kind == EventKind.REPLY,
            "tekst": event.body,
        }
        for event in events
    ]


def _mails(where, address: str) -> list[dict[str, Any]]:
    if not address:
        return []
    rows = db.session.execute(
        select(OutboxMail.subject, OutboxMail.sent_at)
        .where(where, OutboxMail.to_address == address, OutboxMail.status == MailStatus.SENT)
        .order_by(OutboxMail.sent_at, OutboxMail.id)
    )
    return [{"onderwerp": subject, "verstuurd_op": _moment(sent_at)} for subject, sent_at in rows]


def _callbacks(initiative: Initiative) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(CallbackRequest)
        .where(CallbackRequest.initiative_id == initiative.id)
        .order_by(CallbackRequest.created_at)
    )
    return [
        {
            "gevraagd_op": _moment(row.created_at),
            "telefoon": row.phone,
            "beste_moment": row.preferred_moment,
            "gebeld_op": _moment(row.handled_at),
        }
        for row in rows
    ]


def _evaluation(initiative: Initiative) -> dict[str, Any] | None:
    feedback = db.session.scalars(
        select(Feedback).where(Feedback.initiative_id == initiative.id)
    ).first()
    if feedback is None:
        return None
    return {
        "gegeven_op": _moment(feedback.created_at),
        "oordeel": VERDICT_WORDS.get(feedback.verdict, ""),
        "cijfers": {
            "contact": feedback.contact_score,
            "duidelijkheid": feedback.clarity_score,
            "snelheid": feedback.speed_score,
            "samenwerking": feedback.cooperation_score,
            "resultaat": feedback.outcome_score,
        },
        "opmerking": feedback.remark,
        "terugbellen_gevraagd": feedback.follow_up_requested,
    }


def _data_requests(initiative: Initiative) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(DataRequest)
        .where(DataRequest.initiative_id == initiative.id)
        .order_by(DataRequest.requested_at)
    )
    return [
        {
            "gevraagd_op": _moment(row.requested_at),
            "antwoord_uiterlijk": _day(row.due_on),
            "stand": row.status,
            "antwoord": row.answer,
        }
        for row in rows
    ]


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None
