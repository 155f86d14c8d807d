"""Tables about what residents said: verdicts per journey and phase, remarks, the unhappy."""

from flask_babel import gettext as _

from ....models import ASPECTS
from ....services.bottlenecks.figures import Dashboard, VerdictFigures
from .table import Cell, Column, Table, page_gettext


def aspect_labels() -> dict[str, str]:
    return {
        "contact": _("Contact"),
        "clarity": _("Duidelijkheid"),
        "speed": _("Snelheid"),
        "cooperation": _("Samenwerking"),
        "outcome": _("Resultaat"),
    }


def verdict_labels() -> dict[int, str]:
    return {1: _("ontevreden"), 2: _("neutraal"), 3: _("tevreden")}


def _verdict_table(
    slug: str, caption: str, first: list[Column], figure: str, items: list[VerdictFigures]
) -> Table:
    _ = page_gettext()
    labels = aspect_labels()
    table = Table(
        slug,
        caption,
        [
            *first,
            Column(_("Antwoorden"), "count"),
            Column(_("Tevreden"), "count"),
            Column(_("Neutraal"), "count"),
            Column(_("Ontevreden"), "count"),
            Column(_("Gemiddeld (1 tot 3)"), "days"),
            *(Column(_("%(aspect)s (1 tot 5)", aspect=labels[a]), "days") for a in ASPECTS),
        ],
        empty=_("Geen oordelen gegeven in deze periode."),
        row_header=len(first) - 1,
    )
    for item in items:
        # Per journey the key is the journey itself; per phase the journey comes first.
        names = [Cell(item.name)] if len(first) == 1 else [Cell(item.journey_name), Cell(item.name)]
        table.rows.append(
            [
                *names,
                Cell(item.answers, figure, item.key_id),
                Cell(item.happy),
                Cell(item.neutral),
                Cell(item.unhappy),
                Cell(item.average),
                *(Cell(item.aspects.get(a)) for a in ASPECTS),
            ]
        )
    return table


def verdict_journey_table(board: Dashboard) -> Table:
    return _verdict_table(
        "oordeel-klantreis",
        _("Oordeel van inwoners per klantreis"),
        [Column(_("Klantreis"))],
        "verdict_journey",
        board.verdicts_by_journey,
    )


def verdict_phase_table(board: Dashboard) -> Table:
    return _verdict_table(
        "oordeel-fase",
        _("Oordeel van inwoners per fase"),
        [Column(_("Klantreis")), Column(_("Fase"))],
        "verdict_phase",
        board.verdicts_by_phase,
    )


def remark_table(board: Dashboard) -> Table:
    _ = page_gettext()
    verdicts = verdict_labels()
    table = Table(
        "opmerkingen",
        _("Opmerkingen van inwoners"),
        [
            Column(_("Initiatief")),
            Column(_("Gegeven op"), "moment"),
            Column(_("Oordeel")),
            Column(_("Opmerking")),
        ],
        empty=_("Geen opmerkingen in deze periode."),
    )
    for item in board.remarks:
        table.rows.append(
            [
                Cell(item.number, number=item.number),
                Cell(item.given_at),
                Cell(verdicts.get(item.verdict, str(item.verdict))),
                Cell(item.remark),
            ]
        )
    return table


def unhappy_table(board: Dashboard) -> Table:
    _ = page_gettext()
    table = Table(
        "ontevreden",
        _("Ontevreden inwoners die nog geen reactie kregen"),
        [
            Column(_("Initiatief")),
            Column(_("Titel")),
            Column(_("Gegeven op"), "moment"),
            Column(_("Opmerking")),
            Column(_("Contactpersoon")),
        ],
        empty=_("Geen ontevreden oordelen zonder reactie."),
    )
    for item in board.unhappy:
        table.rows.append(
            [
                Cell(item.number, number=item.number),
                Cell(item.title),
                Cell(item.given_at),
                Cell(item.remark),
                Cell(item.contact_name or _("Nog niemand")),
            ]
        )
    return table
