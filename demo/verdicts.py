"""Demo verdicts: what residents of closed demo initiatives said afterwards.

The same kind of rows the evaluation page writes (a Feedback with the phases gone
through, and a FEEDBACK event), made directly so the demo queues no mail. At
least one unhappy verdict is left for a coördinator to follow up.
"""

import random
from datetime import datetime, timedelta

from initiatief.extensions import db
from initiatief.models import ASPECTS, Event, EventKind, Feedback, Initiative, Status, User

from .bulk.phrases import FOLLOW_UP_NOTES, REMARKS

WEIGHTS = {Status.FINISHED: (1, 2, 5), Status.STOPPED: (4, 3, 2)}
WORDS = {1: "ontevreden", 2: "neutraal", 3: "tevreden"}


def add_verdicts(
    initiatives: list[Initiative], now: datetime, rng: random.Random, coordinators: list[User]
) -> int:
    """A verdict for most closed initiatives, given a few days after closing. Adds and flushes."""
    closed = [i for i in initiatives if i.status in WEIGHTS and i.closed_at is not None]
    made = []
    for initiative in closed:
        given = initiative.closed_at + timedelta(days=rng.randint(1, 9), hours=rng.randint(0, 8))
        if given > now or rng.random() < 0.2:
            continue
        verdict = rng.choices((1, 2, 3), weights=WEIGHTS[initiative.status])[0]
        made.append(_verdict(initiative, given, verdict, rng))
    if made and not any(f.verdict == 1 for f in made):
        made[0].verdict = 1  # so the dashboard has an unhappy resident to call back
    for feedback in made:
        feedback.follow_up_requested = feedback.verdict == 1
    unhappy = [f for f in made if f.verdict == 1]
    for feedback in unhappy[1:]:  # the first one is still waiting for a call
        if coordinators and rng.random() < 0.7:
            feedback.followed_up_at = feedback.created_at + timedelta(days=2)
            feedback.followed_up_by = rng.choice(coordinators)
            feedback.follow_up_note = rng.choice(FOLLOW_UP_NOTES)
    db.session.flush()
    for feedback in made:
        db.session.add(
            Event(
                initiative_id=feedback.initiative.id,
                kind=EventKind.FEEDBACK,
                created_at=feedback.created_at,
                data={"verdict": WORDS[feedback.verdict], "feedback_id": feedback.id},
            )
        )
    db.session.flush()
    return len(made)


def _verdict(initiative: Initiative, given: datetime, verdict: int, rng: random.Random):
    scores = {}
    if rng.random() < 0.7:
        for aspect in ASPECTS:
            centre = {1: 2, 2: 3, 3: 4}[verdict]
            scores[f"{aspect}_score"] = min(5, max(1, centre + rng.choice((-1, 0, 0, 1))))
    phases = list({v.phase_id: v.phase for v in initiative.visits if not v.skipped}.values())
    feedback = Feedback(
        initiative=initiative,
        journey_id=initiative.journey_id,
        created_at=given,
        verdict=verdict,
        remark=rng.choice(REMARKS[verdict]) if rng.random() < 0.6 else "",
        phases=phases,
        **scores,
    )
    db.session.add(feedback)
    return feedback
