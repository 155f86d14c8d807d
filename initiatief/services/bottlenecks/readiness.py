"""Whether the figures can be counted yet: the working-day table must reach the period and today.

No dashboard request writes that table: it is extended when the data that
needs it changes and by the nightly job (services/visit_outcomes.py). When it
still falls short, e.g. on a fresh install before the job ever ran, every
working-day figure would be wrong, so none is shown.
"""

from datetime import date

from ..calendar_table import last_day
from .figures import Filters
from .sql import tune_for_reporting


class FiguresNotReady(RuntimeError):
    """The working-day table ends before `needed`; the page says so in its own words."""

    def __init__(self, needed: date) -> None:
        super().__init__(f"the working-day calendar does not reach {needed} yet")
        self.needed = needed


def prepare(filters: Filters, today: date) -> None:
    """Check the working-day table covers the period and today; tune the transaction.

    Reads only. Raises FiguresNotReady when the table falls short.
    """
    needed = max(today, filters.end)
    last = last_day()
    if last is None or last < needed:
        raise FiguresNotReady(needed)
    tune_for_reporting()
