"""A resident switches non-essential mail off (one click from any such mail) or on again.

The link carries a signed token naming the initiator (signed_links), so it works
without a login and keeps working: unsubscribing must never depend on a session.
"""

from datetime import datetime

from ..extensions import db
from ..models import Event, EventKind, Initiator


def set_mail_opt_out(initiator: Initiator, opt_out: bool, now: datetime, via: str) -> bool:
    """Switch non-essential mail off or on; an Event records it. Returns whether it changed.

    Essential mails (what the resident must do, decisions) keep coming either way.
    """
    if initiator.mail_opt_out == opt_out:
        return False
    initiator.mail_opt_out = opt_out
    db.session.add(
        Event(
            initiative_id=initiator.initiative_id,
            kind=EventKind.MAIL_PREFERENCE,
            created_at=now,
            public=False,
            data={"opt_out": opt_out, "via": via},
        )
    )
    db.session.flush()
    return True
