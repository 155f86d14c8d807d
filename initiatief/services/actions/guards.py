"""Rules every staff action on an initiative follows: version check, one event, clean text.

The operations are in phases.py, clock.py and messages.py, all importable from
the package (services/actions).
"""

from collections.abc import Callable
from datetime import date, datetime
from functools import wraps
from typing import ParamSpec, TypeVar

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from ...dates.planning import WorkCalendar
from ...extensions import db
from ...models import Event, EventKind, Initiative, PhaseVisit, User
from ...rendering import format_day
from ..errors import DomainError, EditConflict

REASON_MAX = 300  # Initiative.outcome is String(300)
MESSAGE_MAX = 5000

P = ParamSpec("P")
R = TypeVar("R")


# Without a message of its own, an EditConflict on an initiative says this.
INITIATIVE_CHANGED = _l(
    "Iemand anders heeft dit initiatief intussen gewijzigd. Er is niets "
    "opgeslagen. Laad de pagina opnieuw en probeer het nog een keer."
)


def check_version(initiative: Initiative, expected_version: int) -> None:
    """Refuse when the initiative changed since the staff member's form was loaded."""
    if initiative.version != expected_version:
        raise EditConflict(INITIATIVE_CHANGED)


def converts_conflicts(operation: Callable[P, R]) -> Callable[P, R]:
    """Turn a stale concurrent UPDATE, found at flush, into EditConflict.

    check_version catches what the form already knew; this catches a writer that
    committed between our read and our flush (version_id_col on Initiative).
    """

    @wraps(operation)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return operation(*args, **kwargs)
        except StaleDataError as exc:
            raise EditConflict(INITIATIVE_CHANGED) from exc

    return guarded


def touch(initiative: Initiative) -> None:
    """Make the next flush UPDATE the initiative row, so its version goes up.

    Without it, an operation that only adds rows (a note, an update) would not
    conflict with a concurrent writer. Flagging status, never version itself:
    a flagged version column would be written as is instead of incremented.
    """
    flag_modified(initiative, "status")


def record(
    initiative: Initiative,
    kind: EventKind,
    now: datetime,
    actor: User | None,
    data: dict,
    body: str = "",
    public: bool = False,
) -> Event:
    """Add the operation's one Event and flush, so mail keys can use its id."""
    event = Event(
        initiative=initiative,
        kind=kind,
        created_at=now,
        actor=actor,
        body=body,
        public=public,
        data=data,
    )
    db.session.add(event)
    db.session.flush()
    return event


def clean_text(value: str | None, field: str, max_length: int, missing: str | None = None) -> str:
    """value stripped; refused when empty (if missing is given) or too long."""
    text = (value or "").strip()
    if missing is not None and not text:
        raise DomainError(missing, field)
    if len(text) > max_length:
        limit = f"{max_length:,}".replace(",", ".")
        raise DomainError(
            _("Deze tekst mag niet langer zijn dan %(limit)s tekens.", limit=limit), field
        )
    return text


def require_open(initiative: Initiative) -> None:
    if initiative.is_closed:
        raise DomainError(_("Dit initiatief is al afgesloten. Er kan niets meer veranderen."))


def require_visit(initiative: Initiative) -> PhaseVisit:
    visit = initiative.current_visit
    if visit is None:
        raise DomainError(_("Dit initiatief is in geen enkele fase. Vraag de beheerder om hulp."))
    return visit


def require_working_day(day: date, calendar: WorkCalendar, field: str) -> None:
    """A date staff promise the resident must be a day the municipality works.

    A weekend, a public holiday or a closed day is refused with the next working
    day as a suggestion, so staff choose it knowingly instead of by accident.
    """
    if not calendar.is_working_day(day):
        raise DomainError(
            _(
                "%(date)s is geen werkdag. Kies een werkdag, bijvoorbeeld %(next)s.",
                date=format_day(day),
                next=format_day(calendar.next_working_day(day)),
            ),
            field,
        )
