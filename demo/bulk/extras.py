"""What residents add around a bulk demo history: call-back requests and verdicts.

Also the few failed mails that give the dashboard's signals something to show.
"""

import random
import uuid
from datetime import timedelta

from initiatief.models import ASPECTS, EventKind, MailStatus, Status

from .. import ideas
from . import phrases
from .lives import Life, Moment, utc
from .rows import RowMaker, Who

CALLBACK_SHARE = 0.08  # initiatives with a 'bel mij terug' request
# Verdict weights (ontevreden, neutraal, tevreden) by how the initiative ended.
VERDICT_WEIGHTS = {Status.FINISHED: (12, 25, 63), Status.STOPPED: (45, 35, 20)}
ANSWER_SHARE = {Status.FINISHED: 0.6, Status.STOPPED: 0.3}
VERDICT_WORDS = {1: "ontevreden", 2: "neutraal", 3: "tevreden"}


class Extras:
    """Adds call-backs and verdicts for one initiative at a time to the RowMaker's chunk."""

    def __init__(self, maker: RowMaker, rng: random.Random) -> None:
        self.maker, self.rng = maker, rng

    def callback(self, initiative_id: int, life: Life, phone: str, who: Who) -> None:
        """One request at a random moment of the life; most handled within 3 working days."""
        rng, maker = self.rng, self.maker
        if not phone or rng.random() >= CALLBACK_SHARE:
            return
        asked = maker.between(life.submitted, life.closed)
        if asked is None:
            return
        cal, now = maker.calendar, maker.now
        waited = cal.working_days_between(asked[0], now[0])
        # Recent ones are often still open; a few old ones were forgotten.
        still_open = life.closed is None and rng.random() < (0.6 if waited <= 3 else 0.03)
        handled = None
        if not still_open:
            handled = (
                cal.add_working_days(
                    asked[0], rng.choices((0, 1, 2, 3, 5), weights=(3, 4, 2, 1, 1))[0]
                ),
                rng.randint(9 * 60, 16 * 60 + 30),
            )
            if handled <= asked:
                handled = (asked[0], min(asked[1] + 30, 23 * 60 + 59))
            if handled > now:
                handled = None
        maker.rows["callback_requests"].append(
            {
                "id": maker.ids.take("callback_requests"),
                "initiative_id": initiative_id,
                "phone": phone,
                "preferred_moment": rng.choice(ideas.CALLBACK_MOMENTS),
                "created_at": utc(asked),
                "handled_at": utc(handled) if handled else None,
                "handled_by_id": who.contact_id if handled else None,
                "note": rng.choice(phrases.CALLBACK_NOTES) if handled else "",
            }
        )
        maker.event(initiative_id, EventKind.CALLBACK_ASKED, asked, None, {})
        if handled:
            maker.event(initiative_id, EventKind.CALLBACK_HANDLED, handled, who.contact_id, {})

    def verdict(
        self,
        initiative_id: int,
        journey_id: int,
        life: Life,
        through: list[int],
        who: Who,
        slow: bool,
    ) -> None:
        """The resident's verdict some days after closing, for a good share of closed ones.

        slow: some stay ran past twice its norm, which makes an unhappy verdict likelier.
        """
        rng, maker = self.rng, self.maker
        if life.closed is None or rng.random() >= ANSWER_SHARE[life.status]:
            return
        given: Moment = (
            life.closed[0] + timedelta(days=rng.randint(1, 20)),
            rng.randint(480, 1320),
        )
        if given > maker.now:
            return
        weights = VERDICT_WEIGHTS[life.status]
        if slow:
            weights = (weights[0] * 2, weights[1], weights[2] // 2)
        verdict = rng.choices((1, 2, 3), weights=weights)[0]
        scores = {}
        answers_aspects = rng.random() < 0.65
        for aspect in ASPECTS:
            score = None
            if answers_aspects and rng.random() < 0.9:
                centre = {1: 2, 2: 3, 3: 4}[verdict] - (aspect == "speed" and slow)
                score = min(5, max(1, centre + rng.choice((-1, 0, 0, 1))))
            scores[f"{aspect}_score"] = score
        remark = rng.choice(phrases.REMARKS[verdict]) if rng.random() < 0.4 else ""
        follow_up = verdict == 1 and rng.random() < 0.5
        followed_at = followed_by = None
        note = ""
        if follow_up and rng.random() < 0.6:
            day = maker.calendar.add_working_days(given[0], rng.randint(1, 6))
            if (day, 600) <= maker.now:
                followed_at, followed_by = utc((day, rng.randint(540, 990))), who.coordinator_id
                note = rng.choice(phrases.FOLLOW_UP_NOTES)
        feedback_id = maker.ids.take("feedback")
        maker.rows["feedback"].append(
            {
                "id": feedback_id,
                "initiative_id": initiative_id,
                "journey_id": journey_id,
                "created_at": utc(given),
                "verdict": verdict,
                **scores,
                "remark": remark,
                "follow_up_requested": follow_up,
                "followed_up_at": followed_at,
                "followed_up_by_id": followed_by,
                "follow_up_note": note,
            }
        )
        for phase_id in dict.fromkeys(through):
            maker.rows["feedback_phases"].append({"feedback_id": feedback_id, "phase_id": phase_id})
        maker.event(
            initiative_id,
            EventKind.FEEDBACK,
            given,
            None,
            {"verdict": VERDICT_WORDS[verdict], "feedback_id": feedback_id},
        )

    def failed_mail(self, initiative_id: int, number: str, address: str, at: Moment) -> None:
        """A resident mail the mail server refused for good."""
        rng, maker = self.rng, self.maker
        kind, subject = rng.choice(phrases.MAIL_KINDS)
        mail_id = maker.ids.take("outbox_mails")
        created = utc(at)
        text = "Deze mail kon niet worden bezorgd (demodata)."
        maker.rows["outbox_mails"].append(
            {
                "id": mail_id,
                "key": f"demo-failed:{mail_id}",
                "kind": kind,
                "initiative_id": initiative_id,
                "to_address": address,
                "subject": subject.format(number=number),
                "text_body": text,
                "html_body": f"<p>{text}</p>",
                "message_id": f"<{uuid.UUID(int=rng.getrandbits(128))}@gemeente.example>",
                "headers": "",
                "status": str(MailStatus.FAILED),
                "urgent": True,
                "created_at": created,
                "send_after": created,
                "lease_until": None,
                "attempts": rng.randint(1, 5),
                "last_error": rng.choice(phrases.MAIL_ERRORS).format(address=address),
                "sent_at": None,
            }
        )
