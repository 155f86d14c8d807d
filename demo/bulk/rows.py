"""Turns a simulated life into the rows the real services would have written.

Row dicts match the tables column for column (see models/), with ids handed out
by the chunk (chunk.py), so one chunk can go to the database in a few
executemany calls without waiting for generated keys. Event data uses the same
keys as services/actions/ and services/intake.py.
"""

from dataclasses import dataclass
from datetime import timedelta

from initiatief.models import EventKind, Status

from .. import ideas
from .chunk import Chunk
from .lives import Life, Stay, utc
from .story import tell_story


@dataclass
class Who:
    """Who handles one initiative: its team, provisional and confirmed contact, a coördinator."""

    team_id: int
    provisional_id: int
    contact_id: int
    coordinator_id: int


class RowMaker(Chunk):
    """Adds the rows of one initiative at a time to per-table lists (one chunk)."""

    def initiative(
        self,
        life: Life,
        number: str,
        idea: ideas.Idea,
        description: str,
        resident: dict,
        wijk_id: int | None,
        journey_id: int,
        who: Who,
    ) -> int:
        """The initiative and its initiator; returns the initiative id."""
        rng = self.rng
        initiative_id = self.ids.take("initiatives")
        submitted = utc(life.submitted)
        outcome = None
        if life.status == Status.FINISHED:
            outcome = rng.choice(ideas.FINISHED)
        elif life.status == Status.STOPPED:
            outcome = rng.choice(ideas.STOPS)
        wished = life.submitted[0] + timedelta(days=rng.randint(30, 120))
        self.rows["initiatives"].append(
            {
                "id": initiative_id,
                "number": number,
                "title": idea.title,
                "summary": idea.summary,
                "description": description,
                "theme": idea.theme,
                "wijk_id": wijk_id,
                "location": idea.location,
                "support": list(idea.support),
                "amount_euros": idea.amount if "geld" in idea.support else None,
                "wished_start": wished if rng.random() < 0.6 else None,
                "journey_id": journey_id,
                "team_id": who.team_id,
                "contact_id": who.contact_id,
                "status": str(life.status),
                "outcome": outcome,
                "submitted_at": submitted,
                "closed_at": utc(life.closed) if life.closed else None,
                "version": 1,
            }
        )
        self.rows["initiators"].append(
            {
                "id": self.ids.take("initiators"),
                "initiative_id": initiative_id,
                **resident,
                "consent_at": submitted,
                "mail_opt_out": rng.random() < 0.04,
                "anonymised_at": None,
            }
        )
        return initiative_id

    def history(
        self, initiative_id: int, life: Life, who: Who, support: tuple[str, ...]
    ) -> list[int]:
        """Visits, pauses and events; returns the phase ids gone through (not skipped)."""
        add = self.event
        add(initiative_id, EventKind.SUBMITTED, life.submitted, None, {})
        assigned = {"provisional": True, "team_id": who.team_id}
        add(
            initiative_id,
            EventKind.ASSIGNED,
            life.submitted,
            None,
            {**assigned, "contact_id": who.provisional_id},
        )
        previous: Stay | None = None
        skipped: list[int] = []
        through: list[int] = []
        for stay in life.stays:
            visit_id = self._visit(initiative_id, stay)
            if stay.skipped:
                skipped.append(stay.phase.id)
                continue
            through.append(stay.phase.id)
            if previous is not None:
                actor = who.contact_id
                if previous.phase.position == 1:
                    actor = who.coordinator_id
                    add(
                        initiative_id,
                        EventKind.ASSIGNED,
                        stay.entered,
                        actor,
                        {**assigned, "provisional": False, "contact_id": who.contact_id},
                    )
                moved = {"from_phase_id": previous.phase.id, "to_phase_id": stay.phase.id}
                add(
                    initiative_id,
                    EventKind.PHASE_CHANGED,
                    stay.entered,
                    actor,
                    {**moved, "visit_id": visit_id, "skipped_phase_ids": skipped, "message": False},
                )
            tell_story(self, initiative_id, visit_id, stay, who.contact_id, support)
            previous, skipped = stay, []
        if life.closed is not None and previous is not None:
            data = {
                "from_phase_id": previous.phase.id,
                "to_phase_id": None,
                "visit_id": None,
                "skipped_phase_ids": [],
                "message": False,
                "status": str(life.status),
            }
            if life.status == Status.STOPPED:
                data["outcome"] = _outcome_key(self.rows["initiatives"][-1]["outcome"] or "")
            add(initiative_id, EventKind.PHASE_CHANGED, life.closed, who.contact_id, data)
        return through

    def _visit(self, initiative_id: int, stay: Stay) -> int:
        visit_id = self.ids.take("phase_visits")
        extension = stay.extension
        self.rows["phase_visits"].append(
            {
                "id": visit_id,
                "initiative_id": initiative_id,
                "phase_id": stay.phase.id,
                "entered_at": utc(stay.entered),
                "entered_on": stay.entered[0],
                "promised_on": stay.promised_on,
                "due_on": stay.due_on,
                "left_at": utc(stay.left) if stay.left else None,
                "left_on": stay.left[0] if stay.left else None,
                "skipped": stay.skipped,
                "paused_working_days": stay.pause.days if stay.pause is not None else 0,
                "delay_reason": self._delay_reason() if extension is not None else "",
            }
        )
        return visit_id

    def _delay_reason(self) -> str:
        return self.rng.choice(ideas.DELAYS)


def _outcome_key(reason: str) -> str:
    """The stop's key (actions.OUTCOME_LABELS) that goes with the demo's stop reason."""
    first = reason.split(":")[0].split()[0].lower() if reason else ""
    return first if first in ("ingetrokken", "afgewezen", "samengevoegd") else "anders"
