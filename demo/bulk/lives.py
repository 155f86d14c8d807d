"""The life of one bulk demo initiative, simulated forward from its submission.

Each phase gets a duration drawn around its norm (some phases are slow, some teams
and people are slower than others), maybe a pause, a stop or an extension; the
simulation stops at `now`. Moments are (Amsterdam date, minute of the day) pairs,
so comparing them is cheap and converting to UTC happens once, when rows are made.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from initiatief.models import Actor, NormUnit, Status
from initiatief.models.types import AMSTERDAM

from .calendar import FastCalendar

Moment = tuple[date, int]  # Amsterdam date, minutes after midnight

OFFICE = (8 * 60 + 30, 16 * 60 + 45)

_OFFSETS: dict[date, timedelta] = {}


def utc(moment: Moment) -> datetime:
    """The UTC datetime of an Amsterdam (date, minute) moment.

    The offset is looked up once per date, at noon: every generated moment lies
    between 07.00 and 23.00, after the 02.00-03.00 switch to or from summer time.
    """
    day, minute = moment
    offset = _OFFSETS.get(day)
    if offset is None:
        offset = _OFFSETS[day] = AMSTERDAM.utcoffset(datetime.combine(day, time(12)))
    wall = datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=UTC)
    return wall - offset


@dataclass(frozen=True)
class PhaseSpec:
    id: int
    position: int
    name: str
    norm_days: int | None
    norm_unit: str
    actor: str


@dataclass(frozen=True)
class Profile:
    """How long a phase takes, as a factor of its norm, and what can happen in it."""

    factor: float  # median duration / norm (working days of clock time)
    spread: float  # sigma of the log-normal draw
    pause: float  # chance of a pause during a stay
    stop: float  # chance the initiative stops in this phase
    waiting_on: str = "initiatiefnemer"  # whom a pause here usually waits for
    days: int = 0  # median working days when the phase has no norm


# By (journey slug, phase name). Besluit in the standard journey is the bottleneck:
# about half its stays run over the 40 working days, some past twice that.
PROFILES = {
    ("standaard", "Ontvangen"): Profile(0.8, 0.5, 0.0, 0.01),
    ("standaard", "Kennismaking"): Profile(0.8, 0.5, 0.05, 0.04),
    ("standaard", "Uitwerken"): Profile(0.85, 0.55, 0.45, 0.06),
    ("standaard", "Besluit"): Profile(1.0, 0.45, 0.25, 0.05, "derde"),
    ("standaard", "Uitvoering"): Profile(1.0, 0.6, 0.12, 0.02, days=60),
    ("standaard", "Evaluatie"): Profile(0.8, 0.6, 0.02, 0.0),
    ("klein", "Ontvangen"): Profile(0.7, 0.5, 0.0, 0.01),
    ("klein", "Kennismaking"): Profile(0.9, 0.6, 0.08, 0.04),
    ("klein", "Besluit"): Profile(0.85, 0.5, 0.08, 0.05, "derde"),
    ("klein", "Uitvoering"): Profile(1.0, 0.6, 0.10, 0.02, days=30),
    ("klein", "Evaluatie"): Profile(0.9, 0.6, 0.02, 0.0),
}
DEFAULT_PROFILE = Profile(0.9, 0.5, 0.05, 0.05, days=30)
EXTENSION_SHARE = 0.35  # late stays whose due date staff moved, with a reason


@dataclass
class PauseSpan:
    started: Moment
    ended: Moment | None  # None: still paused now
    waiting_on: str
    days: int = 0  # working days counted as progress.end_pause counts them


@dataclass
class Extension:
    at: Moment
    old_due: date
    new_due: date


@dataclass
class Stay:
    phase: PhaseSpec
    entered: Moment
    left: Moment | None
    skipped: bool = False
    promised_on: date | None = None
    due_on: date | None = None
    pause: PauseSpan | None = None
    extension: Extension | None = None


@dataclass
class Life:
    journey_slug: str
    submitted: Moment
    stays: list[Stay] = field(default_factory=list)
    status: str = Status.ACTIVE
    closed: Moment | None = None


class LifeMaker:
    """Simulates lives with one random generator and one calendar, up to now."""

    def __init__(self, rng: random.Random, calendar: FastCalendar, now: Moment) -> None:
        self.rng, self.calendar, self.now = rng, calendar, now

    def office(self, day: date) -> Moment:
        return day, self.rng.randint(*OFFICE)

    def live(
        self, slug: str, phases: list[PhaseSpec], submitted: Moment, speed: float, money: bool
    ) -> Life:
        """The history of one initiative; speed > 1 means slower staff for their phases."""
        life = Life(slug, submitted)
        skip = self._skipped_index(slug, phases, money)
        entered = submitted
        for index, phase in enumerate(phases):
            if index == skip:
                life.stays.append(Stay(phase, entered, entered, skipped=True))
                continue
            stay, stopped = self._stay(slug, phase, entered, speed)
            life.stays.append(stay)
            if stay.left is None:
                open_pause = stay.pause is not None and stay.pause.ended is None
                life.status = Status.PAUSED if open_pause else Status.ACTIVE
                return life
            if stopped:
                life.status, life.closed = Status.STOPPED, stay.left
                return life
            entered = stay.left
        life.status, life.closed = Status.FINISHED, entered
        return life

    def _skipped_index(self, slug: str, phases: list[PhaseSpec], money: bool) -> int | None:
        """Besluit is not needed without money; a small plan may skip Kennismaking."""
        rng = self.rng
        names = [p.name for p in phases]
        skip_decision = rng.random() < (0.03 if money else 0.6)
        if slug == "standaard" and "Besluit" in names and skip_decision:
            return names.index("Besluit")
        if slug == "klein" and "Kennismaking" in names and rng.random() < 0.1:
            return names.index("Kennismaking")
        return None

    def _clock_days(self, profile: Profile, phase: PhaseSpec, speed: float) -> int:
        """Working days the clock runs in the phase (pauses not included)."""
        if phase.norm_days is None:
            base = profile.days
        elif phase.norm_unit == NormUnit.CALENDAR_DAYS:
            base = max(1, phase.norm_days * 5 // 7)
        else:
            base = phase.norm_days
        if phase.actor == Actor.INITIATOR:
            speed = 1.0 + (speed - 1.0) / 3  # the resident sets the pace here
        factor = profile.factor * self.rng.lognormvariate(0.0, profile.spread) * speed
        return max(1, round(base * factor))

    def _stay(self, slug: str, phase: PhaseSpec, entered: Moment, speed: float) -> tuple:
        rng, cal, now = self.rng, self.calendar, self.now
        profile = PROFILES.get((slug, phase.name), DEFAULT_PROFILE)
        entry_day = entered[0]
        promised = cal.due_date(entry_day, phase.norm_days, phase.norm_unit)
        stay = Stay(phase, entered, None, promised_on=promised, due_on=promised)
        clock = self._clock_days(profile, phase, speed)
        paused = 0
        pause = None
        if clock >= 3 and rng.random() < profile.pause:
            begin = cal.add_working_days(entry_day, rng.randint(1, clock - 1))
            paused = max(1, round(rng.lognormvariate(2.4, 0.6)))  # about 11 working days
            waiting = profile.waiting_on if rng.random() < 0.8 else _other(profile.waiting_on)
            end = cal.add_working_days(begin, paused)
            pause = PauseSpan(self.office(begin), self.office(end), waiting)
        left = self.office(cal.add_working_days(entry_day, clock + paused))
        stopped = rng.random() < profile.stop
        if stopped:
            left = self.office(cal.add_working_days(entry_day, rng.randint(1, clock + paused)))
        if pause is not None:
            if pause.started >= left:
                pause = None
            elif pause.ended > left:
                pause.ended = left  # stopping ends the pause, as actions.stop does
        if left > now:
            left, stopped = None, False
            if pause is not None and pause.started > now:
                pause = None
            elif pause is not None and pause.ended > now:
                pause.ended = None
        stay.left, stay.pause = left, pause
        if pause is not None and pause.ended is not None:
            pause.days = cal.working_days_between(pause.started[0], pause.ended[0])
            if stay.due_on is not None and pause.days:
                stay.due_on = cal.add_working_days(stay.due_on, pause.days)
        self._maybe_extend(stay)
        return stay, stopped

    def _maybe_extend(self, stay: Stay) -> None:
        """A late stay whose due date staff moved, around the day it was due."""
        rng, cal = self.rng, self.calendar
        due = stay.due_on
        if due is None or rng.random() >= EXTENSION_SHARE:
            return
        end = stay.left or self.now
        if end[0] <= due:
            return  # not late
        pause = stay.pause
        if pause is not None and pause.ended is None:
            return  # paused now: the clock stands still, nothing to move
        # Usually told a day or two before the date passes, sometimes on the day itself.
        day = cal.working_days_before(due, rng.randint(0, 2))
        floor = max(stay.entered[0], pause.ended[0] if pause is not None else stay.entered[0])
        if day <= floor:
            return
        at = self.office(day)
        if at >= end:
            return
        new_due = cal.add_working_days(due, rng.randint(5, 25))
        stay.extension = Extension(at, due, new_due)
        stay.due_on = new_due


def _other(waiting_on: str) -> str:
    return "derde" if waiting_on == "initiatiefnemer" else "initiatiefnemer"
