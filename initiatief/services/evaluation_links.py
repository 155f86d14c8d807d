"""The signed link in the evaluation mail: which initiative it names, and whether it expired.

Kept apart from services.evaluation so the mail composers can build links
without importing what recording a verdict needs (the staff mails it may queue).
"""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..extensions import db
from ..models import Initiative

SALT = "evaluation"
# The answers as the link and the form name them; the order is the order on the page.
VERDICTS = ("tevreden", "neutraal", "ontevreden")


class TokenExpired(Exception):
    """The link is older than EVALUATION_VALID_DAYS."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def evaluation_token(initiative: Initiative) -> str:
    """A token naming this initiative only; the signature binds the id to our secret."""
    return _serializer().dumps({"initiative": initiative.id})


def initiative_for_token(token: str) -> Initiative | None:
    """The initiative a valid, unexpired link names; TokenExpired when it is too old
    or the resident's data was removed.

    None for anything tampered with: a changed id breaks the signature, so an
    answer sent with one initiative's link can never land on another.
    """
    max_age = current_app.config.get("EVALUATION_VALID_DAYS", 60) * 24 * 3600
    try:
        payload = _serializer().loads(token, max_age=max_age)
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
