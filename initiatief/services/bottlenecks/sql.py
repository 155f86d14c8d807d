"""SQL building blocks that behave the same on SQLite and PostgreSQL.

Moments are stored as naive UTC; every figure counts Amsterdam dates. PostgreSQL
converts with AT TIME ZONE. SQLite has no time zones, so the offset is worked
out from the EU rule (summer time from the last Sunday of March 01.00 UTC to the
last Sunday of October 01.00 UTC), which is the rule for Amsterdam since 1996.
"""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Date, case, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.expression import FunctionElement

from ...models import CalendarDay
from ...rendering import AMSTERDAM


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


def rank_statistics(values, group_column: str, value_column: str):
    """Median and 90th percentile of value_column per group_column, in SQL.

    values is a subquery with one row per observation. The median is the middle
    value, or the average of the two middle values for an even count; the 90th
    percentile is the smallest value with at least 90 % of the observations at or
    below it (nearest rank). Window functions, so nothing is loaded into Python.
    """
    group, value = values.c[group_column], values.c[value_column]
    ranked = select(
        group.label("group_key"),
        value.label("value"),
        func.row_number().over(partition_by=group, order_by=value).label("rn"),
        func.count().over(partition_by=group).label("n"),
    ).subquery()
    rn, n = ranked.c.rn, ranked.c.n
    middle = or_(rn == (n + 1) // 2, rn == (n + 2) // 2)
    median = func.avg(case((middle, ranked.c.value * 1.0)))
    p90 = func.min(case((rn * 10 >= n * 9, ranked.c.value)))
    return select(ranked.c.group_key, median.label("median"), p90.label("p90")).group_by(
        ranked.c.group_key
    )
