"""The resident's verdict at the end: a signed link per initiative, answered with one POST.

The link in the mail carries the chosen answer, but opening it records nothing
(mail scanners open every link); only the button on the page does. The answer is
kept as a FEEDBACK event until the dashboard's Feedback table takes over.
"""

from datetime import datetime

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from ..extensions import db
from ..models import Event, EventKind, Initiative

SALT = "evaluation"
VERDICTS = ("tevreden", "neutraal", "ontevreden")


class TokenExpired(Exception):
    """The link is older than EVALUATION_VALID_DAYS."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def evaluation_token(initiative: Initiative) -> str:
    return _serializer().dumps({"initiative": initiative.id})


def initiative_for_token(token: str) -> Initiative | None:
    """The initiative a valid, unexpired link names; TokenExpired when it is too old."""
    max_age = current_app.config.get("EVALUATION_VALID_DAYS", 60) * 24 * 3600
    try:
        payload = _serializer().loads(token, max_age=max_age)
    except SignatureExpired as expired:
        raise TokenExpired from expired
    except BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("initiative"), int):
        return None
    return db.session.get(Initiative, payload["initiative"])


def existing_verdict(initiative: Initiative) -> Event | None:
    return db.session.execute(
        select(Event)
        .where(Event.initiative_id == initiative.id, Event.kind == EventKind.FEEDBACK)
        .limit(1)
    ).scalar_one_or_none()


def record_verdict(initiative: Initiative, verdict: str, remark: str, now: datetime) -> bool:
    """Keep the resident's answer once; a second POST changes nothing. Returns if recorded."""
    if verdict not in VERDICTS:
        raise ValueError("unknown verdict")
    if existing_verdict(initiative) is not None:
        return False
    db.session.add(
        Event(
            initiative=initiative,
            kind=EventKind.FEEDBACK,
            created_at=now,
            public=False,
            body=remark.strip()[:2000],
            data={"verdict": verdict},
        )
    )
    db.session.flush()
    return True
