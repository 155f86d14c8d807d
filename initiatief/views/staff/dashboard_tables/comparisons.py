"""Tables that compare teams and contact persons (only groups of 5 or more initiatives)."""

from flask_babel import gettext as _

from ....services.bottlenecks.figures import Comparison, Dashboard
from .table import Cell, Column, Table, page_gettext


def _comparison_table(
    slug: str, caption: str, who: str, figure: str, comparison: Comparison | None
) -> Table:
    _ = page_gettext()
    table = Table(
        slug,
        caption,
        [
            Column(who),
            Column(_("Initiatieven"), "count"),
            Column(_("Mediaan (werkdagen)"), "days"),
            Column(_("Binnen de norm"), "share"),
            Column(_("Belofte gehouden"), "share"),
        ],
        empty=_("Niet genoeg gegevens om te vergelijken."),
    )
    for group in comparison.compared if comparison else []:
        table.rows.append(
            [
                Cell(group.name),
                Cell(group.initiatives, figure, group.group_id),
                Cell(group.median_days),
                Cell(group.within_norm),
                Cell(group.promise_kept),
            ]
        )
    return table


def team_table(board: Dashboard) -> Table:
    return _comparison_table(
        "teams", _("Teams met 5 of meer initiatieven"), _("Team"), "team", board.teams
    )


def people_table(board: Dashboard) -> Table:
    return _comparison_table(
        "contactpersonen",
        _("Contactpersonen met 5 of meer initiatieven"),
        _("Contactpersoon"),
        "contact",
        board.people,
    )
