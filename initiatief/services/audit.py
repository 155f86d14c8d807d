"""The audit trail: who viewed, changed, exported or deleted personal data."""

from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from ..models import AuditEntry, Initiative, Initiator, User


def record(
    *,
    actor: User,
    action: str,
    initiative: Initiative,
    now: datetime,
    origin: str = "",
    result: str = "ok",
    reason: str = "",
) -> None:
    """Add one audit line about the initiator's personal data of an initiative."""
    db.session.add(
        AuditEntry(
            created_at=now,
            actor=f"user:{actor.id}",
            action=action,
            object_type="initiator",
            object_id=str(initiative.initiator.id) if initiative.initiator else "",
            initiative_id=initiative.id,
            origin=origin[:64],
            result=result,
            reason=reason,
        )
    )


def record_numbers(
    *, actor: User, action: str, numbers: list[str], now: datetime, origin: str = ""
) -> None:
    """One audit line per initiative (by number) whose resident text a list showed.

    For lists like the dashboard's residents' remarks: what the resident wrote
    is their personal data too. One query finds the initiatives, however many.
    """
    if not numbers:
        return
    found = db.session.execute(
        select(Initiative.id, Initiator.id)
        .outerjoin(Initiator, Initiator.initiative_id == Initiative.id)
        .where(Initiative.number.in_(set(numbers)))
        .order_by(Initiative.id)
    ).all()
    db.session.add_all(
        AuditEntry(
            created_at=now,
            actor=f"user:{actor.id}",
            action=action,
            object_type="initiator",
            object_id=str(initiator_id or ""),
            initiative_id=initiative_id,
            origin=origin[:64],
        )
        for initiative_id, initiator_id in found
    )
