"""A stamp that changes with every edit of what workers cache: closed days, journeys, wijken.

Each worker keeps those in memory (services/config_cache.py) and reads only this
stamp per request; a flush that adds, changes or deletes one of them writes a new
random stamp in the same transaction, so every worker sees the edit once it commits.
Random, not a counter: a worker that cached an edit that was then rolled back holds
a stamp no committed edit will ever write again. No row (a database never edited
since the upgrade) is a stamp as well; the first edit writes the row.
"""

import secrets

from sqlalchemy import String, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..extensions import db
from .journey import ClosedDay, Journey, Phase
from .organisation import Wijk

CONFIG = "config"
CACHED_MODELS = (ClosedDay, Journey, Phase, Wijk)


class ConfigStamp(db.Model):
    """One row per cached set; only CONFIG so far."""

    __tablename__ = "config_stamps"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    token: Mapped[str] = mapped_column(String(32))


def new_token() -> str:
    return secrets.token_hex(16)


INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


@event.listens_for(Session, "before_flush")
def _new_stamp_on_config_edit(session: Session, flush_context, instances) -> None:
    touched = (*session.new, *session.dirty, *session.deleted)
    if not any(isinstance(row, CACHED_MODELS) for row in touched):
        return
    connection = session.connection()
    token = new_token()
    upsert = INSERTS[connection.dialect.name](ConfigStamp.__table__).values(
        name=CONFIG, token=token
    )
    connection.execute(upsert.on_conflict_do_update(index_elements=["name"], set_={"token": token}))
