"""The days the municipality is closed: they are not working days for any promise."""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...extensions import db
from ...models import ClosedDay
from ..calendar_table import rebuild_calendar
from ..errors import DomainError
from ..visit_outcomes import rebuild_outcomes


def closed_days() -> list[ClosedDay]:
    """All configured closed days, earliest first."""
    return list(db.session.execute(select(ClosedDay).order_by(ClosedDay.day)).scalars())


def add_closed_day(day: date, reason: str) -> ClosedDay:
    """Add a closed day; planning uses it for every date computed from now on.

    Due dates already stored on phase visits stay as they are: they are what the
    resident was promised.
    """
    if db.session.get(ClosedDay, day) is not None:
        raise DomainError(_l("Deze dag staat al in de lijst met gesloten dagen."), "day")
    closed = ClosedDay(day=day, reason=reason.strip())
    db.session.add(closed)
    db.session.flush()
    recount_working_days()
    return closed


def delete_closed_day(day: date) -> None:
    """Remove a closed day; refused when it is not there (already removed by someone)."""
    closed = db.session.get(ClosedDay, day)
    if closed is None:
        raise DomainError(_l("Deze gesloten dag bestaat niet (meer)."))
    db.session.delete(closed)
    db.session.flush()
    recount_working_days()


def recount_working_days() -> None:
    """The working-day calendar and every outcome counted with it, in the same transaction."""
    rebuild_calendar()
    rebuild_outcomes(db.session.connection())
