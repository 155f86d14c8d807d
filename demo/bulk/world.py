"""The demo world as plain data for the bulk generator, and who handles each initiative.

Teams and people differ on purpose (SPEED), so the dashboard's comparisons have
something to show: Zuid is slow, Noord quick, Thomas takes his time.
"""

import random
from dataclasses import dataclass

from ..reference import World
from .lives import PhaseSpec
from .rows import Who

# Above 1: slower than the norm in the phases where the municipality acts.
TEAM_SPEED = {"Wijkteam Noord": 0.9, "Wijkteam Zuid": 1.2, "Wijkteam Centrum": 1.0}
STAFF_SPEED = {
    "sanne": 0.85,
    "youssef": 1.0,
    "priya": 1.05,
    "thomas": 1.3,
    "esra": 0.95,
    "bart": 1.1,
}
JOURNEY_SHARE = {"standaard": 0.62, "klein": 0.38}
UNKNOWN_WIJK = 0.1  # residents who do not know their wijk: the unrouted team takes them
REASSIGNED = 0.2  # triage gives another contact than the provisional one


@dataclass(frozen=True)
class JourneySpec:
    id: int
    slug: str
    phases: list[PhaseSpec]


@dataclass(frozen=True)
class Member:
    id: int
    speed: float


@dataclass(frozen=True)
class TeamSpec:
    id: int
    speed: float
    members: list[Member]


@dataclass(frozen=True)
class WijkSpec:
    id: int
    name: str
    team: TeamSpec
    weight: int  # busier wijken bring more plans


class WorldSpec:
    """Ids and speeds of the demo world; no ORM objects, so nothing grows in the session."""

    def __init__(self, world: World) -> None:
        keys = {user.id: key for key, user in world.staff.items()}
        self.journeys = [
            JourneySpec(
                j.id,
                j.slug,
                [
                    PhaseSpec(p.id, p.position, p.name, p.norm_days, p.norm_unit, p.actor)
                    for p in j.phases
                ],
            )
            for j in sorted(world.journeys.values(), key=lambda j: j.slug != "standaard")
        ]
        self.journey_weights = [JOURNEY_SHARE.get(j.slug, 0.1) for j in self.journeys]
        self.teams = {}
        for name, team in sorted(world.teams.items()):
            members = [
                Member(u.id, STAFF_SPEED.get(keys.get(u.id, ""), 1.0))
                for u in sorted(team.members, key=lambda u: u.email)
            ]
            self.teams[team.id] = TeamSpec(team.id, TEAM_SPEED.get(name, 1.0), members)
        self.wijken = [
            WijkSpec(w.id, w.name, self.teams[w.team_id], 1 + (index * 7) % 4)
            for index, w in enumerate(sorted(world.wijken.values(), key=lambda w: w.name))
        ]
        self.wijk_weights = [w.weight for w in self.wijken]
        self.unrouted = self.teams[world.unrouted_team.id]
        self.coordinators = sorted(u.id for u in world.coordinators)

    def pick(self, rng: random.Random) -> tuple[JourneySpec, WijkSpec | None, Who, float]:
        """Journey, wijk, who handles it, and the speed of its team and contact person."""
        journey = rng.choices(self.journeys, weights=self.journey_weights)[0]
        wijk = None
        if rng.random() >= UNKNOWN_WIJK:
            wijk = rng.choices(self.wijken, weights=self.wijk_weights)[0]
        team = wijk.team if wijk is not None else self.unrouted
        contact = rng.choice(team.members)
        provisional = rng.choice(team.members) if rng.random() < REASSIGNED else contact
        who = Who(team.id, provisional.id, contact.id, rng.choice(self.coordinators))
        return journey, wijk, who, team.speed * contact.speed
