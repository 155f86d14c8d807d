"""The resident's verdict at the end: one Feedback row per initiative, recorded once.

The link in the mail carries the chosen answer, but opening it records nothing
(mail scanners open every link); only the button on the page does. The verdict
is a Feedback row (what the dashboard counts) plus a FEEDBACK event (the history).
An unhappy verdict may ask the coördinatoren to call back (services.follow_up).
"""

from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import ASPECTS, Event, EventKind, Feedback, Initiative, Phase, PhaseVisit
from . import follow_up

# Feedback.verdict as stored: 1 ontevreden, 2 neutraal, 3 tevreden.
VERDICT_SCORES = {"ontevreden": 1, "neutraal": 2, "tevreden": 3}
VERDICT_WORDS = {score: word for word, score in VERDICT_SCORES.items()}
UNHAPPY = VERDICT_SCORES["ontevreden"]
SCORE_RANGE = range(1, 6)
REMARK_MAX = 2000


def existing_verdict(initiative: Initiative) -> Feedback | None:
    """The verdict already given for this initiative, if any (there is at most one)."""
    return db.session.execute(
        select(Feedback).where(Feedback.initiative_id == initiative.id)
    ).scalar_one_or_none()


def travelled_phases(initiative: Initiative) -> list[Phase]:
    """The phases the initiative really went through: its non-skipped visits, each phase once."""
    visited = select(PhaseVisit.phase_id).where(
        PhaseVisit.initiative_id == initiative.id, PhaseVisit.skipped.is_(False)
    )
    return list(db.session.scalars(select(Phase).where(Phase.id.in_(visited))))


def _check(verdict: str, scores: dict[str, int | None]) -> None:
    """The form validates first; this guards the service against other callers."""
    if verdict not in VERDICT_SCORES:
        raise ValueError("unknown verdict")
    if set(scores) - set(ASPECTS):
        raise ValueError("unknown aspect")
    if any(value is not None and value not in SCORE_RANGE for value in scores.values()):
        raise ValueError("score out of range")


def record_verdict(
    initiative: Initiative,
    verdict: str,
    now: datetime,
    *,
    scores: dict[str, int | None] | None = None,
    remark: str = "",
) -> Feedback | None:
    """Keep the resident's answer once; None (and nothing added) when it was already given.

    verdict is a word of VERDICTS; scores maps names of ASPECTS to 1..5 or None.
    Two POSTs at the same moment both pass the first check; the unique
    initiative_id stops the second inside a savepoint, so it is "already
    answered", never an error. The event is written first on purpose: on SQLite
    a savepoint opened before any write is released as a commit of its own.
    With EVALUATION_FOLLOW_UP_UNHAPPY on, an unhappy verdict asks for a call
    back and mails the coördinatoren. Adds and flushes; the caller commits.
    """
    scores = scores or {}
    _check(verdict, scores)
    if existing_verdict(initiative) is not None:
        return None
    event = Event(
        initiative=initiative,
        kind=EventKind.FEEDBACK,
        created_at=now,
        public=False,
        data={"verdict": verdict},
    )
    db.session.add(event)
    feedback = Feedback(
        initiative=initiative,
        journey_id=initiative.journey_id,
        created_at=now,
        verdict=VERDICT_SCORES[verdict],
        remark=remark.strip()[:REMARK_MAX],
        follow_up_requested=False,
        follow_up_note="",
        phases=travelled_phases(initiative),
        **{f"{aspect}_score": scores.get(aspect) for aspect in ASPECTS},
    )
    db.session.flush()  # the event: from here on we are inside a real transaction
    try:
        with db.session.begin_nested():
            db.session.add(feedback)
    except IntegrityError:
        db.session.delete(event)
        db.session.flush()
        return None
    event.data = {"verdict": verdict, "feedback_id": feedback.id}
    if feedback.verdict == UNHAPPY and current_app.config["EVALUATION_FOLLOW_UP_UNHAPPY"]:
        follow_up.request_follow_up(feedback, now)
    db.session.flush()
    return feedback
