"""Closed days, journeys' phases and wijken, kept per worker until a beheerder edits them.

A status page needs the working-day calendar and its journey's phases on every
view, the intake form the wijken, and they change a few times a year. Each app
(one per worker process) keeps a snapshot with the stamp it was read under
(models.ConfigStamp); a request reads only the stamp, one small statement, and
reloads when another worker's edit (or its own) wrote a new one. Never stale after a
committed edit, on any worker.
"""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from ..dates.planning import WorkCalendar
from ..extensions import db
from ..models import CONFIG, ClosedDay, ConfigStamp, Phase, Wijk

EXTENSION_KEY = "initiatief.config_cache"


@dataclass(frozen=True)
class PhaseConfig:
    """What a timeline and the status page read of a phase; a copy, never bound to a session."""

    id: int
    journey_id: int
    position: int
    name: str
    expectation: str
    norm_days: int | None
    norm_unit: str
    actor: str
    resident_task: str


@dataclass(frozen=True)
class ConfigSnapshot:
    stamp: str | None
    calendar: WorkCalendar
    phases: dict[int, tuple[PhaseConfig, ...]]  # by journey id, in order
    wijken: tuple[tuple[int, str], ...] = ()  # (id, name) by name, for the intake form

    def journey_phases(self, journey_id: int) -> tuple[PhaseConfig, ...]:
        return self.phases.get(journey_id, ())


# Built once per process: the page reads the stamp on every view.
STAMP_READ = select(ConfigStamp.token).where(ConfigStamp.name == CONFIG)


def stamp_column():
    """The stamp as a column, for a statement that reads it along with other things."""
    return STAMP_READ.scalar_subquery().label("config_stamp")


def current_config() -> ConfigSnapshot:
    """This app's snapshot, read again when the stamp in the database differs from its own.

    No row (nothing edited since the upgrade) is a stamp too: None.
    """
    return config_for_stamp(db.session.scalar(STAMP_READ))


def config_for_stamp(stamp: str | None) -> ConfigSnapshot:
    """current_config for a stamp this request read already (see stamp_column)."""
    cached = current_app.extensions.get(EXTENSION_KEY)
    if cached is not None and cached.stamp == stamp:
        return cached
    fresh = _load(stamp)
    current_app.extensions[EXTENSION_KEY] = fresh
    return fresh


def _load(stamp: str | None) -> ConfigSnapshot:
    closed = db.session.execute(select(ClosedDay.day)).scalars().all()
    phases: dict[int, list[PhaseConfig]] = {}
    for phase in db.session.execute(
        select(Phase).order_by(Phase.journey_id, Phase.position)
    ).scalars():
        phases.setdefault(phase.journey_id, []).append(
            PhaseConfig(
                id=phase.id,
                journey_id=phase.journey_id,
                position=phase.position,
                name=phase.name,
                expectation=phase.expectation,
                norm_days=phase.norm_days,
                norm_unit=phase.norm_unit,
                actor=phase.actor,
                resident_task=phase.resident_task,
            )
        )
    return ConfigSnapshot(
        stamp=stamp,
        calendar=WorkCalendar(closed),
        phases={journey_id: tuple(rows) for journey_id, rows in phases.items()},
        wijken=tuple(db.session.execute(select(Wijk.id, Wijk.name).order_by(Wijk.name)).tuples()),
    )
