"""The language a resident reads our pages and mails in, kept on their initiators."""

from sqlalchemy import select, update

from ..extensions import db
from ..models import Initiative, Initiator


def stored_language(email: str) -> str | None:
    """The language on this address's most recent live initiative, None without one."""
    return db.session.scalar(
        select(Initiator.language)
        .join(Initiative, Initiative.id == Initiator.initiative_id)
        .where(Initiator.email == email, Initiator.anonymised_at.is_(None))
        .order_by(Initiative.submitted_at.desc(), Initiative.id.desc())
        .limit(1)
    )


def set_language(email: str, language: str) -> int:
    """Store the resident's choice on every live initiative of this address; how many changed.

    All of them, so each later mail (whatever initiative it is about) is in the
    language the resident chose last. Flushes; the caller commits.
    """
    result = db.session.execute(
        update(Initiator)
        .where(
            Initiator.email == email,
            Initiator.anonymised_at.is_(None),
            Initiator.language != language,
        )
        .values(language=language)
        .execution_options(synchronize_session="fetch")
    )
    db.session.flush()
    return result.rowcount or 0
