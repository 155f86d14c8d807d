"""Reading the audit trail back: the beheerder's list of who did what with personal data.

The trail itself is written by services.audit (and by the services that change
or anonymise data); this module only selects and labels it.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select

from ..extensions import db
from ..models import AuditEntry, Initiative, User
from ..models.types import AMSTERDAM

# What each action means, in the words of the audit page. Unknown actions show as stored.
ACTION_LABELS = {
    "view": _l("bekeken"),
    "print": _l("afgedrukt (brief)"),
    "create": _l("ingevoerd door medewerker"),
    "export": _l("geëxporteerd"),
    "change": _l("gewijzigd"),
    "details_changed": _l("gegevens gewijzigd door inwoner"),
    "email_changed": _l("e-mailadres gewijzigd door inwoner"),
    "download": _l("gedownload door inwoner"),
    "anonymise": _l("geanonimiseerd"),
    "anonymised": _l("geanonimiseerd"),
    "retention_changed": _l("bewaartermijnen gewijzigd"),
}
RESULT_LABELS = {"ok": _l("gelukt"), "refused": _l("geweigerd"), "denied": _l("geweigerd")}


@dataclass(frozen=True)
class AuditFilters:
    """What the beheerder filters on; None means 'all'. Days are Amsterdam calendar days."""

    initiative_id: int | None = None
    user_id: int | None = None
    start: date | None = None
    end: date | None = None


def day_start(day: date) -> datetime:
    """Midnight at the start of an Amsterdam day, as an aware moment."""
    return datetime.combine(day, time(0), tzinfo=AMSTERDAM)


def entries(filters: AuditFilters) -> Select:
    """The matching entries, newest first, each with its initiative's number (or None)."""
    statement = (
        select(AuditEntry, Initiative.number)
        .outerjoin(Initiative, Initiative.id == AuditEntry.initiative_id)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    )
    if filters.initiative_id is not None:
        statement = statement.where(AuditEntry.initiative_id == filters.initiative_id)
    if filters.user_id is not None:
        statement = statement.where(AuditEntry.actor == f"user:{filters.user_id}")
    if filters.start is not None:
        statement = statement.where(AuditEntry.created_at >= day_start(filters.start))
    if filters.end is not None:
        statement = statement.where(
            AuditEntry.created_at < day_start(filters.end + timedelta(days=1))
        )
    return statement


def initiative_id_for(number: str) -> int | None:
    """The id behind a typed number (any case, spaces around), or None when there is none."""
    return db.session.execute(
        select(Initiative.id).where(func.upper(Initiative.number) == number.strip().upper())
    ).scalar_one_or_none()


def staff_names(actors: list[str]) -> dict[str, str]:
    """'user:12' -> the staff member's name, for the actors on one page, in one query."""
    ids = {int(actor[5:]) for actor in actors if actor.startswith("user:") and actor[5:].isdigit()}
    if not ids:
        return {}
    rows = db.session.execute(select(User.id, User.name).where(User.id.in_(ids)))
    return {f"user:{user_id}": name for user_id, name in rows}


def actor_label(actor: str, names: dict[str, str]) -> str:
    """Who, in words: the staff name, 'inwoner', or the system and why."""
    if actor in names:
        return names[actor]
    if actor.startswith("user:"):
        return str(_l("medewerker (verwijderd account)"))
    if actor.startswith("resident"):
        return str(_l("inwoner"))
    return str(_l("systeem (bewaartermijn)"))


def action_label(entry: AuditEntry) -> str:
    """What happened, in words; a change of settings says the new values."""
    label = str(ACTION_LABELS.get(entry.action, entry.action))
    if entry.object_type not in ("initiator", "") and entry.object_id:
        return f"{label}: {entry.object_id}"
    return label


def result_label(result: str) -> str:
    return str(RESULT_LABELS.get(result, result))
