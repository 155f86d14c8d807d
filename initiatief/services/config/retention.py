"""How long personal data is kept: the beheerder's periods, or the configured defaults."""

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from flask_babel import lazy_gettext as _l

from config import RETENTION_MIN_CLOSED_MONTHS, RETENTION_MIN_OUTBOX_DAYS

from ...extensions import db
from ...models import AuditEntry, RetentionPolicy, User
from ..errors import DomainError

MAX_CLOSED_MONTHS = 120
MAX_OUTBOX_DAYS = 3650


@dataclass(frozen=True)
class Periods:
    closed_months: int
    outbox_days: int


def current_periods() -> Periods:
    """The periods in force: the beheerder's row, else the configuration."""
    row = db.session.get(RetentionPolicy, 1)
    if row is not None:
        return Periods(row.closed_months, row.outbox_days)
    config = current_app.config
    return Periods(config["RETENTION_CLOSED_MONTHS"], config["RETENTION_OUTBOX_DAYS"])


def set_periods(periods: Periods, *, actor: User, now: datetime) -> None:
    """Store new periods, refused below the minimum; audited, as it decides about personal data."""
    if not RETENTION_MIN_CLOSED_MONTHS <= periods.closed_months <= MAX_CLOSED_MONTHS:
        raise DomainError(
            _l(
                "Kies een bewaartermijn van %(low)s tot %(high)s maanden. Korter mag niet: "
                "inwoners moeten na de afronding nog kunnen reageren.",
                low=RETENTION_MIN_CLOSED_MONTHS,
                high=MAX_CLOSED_MONTHS,
            ),
            "closed_months",
        )
    if not RETENTION_MIN_OUTBOX_DAYS <= periods.outbox_days <= MAX_OUTBOX_DAYS:
        raise DomainError(
            _l(
                "Kies een termijn van %(low)s tot %(high)s dagen. Korter mag niet: een mislukte "
                "e-mail moet lang genoeg blijven staan om op te vallen.",
                low=RETENTION_MIN_OUTBOX_DAYS,
                high=MAX_OUTBOX_DAYS,
            ),
            "outbox_days",
        )
    row = db.session.get(RetentionPolicy, 1) or RetentionPolicy(id=1)
    row.closed_months = periods.closed_months
    row.outbox_days = periods.outbox_days
    row.updated_at = now
    row.updated_by_id = actor.id
    db.session.add(row)
    db.session.add(
        AuditEntry(
            created_at=now,
            actor=f"user:{actor.id}",
            action="retention_changed",
            object_type="retention_policy",
            object_id=f"{periods.closed_months} maanden; {periods.outbox_days} dagen",
        )
    )
    db.session.flush()


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier, or the month's last day when it has fewer days."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("every month has 28 days")
