"""How the visits that ended in the period went, per phase, per team and per person, in one pass.

The visits are read once and folded into a histogram of working days per phase,
team and person; the three roll-ups, medians and 90th percentiles are taken
from that small histogram with window functions. Sorting every visit three times
is what made this slow; counting equal values first does not change the answer.
"""

from dataclasses import dataclass

from sqlalchemy import func, literal, select, union_all

from ...extensions import db
from ...models import User
from .figures import Filters
from .sql import cumulative, median_and_p90
from .visits import ended_visits

DIMENSIONS = ("phase", "team", "contact")
_KEYS = {"phase": "phase_id", "team": "team_id", "contact": "contact_id"}
_SUMS = ("paused", "paused_initiator", "paused_third", "promised", "within_norm", "kept")


@dataclass(frozen=True)
class VisitStats:
    """Totals over finished visits; averages are per finished visit."""

    finished: int
    net_days: int  # working days in the phase, pauses excluded, all visits together
    paused: int
    paused_initiator: int
    paused_third: int
    promised: int
    within_norm: int
    kept: int
    median: float | None
    p90: int | None

    def average(self, total: int) -> float | None:
        return total / self.finished if self.finished else None


def ended_statistics(
    filters: Filters, viewer: User, dimensions: tuple[str, ...] = DIMENSIONS
) -> dict[tuple[str, int], VisitStats]:
    """(dimension, id) -> VisitStats, for the dimensions asked (phase, team and contact).

    The klantreis picture asks for phases only: the same figures, without the
    roll-ups per team and person it does not show.
    """
    v = ended_visits(filters, viewer)
    keys = [v.c[_KEYS[dimension]] for dimension in dimensions]
    fine = (
        select(
            *keys,
            v.c.net,
            func.count().label("n"),
            *(func.sum(v.c[name]).label(name) for name in _SUMS),
        )
        .group_by(*keys, v.c.net)
        .cte("fine")
    )
    rolled = union_all(
        *(
            select(
                literal(dimension).label("dimension"),
                fine.c[_KEYS[dimension]].label("key"),
                fine.c.net,
                func.sum(fine.c.n).label("n"),
                *(func.sum(fine.c[name]).label(name) for name in _SUMS),
            )
            .where(fine.c[_KEYS[dimension]].is_not(None))
            .group_by(fine.c[_KEYS[dimension]], fine.c.net)
            for dimension in dimensions
        )
    ).subquery()
    r = cumulative(rolled, ("dimension", "key"), "net", "n")
    median, p90 = median_and_p90(r, "net")
    query = select(
        r.c.dimension,
        r.c.key,
        func.sum(r.c.n).label("finished"),
        func.sum(r.c.net * r.c.n).label("net_days"),
        *(func.sum(r.c[name]).label(name) for name in _SUMS),
        median,
        p90,
    ).group_by(r.c.dimension, r.c.key)
    result = {}
    for row in db.session.execute(query):
        result[(row.dimension, row.key)] = VisitStats(
            finished=int(row.finished),
            net_days=int(row.net_days or 0),
            paused=int(row.paused or 0),
            paused_initiator=int(row.paused_initiator or 0),
            paused_third=int(row.paused_third or 0),
            promised=int(row.promised or 0),
            within_norm=int(row.within_norm or 0),
            kept=int(row.kept or 0),
            median=None if row.median is None else float(row.median),
            p90=row.p90,
        )
    return result
