"""Input from outside made safe in one place: text parameters, path segments and ids.

The decision for every form field and query parameter (issue 9):

* NUL and the other C0 and C1 control characters (U+0000-U+001F, U+007F-U+009F)
  are removed, except TAB and line breaks. Nobody types them on purpose, nothing
  we show or mail needs them, and PostgreSQL refuses NUL in text. We strip rather
  than refuse, so nothing a person typed is lost over an invisible character.
* Line breaks become LF: browsers send CRLF from a text area, while their
  maxlength counts LF, so lengths and stored texts agree with what the person saw.
* A path segment with a control character (TAB and line breaks too) matches no
  route (404): a link with one is broken, and there is nothing in it worth
  keeping. Static files (`<path:filename>`, made before the app is configured)
  are looked up through werkzeug's safe_join, which finds no such file (404).
* `<int:...>` in a route only takes ASCII digits up to 2147483647, the INTEGER
  range on PostgreSQL; anything else matches no route (404).

Everything else (emoji, right-to-left marks, U+2028, any length) reaches the
forms as typed; their validators decide.
"""

import re
from typing import Any

from flask import Flask, Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter, UnicodeConverter

# The largest INTEGER on PostgreSQL: no id column holds more.
MAX_ID = 2_147_483_647

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # TAB, LF and CR stay
_LINE_BREAK = re.compile("\r\n?")
_ID = re.compile("[0-9]{1,10}")


def clean_text(value: str) -> str:
    """The text without control characters (TAB and line breaks stay), line breaks as LF."""
    return _CONTROL.sub("", _LINE_BREAK.sub("\n", value))


def parse_id(value: str | None) -> int | None:
    """An id typed into a query string or form: ASCII digits within INTEGER range, else None.

    str.isdigit() says yes to "²" and int() reads "٣" as 3: neither is an id
    anyone meant, and a number beyond INTEGER makes PostgreSQL fail the query.
    """
    if value is None or not _ID.fullmatch(value):
        return None
    number = int(value)
    return number if number <= MAX_ID else None


def _clean(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value  # uploads stay as they are


class CleanMultiDict(ImmutableMultiDict):
    """Query and form parameters with control characters removed from keys and values."""

    def __init__(self, mapping=None) -> None:
        pairs = MultiDict(mapping).items(multi=True)  # whatever shape werkzeug hands over
        super().__init__([(_clean(key), _clean(value)) for key, value in pairs])


class CleanRequest(Request):
    """Every request: request.args, request.form and request.values come cleaned."""

    parameter_storage_class = CleanMultiDict


class SegmentConverter(UnicodeConverter):
    """The default `<name>`: one path segment, without control characters."""

    def __init__(self, map, minlength=1, maxlength=None, length=None) -> None:
        super().__init__(map, minlength, maxlength, length)
        self.regex = self.regex.replace("[^/]", "[^/\x00-\x1f\x7f-\x9f]", 1)


class IdConverter(IntegerConverter):
    """`<int:name>`: ASCII digits only, at most MAX_ID, so every id fits an INTEGER column."""

    regex = "[0-9]+"

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


def init_app(app: Flask) -> None:
    """Clean every request's parameters and guard every route's path segments."""
    app.request_class = CleanRequest
    app.url_map.converters.update(
        default=SegmentConverter, string=SegmentConverter, int=IdConverter
    )
