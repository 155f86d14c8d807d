"""The signed links in resident mails: the token a mail carries, and what it names.

Both halves of each link live here, below mail: the composers make the tokens,
the pages behind the links read them back, and neither needs the services that
act on the answer (recording a verdict, switching mail off).

- The one-click unsubscribe names an initiator and keeps working: unsubscribing
  must never depend on a session, nor run out.
- The evaluation link names an initiative and expires after EVALUATION_VALID_DAYS.
"""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

from .extensions import db
from .models import Initiative, Initiator

OPT_OUT_SALT = "mail-opt-out"
EVALUATION_SALT = "evaluation"
# The answers as the link and the form name them; the order is the order on the page.
VERDICTS = ("tevreden", "neutraal", "ontevreden")


class TokenExpired(Exception):
    """The link is older than EVALUATION_VALID_DAYS."""


def _opt_out_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=OPT_OUT_SALT)


def opt_out_token(initiator: Initiator) -> str:
    return _opt_out_serializer().dumps({"initiator": initiator.id})


def initiator_for_token(token: str) -> Initiator | None:
    """The initiator a valid token names; None for a forged or mangled token."""
    try:
        payload = _opt_out_serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("initiator"), int):
        return None
    initiator = db.session.get(Initiator, payload["initiator"])
    if initiator is None or initiator.anonymised_at is not None:
        return None
    return initiator


def _evaluation_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=EVALUATION_SALT)


def evaluation_token(initiative: Initiative) -> str:
    """A token naming this initiative only; the signature binds the id to our secret."""
    return _evaluation_serializer().dumps({"initiative": initiative.id})


def initiative_for_token(token: str) -> Initiative | None:
    """The initiative a valid, unexpired link names; TokenExpired when it is too old
    or the resident's data was removed.

    None for anything tampered with: a changed id breaks the signature, so an
    answer sent with one initiative's link can never land on another.
    """
    max_age = current_app.config.get("EVALUATION_VALID_DAYS", 60) * 24 * 3600
    try:
        payload = _evaluation_serializer().loads(token, max_age=max_age)
    except SignatureExpired as expired:
        raise TokenExpired from expired
    except BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("initiative"), int):
        return None
    initiative = db.session.get(Initiative, payload["initiative"])
    if initiative is not None and initiative.initiator.anonymised_at is not None:
        raise TokenExpired  # the resident's data is gone: no new remark may come in
    return initiative
