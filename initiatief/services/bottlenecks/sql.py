"""SQL building blocks that behave the same on SQLite and PostgreSQL.

Moments are stored as naive UTC; every figure counts Amsterdam dates. PostgreSQL
converts with AT TIME ZONE. SQLite has no time zones, so the offset is worked
out from the EU rule (summer time from the last Sunday of March 01.00 UTC to the
last Sunday of October 01.00 UTC), which is the rule for Amsterdam since 1996.
"""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Date, Integer, case, cast, func, literal, select, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.expression import FunctionElement

from ...extensions import db
from ...models import CalendarDay
from ...models.types import AMSTERDAM


class local_date(FunctionElement):  # noqa: N801  (reads like the SQL function it is)
    """The Amsterdam date of a UTC moment column, as a SQL expression."""

    type = Date()
    inherit_cache = True
    name = "local_date"


@compiles(local_date, "postgresql")
def _local_date_postgresql(element, compiler, **kw):
    moment = compiler.process(element.clauses, **kw)
    return f"CAST(timezone('Europe/Amsterdam', timezone('UTC', {moment})) AS DATE)"


@compiles(local_date, "sqlite")
def _local_date_sqlite(element, compiler, **kw):
    m = compiler.process(element.clauses, **kw)
    year = f"substr({m}, 1, 4)"
    summer_starts = f"date({year} || '-04-01', 'weekday 0', '-7 days') || ' 01:00:00'"
    summer_ends = f"date({year} || '-11-01', 'weekday 0', '-7 days') || ' 01:00:00'"
    offset = (
        f"CASE WHEN {m} >= {summer_starts} AND {m} < {summer_ends} "
        "THEN '+2 hours' ELSE '+1 hours' END"
    )
    return f"date({m}, {offset})"


def tune_for_reporting() -> None:
    """PostgreSQL, this transaction only: room to group in memory, and no JIT compilation,
    which these queries of a few hundred milliseconds never earn back."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL work_mem = '32MB'"))
        db.session.execute(text("SET LOCAL jit = off"))


def day_after(day: date) -> datetime:
    """The UTC moment a local day ends (a bound for index-friendly range filters)."""
    return datetime.combine(day + timedelta(days=1), time(), AMSTERDAM).astimezone(UTC)


def day_start(day: date) -> datetime:
    """The UTC moment a local day begins."""
    return datetime.combine(day, time(), AMSTERDAM).astimezone(UTC)


def calendar_alias():
    """A fresh alias of calendar_days, for one date look-up in a query."""
    return aliased(CalendarDay)


def today_literal(today: date):
    return literal(today, Date())


def cumulative(histogram, group: tuple[str, ...], value: str, count: str):
    """A histogram (one row per group and value, with a count) with running totals.

    Adds `through` (observations up to and including this value) and `total`
    (observations in the group), for median_and_p90().
    """
    partition = [histogram.c[name] for name in group]
    counts = histogram.c[count]
    # PostgreSQL sums a bigint count to numeric; as integers, (total + 1) // 2 stays exact.
    through = func.sum(counts).over(partition_by=partition, order_by=histogram.c[value])
    total = func.sum(counts).over(partition_by=partition)
    return select(
        histogram,
        cast(through, Integer).label("through"),
        cast(total, Integer).label("total"),
    ).subquery()


def median_and_p90(running, value: str):
    """Aggregates over cumulative() rows, grouped per group: the median and 90th percentile.

    The median is the middle observation, or the mean of the two middle ones for
    an even count; the 90th percentile is the smallest value with at least 90 % of
    the observations at or below it (nearest rank). Counting equal values first
    and reading ranks off running totals gives the same answer as sorting every
    observation, at a fraction of the work.
    """
    v, through, total = running.c[value], running.c.through, running.c.total
    low = func.min(case((through >= (total + 1) // 2, v)))
    high = func.min(case((through >= (total + 2) // 2, v)))
    p90 = func.min(case((through * 10 >= total * 9, v)))
    return ((low + high) / 2.0).label("median"), p90.label("p90")
