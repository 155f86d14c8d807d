"""Landed migrations are frozen: a database at any landed revision, with data, reaches head.

Rule: a migration that has landed on main is never edited; a change is a new revision.
Databases in use sit at landed revisions, so an edited migration would leave them with
a schema no revision describes. This test holds the rule: for every revision it
upgrades an empty database to that revision, puts one row in every table there, then
upgrades to head, runs `flask db check` and finds every row still there.

Revisions come from the script directory and rows are built from the reflected
columns, so a new revision or table is covered without touching this file.
"""

from datetime import date, datetime
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, Table, func, select
from sqlalchemy.engine import Connection

from initiatief import create_app
from initiatief.extensions import db
from tests.conftest import ON_POSTGRES
from tests.databases import own_postgres_database

SCRIPTS = ScriptDirectory(str(Path(__file__).resolve().parents[1] / "migrations"))

# One value per Python type a reflected column holds; 1 also satisfies the score checks.
VALUES = {
    bool: True,
    int: 1,
    datetime: datetime(2026, 3, 28, 23, 30),  # naive UTC, as the app stores it
    date: date(2026, 3, 29),
    dict: {},
}

# Values a migration reads to move data: a verdict kept as an event before the
# feedback table existed (d932645028b2 copies it over), so that copy is exercised.
AS_WRITTEN = {("events", "kind"): "feedback", ("events", "data"): {"verdict": "tevreden"}}
# Where a moved row must arrive: table at head -> the table it came from.
MOVED_TO = {"feedback": "events"}

# Tables a landed migration empties on purpose: table -> the revision that empties it.
EMPTIED_BY = {"calendar_days": "ccab5dccd2a8"}  # rebuilt on first use


def landed_revisions() -> list[str]:
    return [script.revision for script in reversed(list(SCRIPTS.walk_revisions()))]


@pytest.fixture
def empty_database_url(request, tmp_path):
    """An empty database for this case alone: a file on SQLite, a database on PostgreSQL."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'upgrade.sqlite'}"
        return
    with own_postgres_database(f"upgrade_{request.node.callspec.id}") as url:
        yield url


def value_for(column):
    python_type = column.type.python_type
    if python_type is str:
        return column.name[: column.type.length or None]
    return VALUES[python_type]


def takes_generated_key(column, table: Table) -> bool:
    return (
        column.primary_key
        and len(table.primary_key.columns) == 1
        and not column.foreign_keys
        and column.autoincrement in (True, "auto")
        and column.type.python_type is int
    )


def insert_one_row_each(conn: Connection) -> list[str]:
    """One row per table, parents first; a foreign key points at its parent's row."""
    metadata = MetaData()
    metadata.reflect(conn)
    rows = {}
    for table in metadata.sorted_tables:
        if table.name == "alembic_version":
            continue
        values = {}
        for column in table.columns:
            if column.foreign_keys:
                (key,) = column.foreign_keys
                values[column.name] = rows[key.column.table.name][key.column.name]
            elif (table.name, column.name) in AS_WRITTEN:
                values[column.name] = AS_WRITTEN[table.name, column.name]
            elif not takes_generated_key(column, table):
                values[column.name] = value_for(column)
        conn.execute(table.insert().values(values))
        rows[table.name] = conn.execute(select(table)).one()._mapping
    return list(rows)


def emptied_on_the_way(revision: str) -> set[str]:
    between = {script.revision for script in SCRIPTS.iterate_revisions("heads", revision)}
    return {table for table, emptier in EMPTIED_BY.items() if emptier in between}


@pytest.mark.parametrize("revision", landed_revisions())
def test_upgrade_with_a_row_in_every_table_reaches_head_without_drift(revision, empty_database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url})
    runner = app.test_cli_runner()
    try:
        to_revision = runner.invoke(args=["db", "upgrade", revision])
        assert to_revision.exit_code == 0, to_revision.output
        with app.app_context(), db.engine.begin() as conn:
            filled = insert_one_row_each(conn)

        to_head = runner.invoke(args=["db", "upgrade"])
        assert to_head.exit_code == 0, to_head.output
        check = runner.invoke(args=["db", "check"])
        assert check.exit_code == 0, check.output

        with app.app_context(), db.engine.connect() as conn:
            at_head = MetaData()
            at_head.reflect(conn)
            kept = set(filled) & set(at_head.tables) - emptied_on_the_way(revision)
            kept |= {moved for moved, source in MOVED_TO.items() if source in filled}
            counts = {
                name: conn.execute(select(func.count()).select_from(at_head.tables[name])).scalar()
                for name in sorted(kept)
            }
        assert {name: count for name, count in counts.items() if count < 1} == {}
    finally:
        with app.app_context():
            db.engine.dispose()
