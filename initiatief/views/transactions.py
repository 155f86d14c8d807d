"""How every POST changes data: one service call, one commit, and refusals shown on the form.

`perform` runs the service and commits once; on any exception it rolls back
and lets the exception go on. A DomainError (services/errors.py) is a refusal
for the person: the view catches it and shows the same form again, typed input
kept, the message on its field or above the form (`refuse_into`), with the
status `refusal_status` gives. Views catch nothing else, so any other
exception (a ValueError from a bug too) is the 500 page and a log line, never
its text on the page.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from ..extensions import db
from ..services.errors import DomainError, EditConflict

T = TypeVar("T")


def perform(operation: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call one service and commit once; roll back and re-raise when it fails."""
    try:
        result = operation(*args, **kwargs)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result


def reads_only(view):
    """Run a page that only reads outside a transaction (read_outside_a_transaction)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        read_outside_a_transaction()
        return view(*args, **kwargs)

    return wrapper


def read_outside_a_transaction() -> None:
    """Let this request's statements run without BEGIN and ROLLBACK; call before the first.

    Two round trips fewer per request, and PostgreSQL keeps the statements it
    prepared for this connection (psycopg drops them on every ROLLBACK, so a
    page that ends in one plans its joins afresh on every view). The price:
    each statement sees the data as it is when it runs, not one snapshot for
    the page, so a change committed between two of them can show half-applied
    until the next view. Only for requests that write nothing and where that is
    harmless; a write would be committed at once.
    """
    if not db.session().in_transaction():  # a hook may have read already
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def refuse_into(form, refusal: DomainError) -> str | None:
    """Put a refusal on its form field (the error summary lists it); else return it for the page."""
    field = form._fields.get(refusal.field) if refusal.field else None
    if field is None:
        return refusal.message
    field.errors = [*field.errors, refusal.message]
    return None


def refusal_status(refusal: DomainError) -> int:
    """409 when someone else changed or did it first; 422 for every other refusal."""
    return 409 if isinstance(refusal, EditConflict) else 422
