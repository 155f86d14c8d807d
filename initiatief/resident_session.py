"""The signed-in resident of this request: the session key and the address behind it.

Below the views, so the language of a request (i18n) and the page header can
ask too. A resident session is only a reference: the address comes from the
resident_sessions table (services.resident_access), never from the cookie.
"""

from flask import Flask, g, session

from .models import utcnow
from .services.resident_access import resident_email

SESSION_KEY = "resident"


def signed_in_email() -> str | None:
    """The address of this browser's live resident session, looked up afresh (not kept on g).

    The locale is chosen before the view runs, and g can outlive one request
    (an app context pushed around several); the views keep their own lookup.
    """
    return resident_email(session.get(SESSION_KEY), utcnow())


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
