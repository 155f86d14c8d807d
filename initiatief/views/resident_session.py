"""The logged-in resident of this request, and response helpers for personal pages."""

from functools import wraps

from flask import g, make_response, session

from ..models import utcnow
from ..services.resident_access import resident_email

SESSION_KEY = "resident"


def current_resident_email() -> str | None:
    """The resident's e-mail address when this browser has a live session."""
    if "resident_email" not in g:
        g.resident_email = resident_email(session.get(SESSION_KEY), utcnow())
    return g.resident_email


def no_store(view):
    """Personal pages must not be kept in any cache, shared or in the browser."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        response.headers["Cache-Control"] = "no-store"
        return response

    return wrapper
