"""The dashboard's tables as data: one definition feeds both the page and the CSV.

So the CSV can never say something other than the page: the same rows, the same
columns, the same order (table.py has the model).
"""

from ....services.bottlenecks.figures import Dashboard
from .comparisons import people_table, team_table
from .residents import (
    aspect_labels,
    remark_table,
    unhappy_table,
    verdict_journey_table,
    verdict_labels,
    verdict_phase_table,
)
from .table import Cell, Column, Table, page_gettext
from .work import (
    callback_table,
    failed_mail_table,
    flow_table,
    late_table,
    phase_table,
    promise_table,
)

__all__ = [
    "TABLES",
    "Cell",
    "Column",
    "Table",
    "all_tables",
    "aspect_labels",
    "page_gettext",
    "verdict_labels",
]


# Every downloadable table by its slug, in page order.
TABLES = {
    "per-fase": phase_table,
    "instroom-uitstroom": flow_table,
    "te-laat": late_table,
    "terugbellen": callback_table,
    "mislukte-mails": failed_mail_table,
    "ontevreden": unhappy_table,
    "belofte": promise_table,
    "oordeel-klantreis": verdict_journey_table,
    "oordeel-fase": verdict_phase_table,
    "opmerkingen": remark_table,
    "teams": team_table,
    "contactpersonen": people_table,
}


def all_tables(board: Dashboard) -> dict[str, Table]:
    return {slug: build(board) for slug, build in TABLES.items()}
