"""The one refusal a person may see, raised by every service that enforces a rule.

A name already taken, a date on a holiday, a request already answered: the
service raises DomainError with a Dutch message (B1) for the person, and the
form field it belongs to when there is one. Views catch only this type
(views/transactions.py), so any other exception, a ValueError from a bug too,
stays a bug: the 500 page and a log line, never its text on the page.

It imports nothing of the app, so every service can raise it without cycles.
"""


class DomainError(Exception):
    """What was asked is not allowed now; `message` says why, `field` where (None: the page)."""

    def __init__(self, message, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class EditConflict(DomainError):
    """Someone else changed or did this first, after the form was loaded; nothing was saved.

    The one distinction views make: the page comes back with 409 instead of 422.
    """
