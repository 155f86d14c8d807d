"""Instroom en uitstroom: submitted, finished and stopped per month, and the work in progress.

Months are Amsterdam calendar months inside the period; the first and last may be
partial. Work in progress at the end of a month is counted from what was open
when the period began plus the months' in- and outflow, so no row is read twice.
"""

from datetime import date, timedelta

from sqlalchemy import Date, case, func, literal, select

from ...extensions import db
from ...models import Initiative, Status, User
from .figures import Filters, MonthFlow
from .scope import restrict
from .sql import day_after, day_start


def months_of(filters: Filters) -> list[date]:
    """First days of the months the period touches, in order."""
    month, months = filters.start.replace(day=1), []
    while month <= filters.end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def month_bounds(month: date, filters: Filters) -> tuple[date, date]:
    """The part of a month inside the period, as first and last date."""
    last = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return max(month, filters.start), min(last, filters.end)


def flow_figures(filters: Filters, viewer: User) -> list[MonthFlow]:
    begin = day_start(filters.start)
    submitted = dict(
        db.session.execute(_per_month(Initiative.submitted_at, filters, viewer, func.count())).all()
    )
    closed = {
        month: (finished, stopped)
        for month, finished, stopped in db.session.execute(
            _per_month(
                Initiative.closed_at,
                filters,
                viewer,
                func.sum(case((Initiative.status == Status.FINISHED, 1), else_=0)),
                func.sum(case((Initiative.status == Status.STOPPED, 1), else_=0)),
            )
        )
    }
    before = restrict(
        select(
            func.count(),
            func.sum(case((Initiative.closed_at < begin, 1), else_=0)),
        ).where(Initiative.submitted_at < begin),
        filters,
        viewer,
    )
    opened, closed_before = db.session.execute(before).one()
    in_progress = (opened or 0) - (closed_before or 0)
    rows = []
    for month in months_of(filters):
        came = submitted.get(month, 0)
        finished, stopped = (int(n or 0) for n in closed.get(month, (0, 0)))
        in_progress += came - finished - stopped
        rows.append(MonthFlow(month, came, finished, stopped, in_progress))
    return rows


def _per_month(moment, filters: Filters, viewer: User, *aggregates):
    """Aggregates per Amsterdam month of a moment, with the month found by comparing
    the stored UTC moment with the UTC starts of the months (no time zone maths in SQL)."""
    months = months_of(filters)
    starts = [day_start(first) for first in months[1:]] + [day_after(filters.end)]
    month = case(
        *(
            (moment < start, literal(first, Date()))
            for first, start in zip(months, starts, strict=True)
        ),
    ).label("month")
    query = (
        select(month, *aggregates)
        .select_from(Initiative)
        .where(moment >= day_start(filters.start), moment < day_after(filters.end))
        .group_by(month)
    )
    return restrict(query, filters, viewer)
