"""The dashboard's other tables: promise kept, residents' verdicts, comparisons.

Split from dashboard_tables so each file stays readable; same Table/Cell model.
"""

from flask_babel import gettext as _

from ...models import ASPECTS
from ...services.bottlenecks.figures import Comparison, Dashboard, VerdictFigures
from .dashboard_tables import (
    Cell,
    Column,
    Table,
    _missed,
    callback_table,
    failed_mail_table,
    flow_table,
    late_table,
    page_gettext,
    phase_table,
    unhappy_table,
)


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


def promise_table(board: Dashboard) -> Table:
    _ = page_gettext()
    table = Table(
        "belofte",
        _("Belofte gehouden per fase"),
        [Column(_("Klantreis")), Column(_("Fase")), Column(_("Belofte gehouden"), "share")],
        empty=_("Geen fases afgerond in deze periode."),
        row_header=1,
    )
    broken = _("belofte niet gehouden")
    for p in board.phases:
        table.rows.append(
            [
                Cell(p.journey_name),
                Cell(p.phase_name),
                Cell(
                    p.promise_kept,
                    "phase_promise_broken",
                    p.phase_id,
                    _missed(p.promise_kept, broken),
                ),
            ]
        )
    return table


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
