"""The SQL building blocks of the dashboard agree with Python on dates and working days."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, literal, select

from initiatief.dates.planning import WorkCalendar
from initiatief.extensions import db
from initiatief.models import CalendarDay, ClosedDay, UTCDateTime
from initiatief.models.types import local
from initiatief.services.bottlenecks.sql import local_date
from initiatief.services.calendar_table import ORIGIN, ensure_calendar, rebuild_calendar


def moments():
    """Around every summer-time switch 1999-2040, plus a spread over ordinary days."""
    for year in range(1999, 2041):
        for month in (3, 10):
            last = date(year, month, 31)
            sunday = last - timedelta(days=(last.weekday() + 1) % 7)
            switch = datetime(sunday.year, sunday.month, sunday.day, 1, tzinfo=UTC)
            for minutes in (-61, -1, 0, 1, 59, 60, 22 * 60 + 59, 23 * 60):
                yield switch + timedelta(minutes=minutes)
    start = datetime(2025, 1, 1, 22, 30, 0, 123456, tzinfo=UTC)
    for days in range(0, 800, 7):
        yield start + timedelta(days=days, minutes=days)


def test_local_date_matches_zoneinfo(app):
    with app.app_context():
        for moment in moments():
            sql = db.session.execute(
                select(local_date(literal(moment, UTCDateTime())))
            ).scalar_one()
            assert sql == local(moment).date(), moment


def test_calendar_counts_like_work_calendar(app):
    with app.app_context():
        db.session.add(ClosedDay(day=date(2026, 3, 13), reason="Studiedag"))
        db.session.flush()
        rebuild_calendar()
        ensure_calendar(date(2026, 12, 31))
        calendar = WorkCalendar([date(2026, 3, 13)])
        index = dict(db.session.execute(select(CalendarDay.day, CalendarDay.working_index)).all())
        assert min(index) == ORIGIN
        days = [date(2025, 12, 20) + timedelta(days=n) for n in range(0, 400, 3)]
        for a in days[:40]:
            for b in days[::9]:
                expected = calendar.working_days_between(a, b)
                assert max(index[b] - index[a], 0) == expected, (a, b)


def test_calendar_extends_and_follows_closed_days(app):
    from initiatief.services.config.closed_days import add_closed_day

    with app.app_context():
        ensure_calendar(date(2026, 1, 1))
        last = db.session.execute(select(func.max(CalendarDay.day))).scalar_one()
        assert last >= date(2028, 12, 31)  # a margin, so most requests add nothing
        ensure_calendar(last + timedelta(days=10))
        grown = db.session.execute(select(func.max(CalendarDay.day))).scalar_one()
        assert grown > last
        row = db.session.get(CalendarDay, last + timedelta(days=1))
        before = db.session.get(CalendarDay, last)
        assert row.working_index - before.working_index in (0, 1)

        def index(day):
            return db.session.get(CalendarDay, day).working_index

        gap = index(date(2026, 6, 5)) - index(date(2026, 6, 4))
        add_closed_day(date(2026, 6, 5), "Brugdag")
        db.session.expire_all()
        assert (gap, index(date(2026, 6, 5)) - index(date(2026, 6, 4))) == (1, 0)


@pytest.mark.parametrize(
    "values, median, p90",
    [
        ([7], 7.0, 7),
        ([1, 2], 1.5, 2),
        ([5, 1, 3], 3.0, 5),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5.5, 9),
        ([4, 4, 4, 100], 4.0, 100),
        ([2, 2, 9, 9], 5.5, 9),
        ([0, 0, 0, 0, 0, 0, 0, 0, 0, 50], 0.0, 0),
    ],
)
def test_median_and_percentile_from_a_histogram(app, values, median, p90):
    from collections import Counter

    from sqlalchemy import union_all

    from initiatief.services.bottlenecks.sql import cumulative, median_and_p90

    with app.app_context():
        histogram = union_all(
            *(
                select(literal(1).label("g"), literal(v).label("v"), literal(n).label("n"))
                for v, n in Counter(values).items()
            )
        ).subquery()
        running = cumulative(histogram, ("g",), "v", "n")
        query = select(*median_and_p90(running, "v")).group_by(running.c.g)
        stats = db.session.execute(query).one()
        assert (float(stats.median), stats.p90) == (median, p90)


def test_visits_and_pauses_keep_their_amsterdam_dates(app):
    from initiatief.models import Pause, PhaseVisit
    from tests.factories import make_world, submit

    with app.app_context():
        make_world()
        # 23.30 on Sunday 29 March in Amsterdam is 21.30 UTC the same day; 00.30 on
        # 1 January is still 31 December in UTC.
        initiative = submit(datetime(2026, 3, 29, 21, 30, tzinfo=UTC))
        visit = initiative.current_visit
        db.session.flush()
        assert (visit.entered_on, visit.left_on) == (date(2026, 3, 29), None)
        visit.left_at = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
        pause = Pause(
            visit=visit,
            started_at=datetime(2026, 10, 24, 22, 30, tzinfo=UTC),
            waiting_on="derde",
            reason="Wacht",
        )
        db.session.add(pause)
        db.session.flush()
        assert visit.left_on == date(2026, 1, 1)
        assert (pause.started_on, pause.ended_on) == (date(2026, 10, 25), None)
        pause.ended_at = datetime(2026, 10, 25, 23, 0, tzinfo=UTC)  # winter time again
        db.session.commit()
        stored = db.session.execute(
            select(PhaseVisit.left_on, Pause.ended_on).join(Pause, Pause.visit_id == PhaseVisit.id)
        ).one()
        assert stored == (date(2026, 1, 1), date(2026, 10, 26))
