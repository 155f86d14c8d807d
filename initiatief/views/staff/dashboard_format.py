"""How a dashboard cell reads on the page and in the CSV: Dutch numbers, shares, dates.

Both take the same Cell and Column, so the CSV and the page cannot drift apart.
"""

import csv
import io
from datetime import date, datetime
from urllib.parse import quote, urlencode

from babel import Locale
from babel.dates import format_date
from flask import Response, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from ...charts import number
from ...models.types import local
from ...rendering import _locale, format_time
from ...services.bottlenecks.figures import Share
from .dashboard_tables import Cell, Column, Table, page_gettext

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_KINDS = ("text", "day", "moment", "month")  # left-aligned; every other kind is a number
NUMBER_MARK = "NUMMER"  # stands in for an initiative number in a link built once


def percent(share: Share) -> str:
    """'60 %': whole percents, half up (Python's round() would give 62 for 62,5)."""
    return f"{int(share.percent + 0.5)} %" if share.whole else ""


def month_name(value: date) -> str:
    return format_date(value, "MMMM y", locale=_locale())


class CellText:
    """The text of a cell on the page; None means 'no value', which the page says in words.

    Made once per table: flask_babel and Babel look the locale up again on every
    call (10 to 15 µs), and a page formats over a thousand cells. So the share's
    words and the locale's month names are fetched here, once. Days read as
    format_day writes them ('d MMMM y': '3 maart 2026'), months as month_name.
    """

    def __init__(self):
        self.share_words = page_gettext()("%(part)s van %(whole)s (%(percent)s)")
        self.months = Locale.parse(_locale()).months["format"]["wide"]

    def day(self, value: date) -> str:
        return f"{value.day} {self.months[value.month]} {value.year}"

    def share(self, share: Share) -> str | None:
        """'12 van 20 (60 %)'; None when there is nothing to measure (0 of 0)."""
        if not share.whole:
            return None
        parts = {"part": number(share.part), "whole": number(share.whole)}
        return self.share_words % {**parts, "percent": percent(share)}

    def __call__(self, value, kind: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, Share):
            return self.share(value)
        if kind == "month":
            return f"{self.months[value.month]} {value.year}"
        if isinstance(value, datetime):
            return f"{self.day(local(value).date())}, {format_time(value)}"
        if isinstance(value, date):
            return self.day(value)
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, int | float):
            return number(value)
        return str(value)


def cell_text(value, kind: str) -> str | None:
    """One cell's text, for a single figure outside a table."""
    return CellText()(value, kind)


class PageCells:
    """A table's cells as HTML for the page, with what every cell shares looked up once.

    A page has over a thousand cells and some 250 links. Calling url_for and a
    Jinja macro per cell cost more than the whole rest of the page, so the links
    start from one url_for per table and the cell's markup is written here.
    """

    def __init__(self, args: dict[str, str]):
        self.text = CellText()
        self.list_base = url_for("staff.dashboard_list", **args)
        self.initiative_base = url_for("staff.initiative", number=NUMBER_MARK)
        self.no_data = Markup(  # noqa: S704 (our own markup, the words escaped)
            '<span aria-hidden="true">–</span>'
            f'<span class="visually-hidden">{escape(_("geen gegevens"))}</span>'
        )

    def list_href(self, figure: str, param: object) -> str:
        """The drill-down list: the filters as url_for wrote them, then the figure.

        Figure names and their values (ids, 'YYYY-MM') are plain words and
        numbers, so urlencode writes them exactly as url_for would.
        """
        query = {"figuur": figure} if param is None else {"figuur": figure, "waarde": param}
        joiner = "&" if "?" in self.list_base else "?"
        return f"{self.list_base}{joiner}{urlencode(query)}"

    def initiative_href(self, initiative_number: str) -> str:
        return self.initiative_base.replace(NUMBER_MARK, quote(initiative_number))

    def html(self, cell: Cell, column: Column) -> Markup:
        """The cell's content: its text, a link to the list behind it, or 'no value' in words."""
        text = self.text(cell.value, column.kind)
        if cell.number:
            content = _link(self.initiative_href(cell.number), text)
        elif text is None:
            return self.no_data
        elif cell.figure and cell.note:
            link = _link(self.list_href(cell.figure, cell.param), cell.note)
            content = f'<span class="dashboard-nowrap">{escape(text)}</span><br>{link}'
        elif cell.figure and column.kind != "share":
            content = _link(self.list_href(cell.figure, cell.param), text)
        elif column.kind == "share":
            content = f'<span class="dashboard-nowrap">{escape(text)}</span>'
        else:
            return escape(text)
        return Markup(content)  # noqa: S704 (every text in it went through escape())


def _link(href: str, text: str | None) -> str:
    return f'<a class="utrecht-link" href="{escape(href)}">{escape(text)}</a>'


def page_rows(table: Table, args: dict[str, str]) -> list[list[tuple[bool, bool, Markup]]]:
    """Per row, per cell: is it the row's header, is it a number, and its HTML."""
    cells = PageCells(args)
    shape = [
        (index == table.row_header, column.kind not in TEXT_KINDS)
        for index, column in enumerate(table.columns)
    ]
    return [
        [(*shape[i], cells.html(cell, table.columns[i])) for i, cell in enumerate(row)]
        for row in table.rows
    ]


def csv_header(columns: list[Column]) -> list[str]:
    header = []
    for column in columns:
        if column.kind == "share":
            header += [
                _("%(label)s: aantal", label=column.label),
                _("%(label)s: van", label=column.label),
                _("%(label)s: procent", label=column.label),
            ]
        else:
            header.append(column.label)
    return header


def guard(text: str) -> str:
    """A leading apostrophe stops a spreadsheet reading resident text as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cells(value, kind: str) -> list[str]:
    """Spreadsheet-friendly: numbers with a decimal comma, ISO dates, a share as 3 cells."""
    if kind == "share" and isinstance(value, str):  # why there is no share ('te weinig')
        return [guard(value), "", ""]
    if kind == "share":
        share = value if isinstance(value, Share) else Share(0, 0)
        pct = "" if share.percent is None else f"{share.percent:.1f}".replace(".", ",")
        return [str(share.part), str(share.whole), pct]
    if value is None:
        return [""]
    if kind == "month":
        return [f"{value:%Y-%m}"]
    if isinstance(value, datetime):
        return [f"{local(value):%Y-%m-%d %H:%M}"]
    if isinstance(value, date):
        return [value.isoformat()]
    if isinstance(value, int) and not isinstance(value, bool):
        return [str(value)]
    if isinstance(value, float):  # no thousands separator: a spreadsheet reads it as a number
        return [str(int(value)) if value.is_integer() else f"{value:.1f}".replace(".", ",")]
    return [guard(str(value))]


def to_csv(table: Table) -> bytes:
    """UTF-8 with a BOM and ';' between cells: what Dutch Excel opens without a wizard."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(csv_header(table.columns))
    for row in table.rows:
        cells = []
        for column, cell in zip(table.columns, row, strict=True):
            cells += csv_cells(cell.value, column.kind)
        writer.writerow(cells)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def csv_download(table: Table, filename: str) -> Response:
    """The table as a CSV file the browser saves under filename."""
    return Response(
        to_csv(table),
        mimetype="text/csv",
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )
