"""The klantreis picture: per phase what we promise, what residents got and how they felt.

One journey over a period, as far as the viewer may see it (scoped like the
dashboard). Every figure comes from the dashboard's own SQL: the ended visits'
outcomes (bottlenecks.stats and bottlenecks.phases) and the verdicts given in
the period (bottlenecks.verdicts). Nothing loads initiatives into Python.

The minimum-5 rule of the dashboard holds for every figure: a phase shows its
days only over at least MIN_GROUP_SIZE finished visits, its shares only over as
many visits with a promise, its verdict figures only over as many answers.

Where expectation and experience differ most (GAP_RULE): among the phases with
at least MIN_GROUP_SIZE finished visits with a promise, the one with the lowest
share finished within its norm; on a tie the longer median, then the earlier
phase. When no phase has enough visits, or every one kept its norm every time,
no phase is named.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import DesiredNorm, Journey, Phase, User
from .bottlenecks import MIN_GROUP_SIZE, Filters, phases, prepare, stats, verdicts
from .bottlenecks.figures import PhaseFigures, Remark, Share, VerdictFigures


@dataclass(frozen=True)
class PhasePicture:
    """One phase of the journey: the promise, the goal, the experience, the verdict."""

    figures: PhaseFigures
    expectation: str  # Markdown: "wat kunt u verwachten"
    norm_days: int | None  # None: the norm is set per initiative
    norm_unit: str
    actor: str  # who is aan zet
    desired_days: int | None  # the desired norm, in the phase's unit
    verdict: VerdictFigures | None  # None: no answers in the period
    remarks: list[Remark] = field(default_factory=list)  # newest first

    @property
    def phase_id(self) -> int:
        return self.figures.phase_id

    @property
    def name(self) -> str:
        return self.figures.phase_name

    @property
    def finished(self) -> int:
        return self.figures.finished

    @property
    def promised(self) -> int:
        return self.figures.within_norm.whole

    @property
    def answers(self) -> int:
        return self.verdict.answers if self.verdict else 0

    @property
    def enough(self) -> bool:
        """Enough finished visits for days (median, 90th percentile, waiting)."""
        return self.finished >= MIN_GROUP_SIZE

    @property
    def enough_promised(self) -> bool:
        """Enough finished visits with a promise for the shares."""
        return self.promised >= MIN_GROUP_SIZE

    @property
    def enough_answers(self) -> bool:
        return self.answers >= MIN_GROUP_SIZE

    def days(self, value):
        """A figure in days, or None under the minimum-5 rule."""
        return value if self.enough else None

    def share(self, value: Share) -> Share | None:
        return value if self.enough_promised else None

    def verdict_share(self, part: int) -> Share | None:
        return Share(part, self.answers) if self.enough_answers else None


@dataclass(frozen=True)
class Gap:
    """The phase where expectation and experience differ most, or why none is named."""

    phase: PhasePicture | None
    compared: int  # phases with enough visits with a promise
    all_within: bool = False  # every compared phase kept its norm every time


@dataclass
class JourneyPicture:
    filters: Filters
    journey_id: int
    journey_name: str
    phases: list[PhasePicture]
    gap: Gap
    min_group: int = MIN_GROUP_SIZE


def default_journey_id() -> int | None:
    """The journey new intakes start in; else the first by name; None when there is none."""
    query = select(Journey.id).order_by(Journey.is_default.desc(), Journey.name, Journey.id)
    return db.session.scalar(query.limit(1))


def _worse(a: PhasePicture, b: PhasePicture) -> bool:
    """True when a differs more from its promise than b (GAP_RULE); exact, no floats."""
    left = a.figures.within_norm.part * b.promised
    right = b.figures.within_norm.part * a.promised
    if left != right:
        return left < right
    return (a.figures.median_days or 0) > (b.figures.median_days or 0)


def widest_gap(pictures: list[PhasePicture]) -> Gap:
    candidates = [p for p in pictures if p.enough_promised]
    if not candidates:
        return Gap(None, 0)
    worst = candidates[0]
    for picture in candidates[1:]:  # in journey order: the earlier one wins a full tie
        if _worse(picture, worst):
            worst = picture
    if worst.figures.within_norm.part == worst.promised:
        return Gap(None, len(candidates), all_within=True)
    return Gap(worst, len(candidates))


def build_picture(filters: Filters, viewer: User, today: date) -> JourneyPicture:
    """The picture of filters.journey_id over the period, as far as the viewer may see.

    Raises FiguresNotReady (bottlenecks.readiness) when the working-day table
    does not reach the period, like the dashboard.
    """
    if filters.journey_id is None:
        raise ValueError("the picture is of one journey")
    prepare(filters, today)
    journey = db.session.get(Journey, filters.journey_id)
    ended = stats.ended_statistics(filters, viewer, ("phase",))
    figures = phases.phase_figures(filters, {}, ended)
    rows = db.session.execute(
        select(Phase, DesiredNorm.days)
        .outerjoin(DesiredNorm, DesiredNorm.phase_id == Phase.id)
        .where(Phase.journey_id == filters.journey_id)
    ).all()
    phase_of = {phase.id: (phase, desired) for phase, desired in rows}
    phase_ids = list(phase_of)
    felt = {v.key_id: v for v in verdicts.by_phase(filters, viewer) if v.key_id in phase_of}
    said = verdicts.remarks_by_phase(filters, viewer, phase_ids) if phase_ids else {}
    pictures = []
    for item in figures:
        phase, desired = phase_of[item.phase_id]
        pictures.append(
            PhasePicture(
                figures=item,
                expectation=phase.expectation,
                norm_days=phase.norm_days,
                norm_unit=phase.norm_unit,
                actor=phase.actor,
                desired_days=desired,
                verdict=felt.get(item.phase_id),
                remarks=said.get(item.phase_id, []),
            )
        )
    return JourneyPicture(
        filters=filters,
        journey_id=journey.id,
        journey_name=journey.name,
        phases=pictures,
        gap=widest_gap(pictures),
    )


def remark_numbers(picture: JourneyPicture) -> list[str]:
    """The initiatives whose remark the picture shows: each look is audited."""
    return [remark.number for p in picture.phases for remark in p.remarks]
