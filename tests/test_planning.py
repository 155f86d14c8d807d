"""The working-day planner: the arithmetic behind every date a resident is shown."""

from datetime import UTC, date, datetime

import pytest

from initiatief.dates.planning import WorkCalendar
from initiatief.models import NormUnit

WD = NormUnit.WORKING_DAYS
CAL = NormUnit.CALENDAR_DAYS


@pytest.fixture
def calendar():
    return WorkCalendar()


@pytest.mark.parametrize(
    ("start", "days", "expected", "why"),
    [
        (date(2026, 3, 2), 2, date(2026, 3, 4), "Monday + 2 = Wednesday"),
        (date(2026, 3, 5), 2, date(2026, 3, 9), "Thursday + 2 skips the weekend"),
        (date(2026, 3, 7), 1, date(2026, 3, 9), "Saturday + 1 = Monday"),
        (date(2026, 4, 24), 2, date(2026, 4, 29), "Koningsdag (Mon 27 April 2026) does not count"),
        (
            date(2025, 4, 25),
            1,
            date(2025, 4, 28),
            "Koningsdag on a Sunday 2025: Saturday 26 April is a weekend day anyway",
        ),
        (
            date(2026, 5, 13),
            1,
            date(2026, 5, 15),
            "Hemelvaart (Thursday 14 May 2026) does not count",
        ),
        (
            date(2026, 5, 22),
            1,
            date(2026, 5, 26),
            "Pinksteren: Whit Monday 25 May 2026 does not count",
        ),
        (date(2026, 12, 24), 1, date(2026, 12, 28), "Kerst: 25 and 26 December do not count"),
        (date(2026, 12, 31), 1, date(2027, 1, 4), "Nieuwjaarsdag 2027 (Friday) does not count"),
        (date(2026, 4, 3), 1, date(2026, 4, 7), "Easter Monday 6 April 2026 does not count"),
    ],
)
def test_working_days_skip_weekends_and_dutch_holidays(calendar, start, days, expected, why):
    assert calendar.add_working_days(start, days) == expected, why


def test_closed_days_do_not_count():
    closed = WorkCalendar(closed_days=[date(2026, 12, 28), date(2026, 12, 29)])
    assert closed.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 30)
    assert not closed.is_working_day(date(2026, 12, 28))


def test_friday_evening_submission_is_due_on_tuesday_with_two_working_days(calendar):
    # 21.30 in Amsterdam on Friday 6 March 2026 is 20.30 UTC.
    friday_evening = datetime(2026, 3, 6, 20, 30, tzinfo=UTC)
    assert calendar.due_date_from(friday_evening, 2, WD) == date(2026, 3, 10)


def test_the_amsterdam_date_counts_not_the_utc_date(calendar):
    # 23.30 UTC on Friday is already 00.30 on Saturday in Amsterdam.
    late_friday_utc = datetime(2026, 3, 6, 23, 30, tzinfo=UTC)
    saturday_start = calendar.due_date_from(late_friday_utc, 1, WD)
    assert saturday_start == date(2026, 3, 9)
    # 22.30 UTC on Thursday is 23.30 Thursday in Amsterdam: Friday is day 1.
    assert calendar.due_date_from(datetime(2026, 3, 5, 22, 30, tzinfo=UTC), 1, WD) == date(
        2026, 3, 6
    )


def test_calendar_day_norm_counts_every_day_but_ends_on_a_working_day(calendar):
    assert calendar.due_date(date(2026, 3, 2), 7, CAL) == date(2026, 3, 9)
    # 2 March + 5 days = Saturday 7 March: moves to Monday 9 March.
    assert calendar.due_date(date(2026, 3, 2), 5, CAL) == date(2026, 3, 9)
    # Ends on Koningsdag 2026 (Monday 27 April): moves to Tuesday.
    assert calendar.due_date(date(2026, 4, 20), 7, CAL) == date(2026, 4, 28)


def test_no_norm_means_no_due_date(calendar):
    assert calendar.due_date(date(2026, 3, 2), None, WD) is None


def test_working_days_between(calendar):
    assert calendar.working_days_between(date(2026, 3, 6), date(2026, 3, 10)) == 2
    assert calendar.working_days_between(date(2026, 3, 10), date(2026, 3, 6)) == 0
    # 2026: Friday 25 December is Kerst, 26 and 27 a weekend; 28 to 31 count.
    assert calendar.working_days_between(date(2026, 12, 24), date(2026, 12, 31)) == 4
