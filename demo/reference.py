"""Reference data of the demo world: journeys, wijken, teams, closed days and staff."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from dateutil.easter import easter
from flask import current_app
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from initiatief.extensions import db
from initiatief.models import ClosedDay, Journey, Phase, Role, Team, User, Wijk
from initiatief.models.types import local

from .data import DEMO_PASSWORD, JOURNEYS
from .organisation import STAFF, TEAMS
from .portraits import save_portrait

STAFF_DOMAIN = "gemeente.example"


@dataclass
class World:
    """The seeded reference data, by natural key, for tests and the demo initiatives."""

    journeys: dict[str, Journey] = field(default_factory=dict)  # by slug
    teams: dict[str, Team] = field(default_factory=dict)  # by name
    wijken: dict[str, Wijk] = field(default_factory=dict)  # by name
    staff: dict[str, User] = field(default_factory=dict)  # by key, e.g. "sanne"
    closed_days: list[date] = field(default_factory=list)

    @property
    def default_journey(self) -> Journey:
        return self.journeys["standaard"]

    @property
    def medewerkers(self) -> list[User]:
        return [u for u in self.staff.values() if u.role == Role.MEDEWERKER]

    @property
    def coordinators(self) -> list[User]:
        return [u for u in self.staff.values() if u.role == Role.COORDINATOR]

    @property
    def unrouted_team(self) -> Team:
        return next(t for t in self.teams.values() if t.takes_unrouted)

    @property
    def complete(self) -> bool:
        return (
            {j["slug"] for j in JOURNEYS} <= self.journeys.keys()
            and {t[0] for t in TEAMS} <= self.teams.keys()
            and {s["key"] for s in STAFF} <= self.staff.keys()
        )


def staff_email(key: str) -> str:
    return f"{key}@{STAFF_DOMAIN}"


def seed_reference_data(now: datetime) -> None:
    """Add what is missing of the demo world; rows that already exist are left alone.

    Safe to call twice, and on a database where a beheerder already edited a
    journey. Portraits are written to UPLOAD_DIR/photos for new staff only. Adds
    and flushes; the caller commits.
    """
    journeys = _existing(Journey, Journey.slug)
    has_default = any(j.is_default for j in journeys.values())
    for spec in JOURNEYS:
        if spec["slug"] not in journeys:
            # Never a second default: intake would pick one of them at random-ish.
            db.session.add(_journey(spec, default=spec["is_default"] and not has_default))

    teams = _existing(Team, Team.name)
    wijken = _existing(Wijk, Wijk.name)
    for name, email, takes_unrouted, wijk_names in TEAMS:
        team = teams.get(name)
        if team is None:
            team = teams[name] = Team(name=name, email=email, takes_unrouted=takes_unrouted)
            db.session.add(team)
        for wijk_name in wijk_names:
            if wijk_name not in wijken:
                wijken[wijk_name] = Wijk(name=wijk_name, team=team)
                db.session.add(wijken[wijk_name])

    closed = set(_existing(ClosedDay, ClosedDay.day))
    for day, reason in _bridge_days(local(now).year):
        if day not in closed:
            db.session.add(ClosedDay(day=day, reason=reason))

    users = _existing(User, User.email)
    # One hash for all demo accounts: scrypt is slow on purpose, and they share the password.
    password_hash = None
    upload_dir = current_app.config["UPLOAD_DIR"]
    for spec in STAFF:
        email = staff_email(spec["key"])
        if email in users:
            continue
        password_hash = password_hash or generate_password_hash(DEMO_PASSWORD)
        user = User(
            email=email,
            name=spec["name"],
            role=spec["role"],
            password_hash=password_hash,
            job_title=spec["job_title"],
            phone=spec["phone"],
            reachable=spec["reachable"],
            introduction=spec["introduction"],
            photo=save_portrait(spec["key"], upload_dir) if spec.get("photo", True) else None,
        )
        if spec["team"]:
            user.teams.append(teams[spec["team"]])
        db.session.add(user)
    db.session.flush()


def load_world() -> World:
    """The demo world as it is in the database now (possibly incomplete; see World.complete)."""
    world = World(
        journeys=_existing(Journey, Journey.slug),
        teams=_existing(Team, Team.name),
        wijken=_existing(Wijk, Wijk.name),
        closed_days=sorted(_existing(ClosedDay, ClosedDay.day)),
    )
    users = _existing(User, User.email)
    for spec in STAFF:
        user = users.get(staff_email(spec["key"]))
        if user is not None:
            world.staff[spec["key"]] = user
    return world


def make_world(now: datetime) -> World:
    """seed_reference_data(now), then the world it made: a realistic start for a test."""
    seed_reference_data(now)
    return load_world()


def _existing(model, key_column) -> dict:
    rows = db.session.execute(select(model)).scalars().all()
    return {getattr(row, key_column.key): row for row in rows}


def _journey(spec: dict, default: bool) -> Journey:
    journey = Journey(
        slug=spec["slug"], name=spec["name"], description=spec["description"], is_default=default
    )
    for position, phase in enumerate(spec["phases"], start=1):
        journey.phases.append(Phase(position=position, **phase))
    return journey


def _bridge_days(year: int) -> list[tuple[date, str]]:
    """The Friday after Ascension Day, closed in many town halls, this year and last.

    Last year's too, because the demo history reaches back that far.
    """
    return [
        (easter(y) + timedelta(days=40), "Brugdag na Hemelvaartsdag: het gemeentehuis is dicht")
        for y in (year - 1, year)
    ]
