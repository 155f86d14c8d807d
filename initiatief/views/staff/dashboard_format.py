"""How a dashboard cell reads on the page and in the CSV: Dutch numbers, shares, dates.

Both take the same Cell and Column, so the CSV and the page cannot drift apart.
"""

import csv
import io
from datetime import date, datetime

from babel.dates import format_date
from flask_babel import gettext as _

from ...charts import number
from ...rendering import _locale, format_day, format_moment, local
from ...services.bottlenecks.figures import Share
from .dashboard_tables import Column, Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def percent(share: Share) -> str:
    """'60 %': whole percents, half up (Python's round() would give 62 for 62,5)."""
    return f"{int(share.percent + 0.5)} %" if share.whole else ""


def share_text(share: Share) -> str | None:
    """'12 van 20 (60 %)'; None when there is nothing to measure (0 of 0)."""
    if not share.whole:
        return None
    return _(
        "%(part)s van %(whole)s (%(percent)s)",
        part=number(share.part),
        whole=number(share.whole),
        percent=percent(share),
    )


def month_name(value: date) -> str:
    return format_date(value, "MMMM y", locale=_locale())


def cell_text(value, kind: str) -> str | None:
    """The text on the page; None means 'no value', which the template says in words."""
    if value is None:
        return None
    if isinstance(value, Share):
        return share_text(value)
    if kind == "month":
        return month_name(value)
    if isinstance(value, datetime):
        return format_moment(value)
    if isinstance(value, date):
        return format_day(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return number(value)
    return str(value)


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
