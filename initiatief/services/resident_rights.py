"""The resident's own data: the copy they download, and the audit lines it leaves.

Audit convention for what residents do with their own data: one AuditEntry per
initiative concerned, like the staff entries (services.audit.record):
object_type "initiator", object_id the initiator's id, initiative_id set; the
actor is "resident:<SHA-256 of the lower-case e-mail address>", so the trail
names no address that the retention job would have to find and empty. Action
"view" for the readable page, "export" for the JSON file. Deleting is audited
by services.anonymise itself.
"""

from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from ..models import AuditEntry, Initiator
from .anonymise import resident_actor
from .personal_data import resident_data
from .resident_access import normalise_email


def own_data(email: str, *, action: str, now: datetime, origin: str = "") -> dict:
    """Everything held about this resident (personal_data.resident_data), audited.

    action is "view" or "export"; one entry per initiative of the address.
    Adds the entries; the caller commits.
    """
    data = resident_data(normalise_email(email), now)
    actor = resident_actor(email)
    owned = db.session.execute(
        select(Initiator.initiative_id, Initiator.id).where(
            Initiator.email == normalise_email(email), Initiator.anonymised_at.is_(None)
        )
    )
    for initiative_id, initiator_id in owned:
        db.session.add(
            AuditEntry(
                created_at=now,
                actor=actor,
                action=action,
                object_type="initiator",
                object_id=str(initiator_id),
                initiative_id=initiative_id,
                origin=origin[:64],
                result="ok",
            )
        )
    db.session.flush()
    return data
