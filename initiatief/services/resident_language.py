"""The language a resident reads our pages and mails in, kept on their initiators."""

from sqlalchemy import update

from ..extensions import db
from ..models import Initiator


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
