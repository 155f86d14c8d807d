"""The audit trail: who viewed, changed, exported or deleted personal data."""

from datetime import datetime

from ..extensions import db
from ..models import AuditEntry, Initiative, User


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
