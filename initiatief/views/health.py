"""GET/HEAD /gezond: is this process ready to serve? For the load balancer.

200 when the database answers and its schema is at the newest migration; 503
otherwise, so the load balancer sends no one to a worker that would fail (a
database that is down, or code deployed before `flask db upgrade` ran).

The answer is small JSON without personal data. The route sets no session
cookie, writes no audit entry, is never cached and never rate limited: the load
balancer asks often, from one address.
"""

import functools
import logging

from alembic.script import ScriptDirectory
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db, limiter

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@functools.cache
def migration_heads(directory: str) -> frozenset[str]:
    """The newest revision(s) in the migration scripts.

    Read once per process: the scripts do not change while it runs, and reading
    them on every check would cost file-system work for nothing.
    """
    return frozenset(ScriptDirectory(directory).get_heads())


def database_state() -> str:
    """'ok', 'database' (does not answer) or 'migrations' (not at head)."""
    heads = migration_heads(current_app.extensions["migrate"].directory)
    try:
        db.session.execute(text("SELECT 1"))
        stamped = frozenset(
            db.session.execute(text("SELECT version_num FROM alembic_version")).scalars()
        )
    except SQLAlchemyError as error:
        # The class only: no traceback every few seconds, no connection details.
        log.warning("health check: the database does not answer (%s)", type(error).__name__)
        return "database"
    finally:
        db.session.rollback()  # hand the connection back clean, even after an error
    if stamped != heads:
        log.warning(
            "health check: database at %s, migrations at %s", sorted(stamped), sorted(heads)
        )
        return "migrations"
    return "ok"


@bp.get("/gezond")
@limiter.exempt
def health():
    state = database_state()
    body = {"status": "ok"} if state == "ok" else {"status": "unavailable", "reason": state}
    response = jsonify(body)
    response.status_code = 200 if state == "ok" else 503
    response.headers["Cache-Control"] = "no-store"
    return response
