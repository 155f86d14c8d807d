"""The signed-in resident of this request: the session key and the address behind it.

Below the views, so the language of a request (i18n) and the page header can
ask too. A resident session is only a reference: the address comes from the
resident_sessions table (services.resident_access), never from the cookie.
"""

from flask import Flask, g, request, session

from .models import utcnow
from .services.resident_access import live_session

SESSION_KEY = "resident"
# Where this request keeps its session lookup: on the request, not on g, since g can
# outlive one request (an app context pushed around several).
MEMO = "initiatief.resident_session"


def session_secret() -> str | None:
    """The key of this browser's resident session, as its cookie holds it."""
    return session.get(SESSION_KEY)


def remember_signed_in(found: tuple[str, str | None]) -> None:
    """The session as a view found it in a read of its own (the status page's joined
    read), so the locale and the page header do not look it up again."""
    request.environ[MEMO] = (session_secret(), found)


def signed_in() -> tuple[str, str | None] | None:
    """(address, stored language) of this browser's live resident session, or None.

    Looked up once per request and session key, for the locale (chosen before the
    view runs), the view and the page header alike.
    """
    secret = session_secret()
    memo = request.environ.get(MEMO)
    if memo is None or memo[0] != secret:
        memo = (secret, live_session(secret, utcnow()))
        request.environ[MEMO] = memo
    return memo[1]


def signed_in_email() -> str | None:
    """The address of this browser's live resident session."""
    found = signed_in()
    return found[0] if found else None


def signed_in_language() -> str | None:
    """The language stored on the signed-in resident's newest live initiative."""
    found = signed_in()
    return found[1] if found else None


def forget_signed_in() -> None:
    """Look the session up again: this request just moved it to another address."""
    request.environ.pop(MEMO, None)
    g.pop("resident_email", None)


def current_resident_email() -> str | None:
    """The resident's e-mail address when this browser has a live session."""
    if "resident_email" not in g:
        g.resident_email = signed_in_email()
    return g.resident_email


def register(app: Flask) -> None:
    # The page header offers "Uitloggen" on every page while a resident is signed in.
    # A global, not a context processor: only the header asks, and only the session
    # lookup (no query without a session cookie) runs when it does.
    app.add_template_global(current_resident_email, "signed_in_resident")
