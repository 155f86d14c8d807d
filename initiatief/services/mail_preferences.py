"""A resident switches non-essential mail off (one click from any such mail) or on again.

The link carries a signed token naming the initiator, so it works without a
login and keeps working: unsubscribing must never depend on a session.
"""

from datetime import datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from ..extensions import db
from ..models import Event, EventKind, Initiator

SALT = "mail-opt-out"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def opt_out_token(initiator: Initiator) -> str:
    return _serializer().dumps({"initiator": initiator.id})


def initiator_for_token(token: str) -> Initiator | None:
    """The initiator a valid token names; None for a forged or mangled token."""
    try:
        payload = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("initiator"), int):
        return None
    initiator = db.session.get(Initiator, payload["initiator"])
    if initiator is None or initiator.anonymised_at is not None:
        return None
    return initiator


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
