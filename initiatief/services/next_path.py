"""Where a login may send the browser afterwards: only to a page of our own.

A `next` path comes from the query string, so from anyone. Checking that it
"starts with one slash" is not enough: browsers drop tabs and newlines inside a
URL, read a backslash as a slash and some proxies decode %2F, so `/\\t/evil`
or `/%2F%2Fevil` end up at another host. Instead of listing tricks, we accept
only a plain ASCII path that our own URL map answers with a GET page, and give
back "" for anything else, so the caller falls back to a page it chooses.
"""

import re

from flask import current_app
from werkzeug.exceptions import HTTPException

MAX_LENGTH = 200  # the LoginToken.next_path column

# Letters, digits and the path characters our URLs use; no '%', '\\', '?', '#',
# ':', whitespace, control characters or anything beyond ASCII.
PLAIN_PATH = re.compile(r"/(?!/)[A-Za-z0-9/._~-]*")


def own_page_path(path: str | None) -> str:
    """`path` when it is one of our own GET pages, else "" (never raises).

    The path must be absolute, not protocol-relative, made of plain characters
    only (so no browser or proxy normalises it into something else), and must
    match a GET route of this app without a redirect.
    """
    if not path or len(path) > MAX_LENGTH or not PLAIN_PATH.fullmatch(path):
        return ""
    if "//" in path or "/../" in path or path.endswith("/.."):
        return ""
    adapter = current_app.url_map.bind("localhost")
    try:
        adapter.match(path, method="GET")
    except HTTPException:  # NotFound, MethodNotAllowed, RequestRedirect
        return ""
    return path
