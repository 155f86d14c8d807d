"""Cache headers for the resident's personal pages."""

from functools import wraps

from flask import make_response


def no_store(view):
    """Personal pages must not be kept in any cache, shared or in the browser."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        response.headers["Cache-Control"] = "no-store"
        return response

    return wrapper
