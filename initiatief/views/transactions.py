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
