"""What the dashboard shows, as plain data: the contract between the SQL and the pages.

Counts are ints; averages and medians are floats or None when there is nothing to
average. A share is given as (part, whole) so the page can show both and never
divides by zero. Days are working days unless a field says otherwise.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

# Teams or people are compared only when each has at least this many initiatives.
MIN_GROUP_SIZE = 5


@dataclass(frozen=True)
class Filters:
    """The period (Amsterdam dates, both inclusive) and the optional filters."""

    start: date
    end: date
    journey_id: int | None = None
    wijk_id: int | None = None
    team_id: int | None = None
    contact_id: int | None = None
    theme: str | None = None


@dataclass(frozen=True)
class Share:
    part: int
    whole: int

    @property
    def percent(self) -> float | None:
        return 100.0 * self.part / self.whole if self.whole else None


@dataclass(frozen=True)
class PhaseFigures:
    """One phase: now (active, overdue) and over the period (visits that ended in it)."""

    journey_id: int
    journey_name: str
    phase_id: int
    phase_name: str
    position: int
    active: int  # open visits now
    overdue: int  # open, not paused, due date before today
    finished: int  # visits that ended in the period (left the phase, not skipped)
    median_days: float | None  # working days in the phase, pauses excluded
    p90_days: int | None
    paused_days: float | None  # average paused working days per finished visit
    within_norm: Share  # finished visits with a norm: done within it, pauses excluded
    promise_kept: Share  # finished visits with a promised date: left on or before it
    municipality_days: float | None  # averages per finished visit, see definitions
    initiator_days: float | None
    together_days: float | None
    third_party_days: float | None


@dataclass(frozen=True)
class MonthFlow:
    month: date  # first day of the month
    submitted: int
    finished: int
    stopped: int
    in_progress: int  # open at the end of the month (or today, for this month)


@dataclass(frozen=True)
class LateInitiative:
    """An open visit past twice its norm."""

    number: str
    title: str
    phase_name: str
    entered_on: date
    spent: int  # in the norm's unit, pauses excluded
    norm: int
    unit: str
    contact_name: str | None


@dataclass(frozen=True)
class OpenCallback:
    number: str
    title: str
    asked_at: datetime
    working_days_open: int
    contact_name: str | None


@dataclass(frozen=True)
class FailedMail:
    number: str | None
    kind: str
    subject: str
    created_at: datetime
    last_error: str


@dataclass(frozen=True)
class UnhappyVerdict:
    feedback_id: int
    number: str
    title: str
    given_at: datetime
    remark: str
    contact_name: str | None


@dataclass(frozen=True)
class VerdictFigures:
    """Verdicts given in the period, for one journey or one phase gone through."""

    key_id: int
    name: str
    journey_name: str
    answers: int
    happy: int
    neutral: int
    unhappy: int
    average: float | None  # 1 ontevreden .. 3 tevreden
    aspects: dict[str, float | None]  # aspect -> average 1..5 (ASPECTS order)


@dataclass(frozen=True)
class Remark:
    number: str
    given_at: datetime
    verdict: int
    remark: str
    feedback_id: int | None = None  # so a coördinator can make it an idea (verbeteracties)


@dataclass(frozen=True)
class GroupFigures:
    """One team or person: initiatives open in the period and how their visits went."""

    group_id: int
    name: str
    initiatives: int
    median_days: float | None
    within_norm: Share
    promise_kept: Share


@dataclass(frozen=True)
class Comparison:
    """Only groups with at least MIN_GROUP_SIZE initiatives are compared (ranked);
    the others are listed with their count so the page can say why they are missing."""

    compared: list[GroupFigures]
    too_small: list[tuple[str, int]]

    @property
    def possible(self) -> bool:
        return len(self.compared) >= 2


@dataclass
class Dashboard:
    filters: Filters
    today: date
    phases: list[PhaseFigures] = field(default_factory=list)
    flow: list[MonthFlow] = field(default_factory=list)
    # Signalering: the oldest rows of each list (at most 25) and how many there are in all.
    late: list[LateInitiative] = field(default_factory=list)
    late_total: int = 0
    callbacks: list[OpenCallback] = field(default_factory=list)
    callbacks_total: int = 0
    failed_mails: list[FailedMail] = field(default_factory=list)
    failed_total: int = 0
    unhappy: list[UnhappyVerdict] = field(default_factory=list)
    unhappy_total: int = 0
    verdicts_by_journey: list[VerdictFigures] = field(default_factory=list)
    verdicts_by_phase: list[VerdictFigures] = field(default_factory=list)
    remarks: list[Remark] = field(default_factory=list)  # newest first, at most 50
    teams: Comparison | None = None
    people: Comparison | None = None
    promise_kept: Share = Share(0, 0)  # all phases together


# The lists behind the figures: the name of a figure and the parameter it needs.
# bottlenecks.initiatives_behind(figure, value, filters, viewer, today) gives the
# initiatives, using the same SQL predicate as the figure itself.
DRILLDOWNS = {
    "phase_active": "phase_id",  # open visits in the phase now
    "phase_overdue": "phase_id",
    "phase_finished": "phase_id",  # visits that ended in the period
    "phase_outside_norm": "phase_id",
    "phase_promise_broken": "phase_id",
    "month_submitted": "month",  # month as YYYY-MM
    "month_finished": "month",
    "month_stopped": "month",
    "month_in_progress": "month",
    "late": None,  # past twice the norm
    "callbacks": None,  # call-backs not handled
    "failed_mails": None,  # a mail to or about it failed for good in the period
    "unhappy": None,  # unhappy verdicts not followed up
    "verdict_journey": "journey_id",
    "verdict_phase": "phase_id",
    "team": "team_id",
    "contact": "contact_id",
}
