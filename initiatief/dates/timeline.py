"""What the resident sees: the phases with their state, dates, and who is aan zet.

Past phases show actual dates; the current phase its stored due date; future
phases an expected date chained from the current one, using their norms. When a
due date has passed, the next steps are planned from today: honest, not hopeful.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ..models import Actor, Initiative, Pause, Phase, PhaseVisit, Status
from ..models.types import local
from .planning import WorkCalendar


@dataclass
class Step:
    phase: Phase
    state: str  # done | skipped | current | future | not_reached (closed before it)
    started_on: date | None = None
    finished_on: date | None = None
    expected_on: date | None = None  # expected end (current) or expected end (future)
    late: bool = False
    delay_reason: str = ""
    # The date we told the resident before the due date moved (an extension or a pause).
    moved_from: date | None = None
    paused: bool = False  # the current visit's clock stood still at some point


@dataclass
class AanZet:
    """Who must act now, in one sentence for the resident."""

    who: str  # gemeente | initiatiefnemer | samen | derde | niemand
    task: str = ""


@dataclass
class Timeline:
    steps: list[Step] = field(default_factory=list)
    current: Step | None = None
    next_date: date | None = None
    aan_zet: AanZet = field(default_factory=lambda: AanZet("niemand"))
    open_pause: Pause | None = None


def build_timeline(
    initiative: Initiative,
    calendar: WorkCalendar,
    today: date,
    phases: Sequence[Phase] | None = None,
) -> Timeline:
    """The resident's timeline of the initiative's journey as of today (Amsterdam date).

    phases: the journey's phases in order when the caller has them already (the
    status page's per-worker copies); else initiative.journey.phases.
    """
    latest_visit: dict[int, PhaseVisit] = {}
    for visit in initiative.visits:
        latest_visit[visit.phase_id] = visit
    current_visit = initiative.current_visit
    timeline = Timeline()
    # The moment the next not-yet-started phase is expected to begin.
    cursor: date | None = today
    seen_current = False
    for phase in initiative.journey.phases if phases is None else phases:
        visit = latest_visit.get(phase.id)
        if visit is not None and visit is current_visit:
            step = _current_step(visit, phase, today)
            timeline.current = step
            seen_current = True
            cursor = max(step.expected_on, today) if step.expected_on else None
        elif visit is not None and visit.left_at is not None and not seen_current:
            step = Step(
                phase=phase,
                state="skipped" if visit.skipped else "done",
                started_on=None if visit.skipped else local(visit.entered_at).date(),
                finished_on=None if visit.skipped else local(visit.left_at).date(),
            )
        elif initiative.is_closed:
            step = Step(phase=phase, state="not_reached")
        else:
            expected = (
                calendar.due_date(cursor, phase.norm_days, phase.norm_unit) if cursor else None
            )
            step = Step(phase=phase, state="future", started_on=cursor, expected_on=expected)
            cursor = expected
        timeline.steps.append(step)
    if timeline.current is not None:
        timeline.next_date = timeline.current.expected_on
        timeline.open_pause = _open_pause(current_visit)
    timeline.aan_zet = _aan_zet(initiative, timeline)
    return timeline


def _current_step(visit: PhaseVisit, phase: Phase, today: date) -> Step:
    """The phase now under way; a moved due date always comes with the old one and why."""
    due = visit.due_on
    promised = visit.promised_on
    return Step(
        phase=phase,
        state="current",
        started_on=local(visit.entered_at).date(),
        expected_on=due,
        late=due is not None and due < today,
        delay_reason=visit.delay_reason,
        moved_from=promised if promised is not None and due != promised else None,
        paused=visit.paused_working_days > 0 or any(p.ended_at is None for p in visit.pauses),
    )


def _open_pause(visit: PhaseVisit | None) -> Pause | None:
    if visit is None:
        return None
    return next((p for p in visit.pauses if p.ended_at is None), None)


def _aan_zet(initiative: Initiative, timeline: Timeline) -> AanZet:
    if initiative.is_closed or timeline.current is None:
        return AanZet("niemand")
    pause = timeline.open_pause
    if initiative.status == Status.PAUSED and pause is not None:
        who = "initiatiefnemer" if pause.waiting_on == "initiatiefnemer" else "derde"
        return AanZet(who, pause.reason)
    phase = timeline.current.phase
    if phase.actor == Actor.INITIATOR:
        return AanZet("initiatiefnemer", phase.resident_task)
    if phase.actor == Actor.TOGETHER:
        return AanZet("samen", phase.resident_task)
    return AanZet("gemeente")
