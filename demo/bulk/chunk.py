"""One chunk of bulk rows: per-table lists, ids handed out here, and the event row.

Row dicts match the tables column for column (see models/). The row maker
(rows.py) and the stories it tells (story.py) both add to one chunk; story.py
needs only this, so the two do not import each other.
"""

import random
from dataclasses import dataclass, field

from .calendar import FastCalendar
from .lives import OFFICE, Moment, utc

TABLES = (
    "initiatives",
    "initiators",
    "phase_visits",
    "pauses",
    "events",
    "callback_requests",
    "feedback",
    "feedback_phases",
    "outbox_mails",
)  # in insert order: parents first


@dataclass
class Ids:
    """The next id per table; the writer starts them after what the database holds."""

    next: dict[str, int] = field(default_factory=dict)

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


class Chunk:
    """The rows of one chunk per table, in insert order, until the writer takes them."""

    def __init__(self, rng: random.Random, calendar: FastCalendar, now: Moment, ids: Ids) -> None:
        self.rng, self.calendar, self.now, self.ids = rng, calendar, now, ids
        self.rows: dict[str, list[dict]] = {table: [] for table in TABLES}

    def take_rows(self) -> dict[str, list[dict]]:
        rows, self.rows = self.rows, {table: [] for table in TABLES}
        return rows

    def between(self, start: Moment, end: Moment | None) -> Moment | None:
        """An office-hours moment on a working day strictly between two moments."""
        end = end or self.now
        cal = self.calendar
        inside = cal.working_days_between(start[0], end[0]) - cal.is_working_day(end[0])
        if inside <= 0:
            return None
        return cal.add_working_days(start[0], self.rng.randint(1, inside)), self.rng.randint(
            *OFFICE
        )

    def event(
        self,
        initiative_id: int,
        kind: str,
        moment: Moment,
        actor: int | None,
        data: dict,
        body: str = "",
        public: bool = False,
    ) -> None:
        self.rows["events"].append(
            {
                "id": self.ids.take("events"),
                "initiative_id": initiative_id,
                "kind": str(kind),
                "created_at": utc(moment),
                "actor_id": actor,
                "public": public,
                "body": body,
                "data": data,
            }
        )
