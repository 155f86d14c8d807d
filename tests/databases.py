"""A PostgreSQL database of a test's own, beside the suite's: made empty, dropped afterwards."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import PG_URL


@contextmanager
def own_postgres_database(suffix: str) -> Iterator[str]:
    """The URL of an empty database named after the suite's one plus suffix.

    FORCE ends connections a failed test left open, so the drop never waits.
    """
    url = make_url(PG_URL)
    name = f"{url.database}_{suffix}"
    server = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield url.set(database=name).render_as_string(hide_password=False)
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        server.dispose()
