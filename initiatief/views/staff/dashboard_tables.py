"""The dashboard's tables as data: one definition feeds both the page and the CSV.

So the CSV can never say something other than the page: the same rows, the same
columns, the same order. Cells keep their raw values (int, float, Share, date);
the template and the CSV writer each format them their own way.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import get_translations

from ...services.bottlenecks.figures import Dashboard, Share


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # text, count, days, share, day, moment, verdict, number


@dataclass(slots=True)
class Cell:
    # Not frozen: a page builds over a thousand cells, and a frozen dataclass sets
    # each field through object.__setattr__. Nothing changes a cell once built.
    value: object
    figure: str | None = None  # drill-down list behind the figure
    param: object = None  # its value (phase id, 'YYYY-MM', ...)
    note: str | None = None  # link text when the link is not the value itself
    number: str | None = None  # an initiative number: link to the initiative


@dataclass
class Table:
    slug: str  # in the CSV's URL and file name
    caption: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    empty: str = ""
    row_header: int = 0  # the column that names the row (th scope="row")


def page_gettext() -> Callable[..., str]:
    """flask_babel's gettext with the request's catalogue looked up once.

    flask_babel finds the locale and catalogue again on every call (about 12 µs);
    the tables ask for some 150 words per page. Same result: the catalogue's
    translation, with the variables filled in when there are any.
    """
    catalogue = get_translations()

    def gettext(string: str, **variables) -> str:
        text = catalogue.ugettext(string)
        return text % variables if variables else text

    return gettext


def _missed(share: Share, text: str) -> str | None:
    missed = share.whole - share.part
    return f"{missed} {text}" if missed else None


def phase_table(board: Dashboard) -> Table:
    _ = page_gettext()
    days = _("werkdagen")
    table = Table(
        "per-fase",
        _("Per fase: nu en in de gekozen periode"),
        [
            Column(_("Klantreis")),
            Column(_("Fase")),
            Column(_("Nu bezig"), "count"),
            Column(_("Nu te laat"), "count"),
            Column(_("Afgerond in periode"), "count"),
            Column(_("Mediaan (%(unit)s)", unit=days), "days"),
            Column(_("90e percentiel (%(unit)s)", unit=days), "count"),
            Column(_("Gemiddeld gepauzeerd (%(unit)s)", unit=days), "days"),
            Column(_("Binnen de norm"), "share"),
            Column(_("Belofte gehouden"), "share"),
            Column(_("Wachten op gemeente (%(unit)s)", unit=days), "days"),
            Column(_("Wachten op initiatiefnemer (%(unit)s)", unit=days), "days"),
            Column(_("Samen bezig (%(unit)s)", unit=days), "days"),
            Column(_("Wachten op een ander (%(unit)s)", unit=days), "days"),
        ],
        empty=_("Geen fases om te tonen."),
        row_header=1,
    )
    not_within, broken = _("niet binnen de norm"), _("belofte niet gehouden")
    for p in board.phases:
        pid = p.phase_id
        table.rows.append(
            [
                Cell(p.journey_name),
                Cell(p.phase_name),
                Cell(p.active, "phase_active", pid),
                Cell(p.overdue, "phase_overdue", pid),
                Cell(p.finished, "phase_finished", pid),
                Cell(p.median_days),
                Cell(p.p90_days),
                Cell(p.paused_days),
                Cell(
                    p.within_norm,
                    "phase_outside_norm",
                    pid,
                    _missed(p.within_norm, not_within),
                ),
                Cell(
                    p.promise_kept,
                    "phase_promise_broken",
                    pid,
                    _missed(p.promise_kept, broken),
                ),
                Cell(p.municipality_days),
                Cell(p.initiator_days),
                Cell(p.together_days),
                Cell(p.third_party_days),
            ]
        )
    return table


def flow_table(board: Dashboard) -> Table:
    _ = page_gettext()
    table = Table(
        "instroom-uitstroom",
        _("Instroom en uitstroom per maand"),
        [
            Column(_("Maand"), "month"),
            Column(_("Ingediend"), "count"),
            Column(_("Afgerond"), "count"),
            Column(_("Gestopt"), "count"),
            Column(_("In behandeling"), "count"),
        ],
        empty=_("Geen initiatieven in deze periode."),
    )
    for m in board.flow:
        key = f"{m.month:%Y-%m}"
        table.rows.append(
            [
                Cell(m.month),
                Cell(m.submitted, "month_submitted", key),
                Cell(m.finished, "month_finished", key),
                Cell(m.stopped, "month_stopped", key),
                Cell(m.in_progress, "month_in_progress", key),
            ]
        )
    return table


def late_table(board: Dashboard) -> Table:
    _ = page_gettext()
    table = Table(
        "te-laat",
        _("Langer dan twee keer de norm in een fase, oudste eerst"),
        [
            Column(_("Initiatief")),
            Column(_("Titel")),
            Column(_("Fase")),
            Column(_("In de fase sinds"), "day"),
            Column(_("Tijd in de fase"), "count"),
            Column(_("Norm"), "count"),
            Column(_("Eenheid")),
            Column(_("Contactpersoon")),
        ],
        empty=_("Geen initiatieven langer dan twee keer de norm in een fase."),
    )
    units = {"werkdagen": _("werkdagen"), "kalenderdagen": _("kalenderdagen")}
    for item in board.late:
        table.rows.append(
            [
                Cell(item.number, number=item.number),
                Cell(item.title),
                Cell(item.phase_name),
                Cell(item.entered_on),
                Cell(item.spent),
                Cell(item.norm),
                Cell(units.get(item.unit, item.unit)),
                Cell(item.contact_name or _("Nog niemand")),
            ]
        )
    return table


def callback_table(board: Dashboard) -> Table:
    _ = page_gettext()
    table = Table(
        "terugbellen",
        _("Terugbelverzoeken die nog niet zijn afgehandeld"),
        [
            Column(_("Initiatief")),
            Column(_("Titel")),
            Column(_("Gevraagd op"), "moment"),
            Column(_("Werkdagen open"), "count"),
            Column(_("Contactpersoon")),
        ],
        empty=_("Geen open terugbelverzoeken."),
    )
    for item in board.callbacks:
        table.rows.append(
            [
                Cell(item.number, number=item.number),
                Cell(item.title),
                Cell(item.asked_at),
                Cell(item.working_days_open),
                Cell(item.contact_name or _("Nog niemand")),
            ]
        )
    return table


def failed_mail_table(board: Dashboard) -> Table:
    _ = page_gettext()
    table = Table(
        "mislukte-mails",
        _("Mails die niet verstuurd konden worden"),
        [
            Column(_("Initiatief")),
            Column(_("Soort mail")),
            Column(_("Onderwerp")),
            Column(_("Gemaakt op"), "moment"),
            Column(_("Foutmelding")),
        ],
        empty=_("Geen mislukte mails."),
    )
    for item in board.failed_mails:
        table.rows.append(
            [
                Cell(item.number or "", number=item.number),
                Cell(item.kind),
                Cell(item.subject),
                Cell(item.created_at),
                Cell(item.last_error),
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
