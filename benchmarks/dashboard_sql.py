"""SQL capture for the dashboard benchmark: every statement of one request, timed.

A before/after_cursor_execute pair on the engine times each statement as the
driver runs it, and notes which bottlenecks module sent it, so the figures can
say "page" next to "SQL" and name the slowest queries. explain() runs EXPLAIN
ANALYZE (PostgreSQL) or EXPLAIN QUERY PLAN (SQLite) on a captured statement
with its own parameters.
"""

import time
import traceback
from dataclasses import dataclass, field

from sqlalchemy import Engine, event

SERVICE_PATH = "services/bottlenecks/"


@dataclass
class Statement:
    sql: str
    parameters: object
    seconds: float
    origin: str  # module.function in services/bottlenecks that sent it, or the first app frame


@dataclass
class Capture:
    """Statements sent while active; attach() before the request, detach() after."""

    engine: Engine
    statements: list[Statement] = field(default_factory=list)
    active: bool = False

    def attach(self) -> None:
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)
        self.active = True

    def detach(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)
        self.active = False

    def _before(self, conn, cursor, statement, parameters, context, executemany) -> None:
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    def _after(self, conn, cursor, statement, parameters, context, executemany) -> None:
        seconds = time.perf_counter() - conn.info["bench_started"].pop()
        self.statements.append(Statement(statement, parameters, seconds, _origin()))

    @property
    def total(self) -> float:
        return sum(s.seconds for s in self.statements)

    def slowest(self, count: int = 3) -> list[Statement]:
        return sorted(self.statements, key=lambda s: s.seconds, reverse=True)[:count]

    def by_origin(self) -> list[tuple[str, int, float]]:
        """(origin, statements, seconds), the costliest first."""
        totals: dict[str, list] = {}
        for s in self.statements:
            entry = totals.setdefault(s.origin, [0, 0.0])
            entry[0] += 1
            entry[1] += s.seconds
        return sorted(((o, n, t) for o, (n, t) in totals.items()), key=lambda r: -r[2])


def _origin() -> str:
    """The innermost frame in the bottlenecks service, else the innermost app frame."""
    frames = traceback.extract_stack(limit=40)
    for frame in reversed(frames):
        if SERVICE_PATH in frame.filename:
            module = frame.filename.rsplit("/", 1)[-1].removesuffix(".py")
            return f"bottlenecks.{module}.{frame.name}"
    for frame in reversed(frames):
        if "/initiatief/" in frame.filename and "benchmarks" not in frame.filename:
            module = frame.filename.split("/initiatief/", 1)[1].removesuffix(".py")
            return f"{module.replace('/', '.')}.{frame.name}"
    return "?"


def explain(engine: Engine, statement: Statement, lines: int = 14) -> list[str]:
    """The plan of a captured statement, run again with its parameters (PostgreSQL: ANALYZE)."""
    postgres = engine.dialect.name == "postgresql"
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(prefix + statement.sql, statement.parameters)
        rows = cursor.fetchall()
        raw.rollback()
    finally:
        raw.close()
    if postgres:
        plan = [row[0] for row in rows]
    else:
        plan = [f"{'  ' * _depth(rows, row)}{row[-1]}" for row in rows]
    if len(plan) > lines:
        plan = plan[: lines - 2] + ["...", *plan[-2:]]
    return plan


def _depth(rows, row) -> int:
    """SQLite's plan rows name their parent; indent by how deep they sit."""
    parents = {r[0]: r[1] for r in rows}
    depth, parent = 0, row[1]
    while parent in parents and depth < 10:
        depth, parent = depth + 1, parents[parent]
    return depth
