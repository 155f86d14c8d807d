"""Where initiatives get stuck: every dashboard figure, computed in SQL (DESIGN §5).

Nothing here loads initiatives into Python; each figure is an aggregate over
phase visits, pauses, call-backs, mails and verdicts, and its list of
initiatives uses the same predicate (drilldown.py). Scope (need-to-know) and
filters apply everywhere (scope.py). Reads only: the working-day table and the
visit outcomes are written when their data changes (readiness.py).
"""

from datetime import date

from ...models import User
from . import flow, groups, phases, signals, stats, verdicts
from .drilldown import NoSuchList, initiatives_behind
from .figures import DRILLDOWNS, MIN_GROUP_SIZE, Dashboard, Filters, Share
from .readiness import FiguresNotReady, prepare

__all__ = [
    "DRILLDOWNS",
    "MIN_GROUP_SIZE",
    "Dashboard",
    "Filters",
    "FiguresNotReady",
    "NoSuchList",
    "build_dashboard",
    "initiatives_behind",
    "prepare",
]


def build_dashboard(filters: Filters, viewer: User, today: date) -> Dashboard:
    """All figures for the period and filters, as far as the viewer may see them.

    today is the Amsterdam date that 'now' figures (active, overdue, late) use.
    Raises FiguresNotReady when the working-day table does not reach the period.
    """
    prepare(filters, today)
    board = Dashboard(filters=filters, today=today)
    ended = stats.ended_statistics(filters, viewer)
    now = phases.open_counts(filters, viewer, today)
    board.phases = phases.phase_figures(filters, now, ended)
    board.flow = flow.flow_figures(filters, viewer)
    board.late = signals.late_initiatives(filters, viewer, today)
    board.late_total = sum(late for _, _, late in now.values())
    board.callbacks, board.callbacks_total = signals.open_callbacks(filters, viewer, today)
    board.failed_mails, board.failed_total = signals.failed_mails(filters, viewer)
    board.unhappy, board.unhappy_total = signals.unhappy_verdicts(filters, viewer)
    board.verdicts_by_journey = verdicts.by_journey(filters, viewer)
    board.verdicts_by_phase = verdicts.by_phase(filters, viewer)
    board.remarks = verdicts.remarks(filters, viewer)
    sizes = groups.group_sizes(filters, viewer)
    board.teams = groups.compare("team", filters, sizes, ended)
    board.people = groups.compare("contact", filters, sizes, ended)
    kept = sum(p.promise_kept.part for p in board.phases)
    promised = sum(p.promise_kept.whole for p in board.phases)
    board.promise_kept = Share(kept, promised)
    return board
