"""The before/after comparison of a verbeteractie against tests/improvement_world.py.

Every expected figure is worked out by hand in the world's docstring and the
comments here: working days are Monday to Friday, without public holidays and
the closed day of Friday 13 March 2026; a visit counts the days after entering
up to and including leaving, minus its paused working days.
"""

from datetime import date

import pytest
from sqlalchemy import select

from initiatief.dates.planning import load_calendar
from initiatief.extensions import db
from initiatief.models import ActionFigure, ActionStatus, Role, User
from initiatief.services.bottlenecks.figures import Share
from initiatief.services.improvements import effect
from initiatief.services.improvements.actions import ActionData, create_action
from initiatief.services.improvements.effect import Side, judge, periods
from tests.improvement_world import START, TODAY, amsterdam, build
from tests.shared_fixtures import in_app


@pytest.fixture
def made(app):
    """The world and a coördinator (Coco) who sees every team; committed."""
    with app.app_context():
        made = build()
        coco = User(email="coco@gemeente.example", name="Coco", role=Role.COORDINATOR)
        made.world.staff["coco"] = coco
        db.session.add(coco)
        db.session.commit()
        return made


def action(made, starts_on=START, figure=ActionFigure.MEDIAN_DAYS, team=None, status="loopt"):
    data = ActionData(
        title="Kennismaking sneller plannen",
        phase_id=made.phases["K"],
        figure=figure,
        team_id=made.world.teams[team].id if team else None,
        status=status,
        starts_on=starts_on,
    )
    return create_action(data, actor=made.world.staff["coco"], now=amsterdam(4, 13), today=TODAY)


def compare(made, item, viewer="coco", today=TODAY):
    return effect.compare(item, made.world.staff[viewer], today, load_calendar())


def test_equal_periods_in_working_days(app, made):
    with in_app(app, made):
        calendar = load_calendar()
        # Start Wednesday 1 April, today Monday 13 April: 1, 2, 7, 8, 9, 10 April = 6
        # (3 and 6 April are Good Friday and Easter Monday; today does not count).
        assert periods(START, TODAY, calendar) == (
            6,
            (date(2026, 3, 24), date(2026, 3, 31)),  # 31, 30, 27, 26, 25, 24 March
            (START, date(2026, 4, 10)),
        )
        # Saturday 4 April: counted from Tuesday 7 April: 7, 8, 9, 10 = 4; before it
        # 2 April, 1 April, 31 and 30 March (3 April is Good Friday).
        assert periods(date(2026, 4, 4), TODAY, calendar) == (
            4,
            (date(2026, 3, 30), date(2026, 4, 3)),
            (date(2026, 4, 4), date(2026, 4, 10)),
        )
        # From 2 January: far more than 13 weeks of working days, so W stops at 65.
        worked, before, after = periods(date(2026, 1, 2), TODAY, calendar)
        assert worked == 65 and after[1] < TODAY and before[1] == date(2026, 1, 1)


def test_median_before_and_after_with_pauses_taken_off(app, made):
    with in_app(app, made):
        result = compare(made, action(made))
        # Before (24-31 March): B1 6, B2 7, B3 10, B4 12, B5 8 (15 gross, 7 paused).
        # Sorted 6, 7, 8, 10, 12: median 8. Counting B5's paused days it would be 10.
        # X1 left on 23 March, a day too early; X3 was in another phase.
        assert (result.before.initiatives, result.before.median) == (5, 8.0)
        # After (1-10 April): A1 1, A2 2, A3 3, A4 4, A5 6: median 3. X2 left today.
        assert (result.after.initiatives, result.after.median) == (5, 3.0)
        # 8 -> 3: 5 working days (at least 1) and 62 % (at least 10 %) shorter.
        assert (result.state, result.working_days, result.verdict) == ("oordeel", 6, "beter")


def test_shares_over_promised_visits(app, made):
    with in_app(app, made):
        norm = compare(made, action(made, figure=ActionFigure.WITHIN_NORM))
        # Before: B4 left 31 March with nothing paused, after its promise of 27 March:
        # 4 of 5 within. B5 is within: 31 March minus 7 paused days is before 24 March.
        assert (norm.before.within_norm, norm.after.within_norm) == (Share(4, 5), Share(5, 5))
        assert norm.verdict == "beter"  # 80 % -> 100 %: 20 percentage points
        kept = compare(made, action(made, figure=ActionFigure.PROMISE_KEPT))
        # Promise kept is by the date alone: B4 and B5 left after their promised date.
        assert (kept.before.promise_kept, kept.after.promise_kept) == (Share(3, 5), Share(5, 5))
        assert kept.verdict == "beter"


def test_a_medewerker_sees_only_their_teams_and_then_too_few(app, made):
    with in_app(app, made):
        result = compare(made, action(made), viewer="anna")
        # Anna (Noord) does not see A5 (Zuid, Cor): 5 before, 4 after.
        assert (result.before.initiatives, result.after.initiatives) == (5, 4)
        assert (result.state, result.verdict) == ("te_weinig", None)
        assert compare(made, action(made), viewer="cor").after.initiatives == 1


def test_an_action_for_one_team_counts_that_team(app, made):
    with in_app(app, made):
        result = compare(made, action(made, team="zuid"))
        assert (result.before.initiatives, result.after.initiatives) == (0, 1)  # only A5
        assert result.after.median == 6.0 and result.before.median is None
        assert result.state == "te_weinig"


def test_an_action_started_on_the_closed_day(app, made):
    with in_app(app, made):
        result = compare(made, action(made, starts_on=date(2026, 3, 13)))
        # Friday 13 March is closed: counted from Monday 16 March up to Friday 10 April:
        # 16-20, 23-27 March (10), 30, 31 March, 1, 2 April (14), 7-10 April (18).
        assert result.working_days == 18
        assert (result.after.start, result.after.end) == (date(2026, 3, 13), date(2026, 4, 10))
        # 18 working days before: 12-9 March (4), 6-2 March (9), 27-23 Feb (14), 20-17 Feb (18).
        assert (result.before.start, result.before.end) == (date(2026, 2, 17), date(2026, 3, 12))
        # Before: P1 (3) and P2 (7; 13 March closed is after it anyway): median 5.
        assert (result.before.initiatives, result.before.median) == (2, 5.0)
        # After: B1-B5, A1-A5 and X1 (17-20, 23 March = 5): 1, 2, 3, 4, 5, 6, 6, 7, 8, 10,
        # 12: the 6th of 11 is 6. X2 left today.
        assert (result.after.initiatives, result.after.median) == (11, 6.0)
        # Two before the start: fewer than 5, so no verdict however the figures look.
        assert (result.state, result.verdict) == ("te_weinig", None)


@pytest.mark.parametrize(
    "starts_on, today",
    [
        (date(2026, 4, 13), TODAY),  # starts today: today is not over yet
        (date(2026, 4, 11), TODAY),  # Saturday: the weekend has no working day
        (date(2026, 4, 20), TODAY),  # next week
    ],
)
def test_too_early_says_so_without_figures(app, made, starts_on, today):
    with in_app(app, made):
        result = compare(made, action(made, starts_on=starts_on), today=today)
        assert (result.state, result.before, result.after) == ("te_vroeg", None, None)


def test_an_idea_without_a_start_has_no_comparison(app, made):
    with in_app(app, made):
        idea = action(made, starts_on=None, status=ActionStatus.IDEA)
        assert compare(made, idea).state == "geen_start"
        assert db.session.scalar(select(db.func.count()).select_from(type(idea))) == 1


def side(median=None, part=0, whole=0):
    day = date(2026, 1, 1)
    return Side(day, day, 5, 5, median, Share(part, whole), Share(part, whole))


@pytest.mark.parametrize(
    "figure, before, after, verdict",
    [
        ("doorlooptijd", side(10.0), side(9.0), "beter"),  # 1 day and 10 %
        ("doorlooptijd", side(10.0), side(11.0), "slechter"),
        ("doorlooptijd", side(10.0), side(9.5), "geen duidelijk verschil"),  # under 1 day
        ("doorlooptijd", side(20.0), side(19.0), "geen duidelijk verschil"),  # 5 %
        ("doorlooptijd", side(2.0), side(1.0), "beter"),
        ("binnen_norm", side(part=5, whole=10), side(part=6, whole=10), "beter"),  # 10 points
        (
            "binnen_norm",
            side(part=50, whole=100),
            side(part=59, whole=100),
            "geen duidelijk verschil",
        ),
        ("belofte", side(part=9, whole=10), side(part=8, whole=10), "slechter"),
        ("belofte", side(part=0, whole=0), side(part=8, whole=10), None),  # nothing promised
    ],
)
def test_the_rule_the_page_states(figure, before, after, verdict):
    assert judge(figure, before, after) == verdict
