"""Writes chunks of bulk demo rows: executemany on SQLite, COPY on PostgreSQL.

Ids are handed out by the generator, so after the last chunk the writer moves
PostgreSQL's id sequences past them, and the number counter past the last
public number per year, so real intakes continue after the demo.
"""

import json
from collections.abc import Iterable

from sqlalchemy import Boolean, Connection, Date, Engine, func, insert, select, text

from initiatief.extensions import db
from initiatief.models import NumberSequence, UTCDateTime

from .chunk import TABLES


class ChunkWriter:
    """One transaction per chunk, with the driver's fastest way in.

    fast=True: COPY on PostgreSQL, the sqlite3 driver's executemany with values
    converted here on SQLite (SQLAlchemy's per-value processing costs more than
    generating the rows). fast=False: SQLAlchemy Core executemany on both.
    """

    def __init__(self, engine: Engine, fast: bool = True) -> None:
        self.engine = engine
        self.postgres = engine.dialect.name == "postgresql"
        self.sqlite = engine.dialect.name == "sqlite"
        self.fast = fast
        self.tables = {name: db.metadata.tables[name] for name in TABLES}

    def first_ids(self) -> dict[str, int]:
        """The first free id per table (feedback_phases has none)."""
        with self.engine.connect() as conn:
            return {
                name: (conn.scalar(select(func.max(table.c.id))) or 0) + 1
                for name, table in self.tables.items()
                if "id" in table.c
            }

    def write(self, rows: dict[str, list[dict]]) -> int:
        """Insert one chunk, parents before children; returns the rows written.

        Keys the table does not have are left out, so the generator may already
        write a column a model is about to get.
        """
        written = 0
        with self.engine.begin() as conn:
            for name in TABLES:
                batch = rows.get(name)
                if not batch:
                    continue
                known = self.tables[name].c
                if any(key not in known for key in batch[0]):
                    batch = [{k: v for k, v in row.items() if k in known} for row in batch]
                if self.fast and self.postgres:
                    self._copy(conn, name, batch)
                elif self.fast and self.sqlite:
                    self._sqlite(conn, name, batch)
                else:
                    conn.execute(insert(self.tables[name]), batch)
                written += len(batch)
        return written

    def _copy(self, conn: Connection, name: str, batch: list[dict]) -> None:
        """COPY FROM STDIN through psycopg: values converted as the column types would."""
        table = self.tables[name]
        columns = list(batch[0])
        convert = [_converter(table.c[c].type) for c in columns]
        raw = conn.connection.driver_connection
        sql = f"COPY {name} ({', '.join(columns)}) FROM STDIN"
        with raw.cursor() as cursor, cursor.copy(sql) as copy:
            for row in batch:
                copy.write_row(
                    [f(row[c]) if f else row[c] for f, c in zip(convert, columns, strict=True)]
                )

    def _sqlite(self, conn: Connection, name: str, batch: list[dict]) -> None:
        """The driver's executemany, values stored the way SQLAlchemy's SQLite types store them."""
        table = self.tables[name]
        columns = list(batch[0])
        convert = [_sqlite_converter(table.c[c].type) for c in columns]
        marks = ", ".join("?" * len(columns))
        sql = f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
        cursor = conn.connection.driver_connection.cursor()
        cursor.executemany(
            sql,
            (
                [f(row[c]) if f else row[c] for f, c in zip(convert, columns, strict=True)]
                for row in batch
            ),
        )
        cursor.close()

    def finish(self, last_numbers: dict[int, int]) -> None:
        """Move the number counters and (PostgreSQL) the id sequences past the new rows."""
        with self.engine.begin() as conn:
            for year, last in sorted(last_numbers.items()):
                current = conn.scalar(
                    select(NumberSequence.last).where(NumberSequence.year == year)
                )
                if current is None:
                    conn.execute(insert(NumberSequence).values(year=year, last=last))
                elif current < last:
                    conn.execute(
                        NumberSequence.__table__.update()
                        .where(NumberSequence.year == year)
                        .values(last=last)
                    )
            if self.postgres:
                for name, table in self.tables.items():
                    if "id" in table.c:
                        # Our own table names, not input.
                        sql = (
                            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), max(id)) "  # noqa: S608
                            f"FROM {name} HAVING count(*) > 0"
                        )
                        conn.execute(text(sql))

    def analyze(self, names: Iterable[str] = TABLES) -> None:
        """Fresh planner statistics after a bulk load (autovacuum would take a while)."""
        with self.engine.begin() as conn:
            for name in names:
                conn.execute(text(f"ANALYZE {name}"))


def _converter(column_type):
    """How a value goes into COPY's text format for this column type (None: as is)."""
    if isinstance(column_type, UTCDateTime):
        return lambda v: v.replace(tzinfo=None) if v is not None else None
    if column_type.__class__.__name__ == "JSON":
        return lambda v: json.dumps(v) if v is not None else None
    return None


def _sqlite_converter(column_type):
    """SQLite keeps dates and moments as text: the formats of SQLAlchemy's SQLite dialect."""
    if isinstance(column_type, UTCDateTime):
        return lambda v: v.strftime("%Y-%m-%d %H:%M:%S.%f") if v is not None else None
    if isinstance(column_type, Date):
        return lambda v: v.isoformat() if v is not None else None
    if isinstance(column_type, Boolean):
        return lambda v: int(v) if v is not None else None
    return _converter(column_type)
