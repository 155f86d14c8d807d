"""Did it help? An action's figure before and after its start, over equal periods, in SQL.

The periods are counted in working days (weekends, public holidays and closed
days do not count). Today is still going, so the last day that counts is
yesterday. W is the number of working days from the start (a start on a closed
day counts from the next working day) up to and including yesterday, at most
65 (13 weeks). After: the visits of the action's phase that left from the start
up to and including the W-th working day from it. Before: those that left from
the W-th working day before the start up to and including the day before it.

The figures are read from visit_outcomes, the rows the dashboard counts, for the
action's phase (and team, when it has one), scoped to the viewer like the
dashboard; the median with the dashboard's histogram SQL. No verdict when either
side has fewer than MIN_GROUP_SIZE initiatives.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from sqlalchemy import case, func, select

from ...dates.planning import WorkCalendar
from ...extensions import db
from ...models import ActionFigure, ImprovementAction, User, VisitOutcome
from ..bottlenecks.figures import MIN_GROUP_SIZE, Filters, Share
from ..bottlenecks.scope import restrict_outcomes
from ..bottlenecks.sql import cumulative, median_and_p90

MAX_WORKING_DAYS = 65  # 13 weeks
BEFORE, AFTER = "voor", "na"

# The verdicts, and the states in which there is none.
BETTER, WORSE, NO_CLEAR_CHANGE = "beter", "slechter", "geen duidelijk verschil"
NO_START, TOO_EARLY, TOO_FEW, NO_FIGURE, JUDGED = (
    "geen_start",
    "te_vroeg",
    "te_weinig",
    "geen_cijfer",
    "oordeel",
)


@dataclass(frozen=True)
class Side:
    """One period: its days (both inclusive) and what the visits that left in it did."""

    start: date
    end: date
    initiatives: int = 0
    visits: int = 0
    median: float | None = None  # working days in the phase, pauses excluded
    within_norm: Share = Share(0, 0)
    promise_kept: Share = Share(0, 0)

    def share(self, figure: str) -> Share:
        return self.promise_kept if figure == ActionFigure.PROMISE_KEPT else self.within_norm


@dataclass(frozen=True)
class Effect:
    figure: str
    state: str  # one of NO_START, TOO_EARLY, TOO_FEW, NO_FIGURE, JUDGED
    working_days: int = 0  # W: the length of each period in working days
    before: Side | None = None
    after: Side | None = None
    verdict: str | None = None  # BETTER, WORSE or NO_CLEAR_CHANGE when state is JUDGED


def periods(starts_on: date, today: date, calendar: WorkCalendar):
    """(W, before, after) with before and after as (first, last) days; W = 0: no periods."""
    yesterday = today - timedelta(days=1)
    worked, last, day = 0, None, starts_on
    while day <= yesterday and worked < MAX_WORKING_DAYS:
        if calendar.is_working_day(day):
            worked, last = worked + 1, day
        day += timedelta(days=1)
    if not worked:
        return 0, None, None
    first, counted = starts_on, 0
    while counted < worked:
        first -= timedelta(days=1)
        if calendar.is_working_day(first):
            counted += 1
    return worked, (first, starts_on - timedelta(days=1)), (starts_on, last)


def compare(action: ImprovementAction, viewer: User, today: date, calendar: WorkCalendar):
    """The before/after comparison of the action's figure, as far as the viewer may see."""
    if action.starts_on is None:
        return Effect(action.figure, NO_START)
    worked, before, after = periods(action.starts_on, today, calendar)
    if not worked:
        return Effect(action.figure, TOO_EARLY)
    sides = _count(action, viewer, before, after)
    was, now = sides[BEFORE], sides[AFTER]
    if min(was.initiatives, now.initiatives) < MIN_GROUP_SIZE:
        return Effect(action.figure, TOO_FEW, worked, was, now)
    verdict = judge(action.figure, was, now)
    state = NO_FIGURE if verdict is None else JUDGED
    return Effect(action.figure, state, worked, was, now, verdict)


def judge(figure: str, before: Side, after: Side) -> str | None:
    """The rule the page states: a median must move at least 1 working day and at least
    10 % of the before value; a share at least 10 percentage points. Lower median is
    better, a higher share is better. None when a side has no figure to compare."""
    if figure == ActionFigure.MEDIAN_DAYS:
        if before.median is None or after.median is None:
            return None
        change = Fraction(after.median) - Fraction(before.median)
        if abs(change) >= 1 and abs(change) * 10 >= Fraction(before.median):
            return BETTER if change < 0 else WORSE
        return NO_CLEAR_CHANGE
    was, now = before.share(figure), after.share(figure)
    if not was.whole or not now.whole:
        return None
    points = 100 * (Fraction(now.part, now.whole) - Fraction(was.part, was.whole))
    if abs(points) >= 10:
        return BETTER if points > 0 else WORSE
    return NO_CLEAR_CHANGE


def _count(action, viewer, before, after) -> dict[str, Side]:
    o = VisitOutcome
    side = case((o.left_on >= action.starts_on, AFTER), else_=BEFORE).label("side")
    query = select(
        side,
        o.initiative_id,
        o.working_days.label("net"),
        case((o.promised, 1), else_=0).label("promised"),
        case((o.within_norm, 1), else_=0).label("within"),
        case((o.promise_kept, 1), else_=0).label("kept"),
    ).where(o.phase_id == action.phase_id, o.left_on >= before[0], o.left_on <= after[1])
    filters = Filters(before[0], after[1], team_id=action.team_id)
    v = restrict_outcomes(query, filters, viewer).subquery()
    totals = select(
        v.c.side,
        func.count(v.c.initiative_id.distinct()).label("initiatives"),
        func.count().label("visits"),
        func.sum(v.c.promised).label("promised"),
        func.sum(v.c.within).label("within"),
        func.sum(v.c.kept).label("kept"),
    ).group_by(v.c.side)
    histogram = (
        select(v.c.side, v.c.net, func.count().label("n")).group_by(v.c.side, v.c.net).subquery()
    )
    running = cumulative(histogram, ("side",), "net", "n")
    median, _p90 = median_and_p90(running, "net")
    medians = dict(
        db.session.execute(select(running.c.side, median).group_by(running.c.side)).all()
    )
    days = {BEFORE: before, AFTER: after}
    sides = {name: Side(*days[name]) for name in days}
    for row in db.session.execute(totals):
        promised = int(row.promised or 0)
        value = medians.get(row.side)
        sides[row.side] = Side(
            *days[row.side],
            initiatives=int(row.initiatives),
            visits=int(row.visits),
            median=None if value is None else float(value),
            within_norm=Share(int(row.within or 0), promised),
            promise_kept=Share(int(row.kept or 0), promised),
        )
    return sides
