"""A small hand-built history for the verbeteracties' before/after figures, worked out by hand.

Phase Kennismaking (norm 10 working days). Today is Monday 13 April 2026.
Closed day: Friday 13 March 2026. Public holidays near: Good Friday 3 April and
Easter Monday 6 April. Working days in a visit are the days after entering up to
and including leaving (Monday to Friday, without holidays and the closed day),
minus the paused working days, as services/visit_outcomes.py counts them.

The main action starts on Wednesday 1 April. W (working days from the start up
to and including yesterday, Sunday 12 April): 1, 2, 7, 8, 9, 10 April = 6.
  after:  1 April .. Friday 10 April (the 6th working day from the start)
  before: Tuesday 24 March (the 6th working day before: 31, 30, 27, 26, 25, 24
          March) .. Tuesday 31 March

Initiatives (team Noord: Anna, Bram; team Zuid: Cor), one Kennismaking visit each:
  key  team   entered    left       net working days       promised  within kept
  B1   Noord  Mon 16 Mar Tue 24 Mar  6                     30 Mar    yes    yes
  B2   Noord  Mon 16 Mar Wed 25 Mar  7                     30 Mar    yes    yes
  B3   Noord  Mon 16 Mar Mon 30 Mar 10                     30 Mar    yes    yes
  B4   Noord  Fri 13 Mar Tue 31 Mar 12 (13 Mar is closed;  27 Mar    no     no
                                       entering never counts)
  B5   Noord  Mon 9 Mar  Tue 31 Mar 15 gross (10, 11, 12, 16-20, 23-27, 30, 31;
                                    13 closed), paused 16 -> 25 March (17-20,
                                    23-25 = 7): net 8      24 Mar    yes    no
              (within: left 31 March minus 7 paused working days is 20 March,
              on or before 24 March; kept: 31 March is after 24 March)
  A1   Noord  Tue 31 Mar Wed 1 Apr   1                     16 Apr    yes    yes
  A2   Noord  Tue 31 Mar Thu 2 Apr   2                     16 Apr    yes    yes
  A3   Noord  Tue 31 Mar Tue 7 Apr   3 (3 and 6 April are holidays)  yes yes
  A4   Noord  Tue 31 Mar Wed 8 Apr   4                     16 Apr    yes    yes
  A5   Zuid   Tue 31 Mar Fri 10 Apr  6                     16 Apr    yes    yes
  X1   Noord  Mon 16 Mar Mon 23 Mar  5 (left the day before the before period)
  X2   Noord  Tue 31 Mar Mon 13 Apr  (left today: after the after period)
  X3   Noord  Ontvangen (another phase) Tue 24 Mar -> Wed 25 Mar
  P1   Noord  Mon 2 Mar  Thu 5 Mar   3   (only for the action started on the closed day)
  P2   Zuid   Mon 2 Mar  Wed 11 Mar  7
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from initiatief.extensions import db
from initiatief.models import ClosedDay, Initiative, Pause, PhaseVisit, Status
from initiatief.models.types import AMSTERDAM
from initiatief.services.visit_outcomes import count_outcomes
from tests.factories import make_world

TODAY = date(2026, 4, 13)
START = date(2026, 4, 1)
CLOSED = date(2026, 3, 13)


def amsterdam(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=AMSTERDAM).astimezone(UTC)


@dataclass
class ImprovementWorld:
    world: object
    initiatives: dict[str, Initiative] = field(default_factory=dict)
    phases: dict[str, int] = field(default_factory=dict)

    def rows(self) -> list:
        return [*self.world.rows(), *self.initiatives.values()]


# key: (team, contact, phase, entered (month, day), left (month, day), promised (month, day))
VISITS = {
    "B1": ("noord", "anna", "K", (3, 16), (3, 24), (3, 30)),
    "B2": ("noord", "bram", "K", (3, 16), (3, 25), (3, 30)),
    "B3": ("noord", "anna", "K", (3, 16), (3, 30), (3, 30)),
    "B4": ("noord", "bram", "K", (3, 13), (3, 31), (3, 27)),
    "B5": ("noord", "anna", "K", (3, 9), (3, 31), (3, 24)),
    "A1": ("noord", "anna", "K", (3, 31), (4, 1), (4, 16)),
    "A2": ("noord", "bram", "K", (3, 31), (4, 2), (4, 16)),
    "A3": ("noord", "anna", "K", (3, 31), (4, 7), (4, 16)),
    "A4": ("noord", "bram", "K", (3, 31), (4, 8), (4, 16)),
    "A5": ("zuid", "cor", "K", (3, 31), (4, 10), (4, 16)),
    "X1": ("noord", "anna", "K", (3, 16), (3, 23), (3, 30)),
    "X2": ("noord", "anna", "K", (3, 31), (4, 13), (4, 16)),
    "X3": ("noord", "anna", "O", (3, 24), (3, 25), (3, 26)),
    "P1": ("noord", "anna", "K", (3, 2), (3, 5), (3, 16)),
    "P2": ("zuid", "cor", "K", (3, 2), (3, 11), (3, 16)),
}


def build() -> ImprovementWorld:
    """The world above, its outcomes counted by the real service; flushed, not committed."""
    world = make_world()
    db.session.add(ClosedDay(day=CLOSED, reason="Studiedag"))
    phases = {p.name: p for p in world.journey.phases}
    by_key = {"O": phases["Ontvangen"], "K": phases["Kennismaking"]}
    made = ImprovementWorld(world, phases={k: p.id for k, p in by_key.items()})
    stays = []
    for key, (team, contact, phase, entered, left, promised) in VISITS.items():
        item = Initiative(
            number=f"INI-2026-{len(made.initiatives) + 1:04d}",
            title=f"Initiatief {key}",
            summary="Samenvatting",
            description="Beschrijving",
            theme="groen",
            wijk=world.wijken["haven" if team == "zuid" else "centrum"],
            journey=world.journey,
            team=world.teams[team],
            contact=world.staff[contact],
            status=Status.ACTIVE,
            submitted_at=amsterdam(*entered, hour=9),
        )
        db.session.add(item)
        made.initiatives[key] = item
        stay = PhaseVisit(
            initiative=item,
            phase=by_key[phase],
            entered_at=amsterdam(*entered),
            left_at=amsterdam(*left),
            promised_on=date(2026, *promised),
            due_on=date(2026, *promised),
        )
        db.session.add(stay)
        stays.append(stay)
        if key == "B5":  # waiting on the initiatiefnemer: 17-20 and 23-25 March = 7 days
            db.session.add(
                Pause(
                    visit=stay,
                    started_at=amsterdam(3, 16),
                    ended_at=amsterdam(3, 25),
                    waiting_on="initiatiefnemer",
                    reason="Wacht op de tekening",
                )
            )
    count_outcomes(stays)  # as the services do when they end a visit
    db.session.flush()
    return made
