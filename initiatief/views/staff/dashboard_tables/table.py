"""A dashboard table as data: one definition feeds both the page and the CSV.

So the CSV can never say something other than the page: the same rows, the same
columns, the same order. Cells keep their raw values (int, float, Share, date);
the template and the CSV writer each format them their own way.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import get_translations

from ....services.bottlenecks.figures import Share


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


def missed(share: Share, text: str) -> str | None:
    missed = share.whole - share.part
    return f"{missed} {text}" if missed else None
