"""Plans the past of each demo initiative: which phase it is in, and when it got there.

Dates are worked out backwards from now (or from the day it closed), in working
days, so the current phase is exactly as late or as early as the plan says.
Staff move initiatives on working days in office hours; residents submit any time.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from initiatief.dates.planning import WorkCalendar, today_local
from initiatief.models import Journey, NormUnit, Phase, Status
from initiatief.models.types import AMSTERDAM

# Status mix of the initiatives added after one per phase; "late" and "skipped" are
# active ones with a passed due date or a phase skipped on the way.
EXTRAS = (
    "finished", "late", "paused", "stopped", "active", "finished",
    "skipped", "late", "active", "paused", "stopped", "finished",
)  # fmt: skip


@dataclass
class Plan:
    journey: Journey
    phase_index: int  # the current phase, or the last one when closed
    status: str = Status.ACTIVE
    late: bool = False
    skip: int | None = None  # index of a phase skipped on the way
    past_pause: bool = False  # a pause, since ended, in the Uitwerken phase


@dataclass
class Stay:
    phase: Phase
    entered_at: datetime
    left_at: datetime | None
    skipped: bool = False
    pause: tuple[datetime, datetime] | None = None  # a pause that has ended


@dataclass
class History:
    stays: list[Stay] = field(default_factory=list)
    closed_at: datetime | None = None
    open_pause_at: datetime | None = None

    @property
    def submitted_at(self) -> datetime:
        return self.stays[0].entered_at


def make_plans(journeys: list[Journey], count: int, rng: random.Random) -> list[Plan]:
    """One active initiative per phase of every journey first, then a mix of states."""
    plans = [Plan(j, i) for j in journeys for i in range(len(j.phases))]
    extra = 0
    while len(plans) < count:
        kind = EXTRAS[extra % len(EXTRAS)]
        extra += 1
        journey = journeys[0] if kind == "skipped" or rng.random() < 0.7 else journeys[-1]
        plans.append(_extra_plan(kind, journey, rng))
    plans = plans[:count]
    # Two histories with an ended pause, so waiting time shows in the figures.
    with_uitwerken = [
        p for p in plans if p.phase_index > 2 and p.journey.phases[2].name == "Uitwerken"
    ]
    for plan in with_uitwerken[:2]:
        plan.past_pause = True
    return plans


def _extra_plan(kind: str, journey: Journey, rng: random.Random) -> Plan:
    last = len(journey.phases) - 1
    waits = [i for i, p in enumerate(journey.phases) if p.norm_days is None or p.norm_days >= 5]
    if kind == "finished":
        return Plan(journey, last, Status.FINISHED)
    if kind == "stopped":
        return Plan(journey, rng.randint(0, last - 1), Status.STOPPED)
    if kind == "paused":
        return Plan(journey, rng.choice(waits), Status.PAUSED)
    if kind == "late":
        normed = [i for i in waits if journey.phases[i].norm_days is not None]
        return Plan(journey, rng.choice(normed), late=True)
    if kind == "skipped":
        # The phase before Uitvoering is the decision: not needed when no money is asked.
        skip = max(1, last - 2)
        status = rng.choice([Status.ACTIVE, Status.FINISHED])
        return Plan(journey, last if status == Status.FINISHED else skip + 1, status, skip=skip)
    return Plan(journey, rng.randint(0, last))


class Clock:
    """Working-day arithmetic backwards from now, with a touch of randomness."""

    def __init__(self, now: datetime, calendar: WorkCalendar, rng: random.Random) -> None:
        self.now = now
        self.today = today_local(now)
        self.calendar = calendar
        self.rng = rng

    def history(self, plan: Plan) -> History:
        closed = plan.status in (Status.FINISHED, Status.STOPPED)
        phases = plan.journey.phases[: plan.phase_index + 1]
        history = History()
        right_day = self.back(self.today, self.rng.randint(2, 80)) if closed else self.today
        right = self.office(right_day) if closed else None
        history.closed_at = right
        stays = []
        for index in reversed(range(len(phases))):
            phase = phases[index]
            if index == plan.skip:
                stays.append(Stay(phase, right, right, skipped=True))
                continue
            current = index == len(phases) - 1 and not closed
            day = self.back(right_day, self._days(phase, plan, current))
            entered = self.submission(day, current) if index == 0 else self.office(day)
            stays.append(Stay(phase, entered, right))
            right_day, right = day, entered
        history.stays = stays[::-1]
        if plan.past_pause:
            self._add_past_pause(history.stays[2])
        if plan.status == Status.PAUSED:
            history.open_pause_at = self._pause_start(history.stays[-1])
        return history

    def back(self, day: date, count: int) -> date:
        """The working day count working days before day."""
        while count > 0:
            day -= timedelta(days=1)
            if self.calendar.is_working_day(day):
                count -= 1
        return day

    def office(self, day: date) -> datetime:
        """A moment in office hours on day, Amsterdam time, as UTC."""
        minute = self.rng.randint(8 * 60 + 30, 16 * 60 + 45)
        return self._at(day, minute)

    def submission(self, day: date, current: bool) -> datetime:
        """When a resident submitted: any hour, now and then at the weekend before.

        Not for a submission still in its first phase: that would make it late.
        """
        if not current and self.rng.random() < 0.3:
            day -= timedelta(days=self.rng.randint(1, 2))
        return self._at(day, self.rng.randint(7 * 60, 22 * 60 + 50))

    def between(self, start: datetime, end: datetime | None) -> datetime:
        """An office-hours moment strictly between two moments (end None: now)."""
        end = end or self.now
        first = start.astimezone(AMSTERDAM).date() + timedelta(days=1)
        last = end.astimezone(AMSTERDAM).date() - timedelta(days=1)
        days = [
            first + timedelta(days=n)
            for n in range((last - first).days + 1)
            if self.calendar.is_working_day(first + timedelta(days=n))
        ]
        if not days:
            return start + (end - start) / 2
        return self.office(self.rng.choice(days))

    def _at(self, day: date, minute: int) -> datetime:
        wall = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=AMSTERDAM)
        return wall.astimezone(UTC)

    def _norm(self, phase: Phase) -> int | None:
        """The norm in working days; a calendar-day norm is counted as 5 in 7."""
        if phase.norm_days is None or phase.norm_unit == NormUnit.WORKING_DAYS:
            return phase.norm_days
        return max(1, phase.norm_days * 5 // 7)

    def _days(self, phase: Phase, plan: Plan, current: bool) -> int:
        """Working days spent in a phase (so far, when current)."""
        norm, rng = self._norm(phase), self.rng
        if current:
            if norm is None:
                return rng.randint(5, 45)
            if plan.late:
                return norm + rng.randint(2, max(3, norm // 3))
            low = 3 if plan.status == Status.PAUSED else 1
            return rng.randint(low, max(low, norm - 1))
        if norm is None:
            return rng.randint(15, 60)
        if rng.random() < 0.2:  # about one in five phases ran over
            return round(norm * rng.uniform(1.1, 1.6))
        return max(1, round(norm * rng.uniform(0.4, 1.0)))

    def _add_past_pause(self, stay: Stay) -> None:
        start = stay.entered_at.astimezone(AMSTERDAM).date()
        end = stay.left_at.astimezone(AMSTERDAM).date()
        length = self.calendar.working_days_between(start, end)
        if length < 6:
            return
        begin = self.calendar.add_working_days(start, self.rng.randint(1, length // 3))
        end = self.calendar.add_working_days(begin, self.rng.randint(2, length // 2))
        stay.pause = (self.office(begin), self.office(end))

    def _pause_start(self, stay: Stay) -> datetime:
        entered = stay.entered_at.astimezone(AMSTERDAM).date()
        length = self.calendar.working_days_between(entered, self.today)
        return self.office(self.back(self.today, self.rng.randint(1, max(1, length - 1))))
