"""Every dashboard figure against the hand-built history in tests/bottleneck_world.py.

Each expected number is worked out by hand in the comment next to it: working
days are the days after entering up to and including leaving, Monday to Friday,
without public holidays and the closed day of 13 March.
"""

from datetime import date

import pytest
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import Role, User
from initiatief.services.bottlenecks import Filters, build_dashboard, initiatives_behind
from initiatief.services.bottlenecks.figures import Share
from tests.bottleneck_world import PERIOD, TODAY, build
from tests.shared_fixtures import in_app

START, END = PERIOD


@pytest.fixture
def made(app):
    """The bottleneck world and a coördinator (Coco) who sees every team; committed."""
    with app.app_context():
        made = build()
        coordinator = User(email="coco@gemeente.example", name="Coco", role=Role.COORDINATOR)
        made.world.staff["coco"] = coordinator  # so in_app() attaches Coco with the world
        db.session.add(coordinator)
        db.session.commit()
        made.coordinator = coordinator
        return made


def board(made, viewer=None, **filters):
    return build_dashboard(Filters(START, END, **filters), viewer or made.coordinator, TODAY)


def phase(result, made, key):
    return next(p for p in result.phases if p.phase_id == made.phases[key])


def listed(made, figure, value=None, viewer=None, **filters):
    query = initiatives_behind(
        figure, value, Filters(START, END, **filters), viewer or made.coordinator, TODAY
    )
    return {i.number for i in db.session.scalars(query)}


def test_kennismaking_per_phase(app, made):
    with in_app(app, made):
        k = phase(board(made), made, "K")
        # Open now: K9, K10, K11 (paused). Overdue: only K10 (due 30 March, clock running).
        assert (k.active, k.overdue) == (3, 1)
        # Ended in the period by moving on: K1, K2, K3, K4 (K5 ended by a stop, K6 in
        # February, K7 on 1 May, K8 skipped).
        assert k.finished == 4
        # K1: 3-6, 9-12 (13 closed), 16 March = 9.   K2: 18 gross minus 4 paused = 14.
        # K3: 20 March 23.30 to 1 April 00.30 Amsterdam: 23-27, 30, 31 March, 1 April = 8
        #     (by UTC dates it would end on 31 March: 7).
        # K4: 14-17, 20-24, 28 April (27 is Koningsdag) = 10.
        # Sorted 8, 9, 10, 14: median (9 + 10) / 2; 90th percentile: rank 4 of 4 (4 x 0.9 = 3.6).
        assert (k.median_days, k.p90_days) == (9.5, 14)
        assert k.paused_days == 1.0  # K2's 4 paused days over 4 visits
        # Within the norm: K2 left 9 working days after its promise, 4 of them paused: no.
        assert k.within_norm == Share(3, 4)
        assert k.promise_kept == Share(3, 4)
        # Kennismaking is 'samen': the unpaused days count as together (9+14+8+10)/4;
        # K2's pause waited on the initiatiefnemer: 4/4.
        assert (k.together_days, k.initiator_days, k.municipality_days) == (10.25, 1.0, 0.0)
        assert k.third_party_days == 0.0


def test_ontvangen_within_norm_is_not_promise_kept(app, made):
    with in_app(app, made):
        o = phase(board(made), made, "O")
        # O1: Friday 27 March 18.00 to Tuesday 31 March = 2.  O2: 31 March, 1 and 2 April = 3,
        # with 1 day (1 April) paused for a third party: 2.
        assert (o.finished, o.median_days, o.p90_days) == (2, 2.0, 2)
        assert o.within_norm == Share(2, 2)  # O2 is within its norm once the pause is taken off
        assert o.promise_kept == Share(1, 2)  # but left on 2 April, after the 1 April promised
        assert (o.municipality_days, o.third_party_days, o.paused_days) == (2.0, 0.5, 0.5)


def test_phases_without_visits_are_listed_empty(app, made):
    with in_app(app, made):
        besluit = next(p for p in board(made).phases if p.phase_name == "Besluit")
        assert (besluit.active, besluit.finished, besluit.median_days) == (0, 0, None)
        assert besluit.within_norm == Share(0, 0) and besluit.within_norm.percent is None


def test_flow_per_month(app, made):
    with in_app(app, made):
        march, april = board(made).flow
        assert (march.month, april.month) == (date(2026, 3, 1), date(2026, 4, 1))
        # Open when the period began: A6, A7 (A15 closed in February) = 2.
        # March: in A1, A2, A3 (20 March 23.30), A5, A8, A10, A11, A12, A13 = 9;
        #        finished A6 (31 March 23.30 Amsterdam is still March), stopped A5.
        assert (march.submitted, march.finished, march.stopped, march.in_progress) == (9, 1, 1, 9)
        # April: in A4, A9; finished A2; stopped A13 (30 April 23.30). A14 came in May.
        assert (april.submitted, april.finished, april.stopped, april.in_progress) == (2, 1, 1, 9)


def test_signals(app, made):
    with in_app(app, made):
        result = board(made)
        # Only K10 runs: 32 working days since 16 March against 2 x 10.
        assert result.late_total == 1 and result.late[0].number == made.number("A10")
        assert result.late[0].spent == 32
        # Open call-backs, oldest first: A12 (27 April: 28-30 April, 1 and 4 May = 5), A10 (2).
        assert [(c.number, c.working_days_open) for c in result.callbacks] == [
            (made.number("A12"), 5),
            (made.number("A10"), 2),
        ]
        # Failed in the period: mail 1 (A1), mail 2 (no initiative), mail 5 (A4).
        assert result.failed_total == 3
        assert [m.subject for m in result.failed_mails] == ["Mail 1", "Mail 2", "Mail 5"]
        # Unhappy and not followed up, whenever given: A15 (February), A5. A6 was followed up.
        assert [u.number for u in result.unhappy] == [made.number("A15"), made.number("A5")]


def test_verdicts(app, made):
    with in_app(app, made):
        result = board(made)
        (journey,) = result.verdicts_by_journey
        # Given in the period: A2 (3), A5 (1), A13 (2, 30 April 23.30), A6 (1). A15 is February.
        assert (journey.answers, journey.happy, journey.neutral, journey.unhappy) == (4, 1, 1, 2)
        assert journey.average == 1.75
        assert journey.aspects["contact"] == 5.0 and journey.aspects["speed"] == 2.5
        assert journey.aspects["clarity"] is None
        per_phase = {v.name: v for v in result.verdicts_by_phase}
        assert per_phase["Kennismaking"].answers == 3  # A2, A5, A6 went through it
        assert per_phase["Kennismaking"].average == pytest.approx(5 / 3)
        assert per_phase["Ontvangen"].answers == 1
        assert [r.remark for r in result.remarks] == ["Fijn contact", "Het duurde lang"]


def test_comparisons_need_five_each(app, made):
    with in_app(app, made):
        result = board(made)
        # Open in the period: Noord A1, A2, A3, A5, A6, A7, A8, A10, A11 = 9; Zuid A4, A9,
        # A12, A13 = 4 (A14 came after). One group left: no comparison.
        assert [g.name for g in result.teams.compared] == ["Wijkteam Noord"]
        assert result.teams.too_small == [("Wijkteam Zuid", 4)]
        assert not result.teams.possible
        noord = result.teams.compared[0]
        assert (noord.initiatives, noord.median_days) == (9, 9.0)  # K1 9, K2 14, K3 8
        assert noord.within_norm == Share(2, 3) and noord.promise_kept == Share(2, 3)
        # Anna: A1, A2, A5, A6, A10 = 5. Bram 4, Cor 4.
        assert [g.name for g in result.people.compared] == ["Anna de Vries"]
        assert sorted(result.people.too_small) == [("Bram Jansen", 4), ("Cor Bakker", 4)]


def test_comparison_with_a_fifth_initiative(app, made):
    with in_app(app, made):
        from tests.bottleneck_world import amsterdam_at

        a14 = made.initiatives["A14"]
        a14.submitted_at = amsterdam_at(4, 30, 9)
        db.session.commit()
        result = board(made)
        assert result.teams.possible
        assert [(g.name, g.initiatives) for g in result.teams.compared] == [
            ("Wijkteam Noord", 9),
            ("Wijkteam Zuid", 5),
        ]
        zuid = result.teams.compared[1]
        # K4 10, O1 2, O2 2: median 2.
        assert zuid.median_days == 2.0 and zuid.within_norm == Share(3, 3)


def test_filters(app, made):
    with in_app(app, made):
        zuid = made.world.teams["zuid"]
        k = phase(board(made, team_id=zuid.id), made, "K")
        assert (k.finished, k.median_days, k.active) == (1, 10.0, 1)  # K4; K9 open
        only_spelen = board(made, theme="spelen")
        assert phase(only_spelen, made, "K").finished == 1
        assert [m.month for m in only_spelen.flow if m.submitted] == [date(2026, 4, 1)]
        anna = made.world.staff["anna"]
        by_anna = board(made, contact_id=anna.id)
        assert phase(by_anna, made, "K").finished == 2  # K1, K2
        haven = made.world.wijken["haven"]
        assert board(made, wijk_id=haven.id).failed_total == 1  # mail 5; not mail 2
        assert board(made, journey_id=made.world.journey.id + 99).phases == []


def test_period_moves_the_figures(app, made):
    with in_app(app, made):
        result = build_dashboard(Filters(date(2026, 4, 1), END), made.coordinator, TODAY)
        k = next(p for p in result.phases if p.phase_id == made.phases["K"])
        # From 1 April: K3 (left 1 April 00.30) and K4.
        assert (k.finished, k.median_days) == (2, 9.0)


def test_medewerker_sees_own_teams(app, made):
    with in_app(app, made):
        cor = made.world.staff["cor"]
        result = board(made, viewer=cor)
        assert phase(result, made, "K").finished == 1  # K4 only
        assert phase(result, made, "O").finished == 2
        assert result.failed_total == 1  # mail 5; never staff mail without an initiative
        assert result.teams.compared == [] and result.teams.too_small == [("Wijkteam Zuid", 4)]
        assert listed(made, "phase_finished", str(made.phases["K"]), viewer=cor) == made.numbers(
            "A4"
        )


@pytest.mark.parametrize(
    "figure, value, expected",
    [
        ("phase_active", "K", ("A9", "A10", "A11")),
        ("phase_overdue", "K", ("A10",)),
        ("phase_finished", "K", ("A1", "A2", "A3", "A4")),
        ("phase_outside_norm", "K", ("A2",)),
        ("phase_promise_broken", "O", ("A13",)),
        ("phase_outside_norm", "O", ()),
        ("month_submitted", "2026-04", ("A4", "A9")),
        ("month_finished", "2026-03", ("A6",)),
        ("month_stopped", "2026-04", ("A13",)),
        (
            "month_in_progress",
            "2026-03",
            ("A1", "A2", "A3", "A7", "A8", "A10", "A11", "A12", "A13"),
        ),
        ("late", None, ("A10",)),
        ("callbacks", None, ("A10", "A12")),
        ("failed_mails", None, ("A1", "A4")),  # mail 2 has no initiative, mail 3 is February
        ("unhappy", None, ("A5", "A15")),
        ("verdict_phase", "K", ("A2", "A5", "A6")),
        ("verdict_journey", "journey", ("A2", "A5", "A6", "A13")),
        ("team", "zuid", ("A4", "A9", "A12", "A13")),
        ("contact", "anna", ("A1", "A2", "A5", "A6", "A10")),
    ],
)
def test_lists_behind_the_figures(app, made, figure, value, expected):
    with in_app(app, made):
        ids = {
            "K": made.phases["K"],
            "O": made.phases["O"],
            "journey": made.world.journey.id,
            "zuid": made.world.teams["zuid"].id,
            "anna": made.world.staff["anna"].id,
        }
        value = str(ids[value]) if value in ids else value
        assert listed(made, figure, value) == made.numbers(*expected)


@pytest.mark.parametrize(
    "figure, value",
    [
        ("nonsense", None),
        ("phase_active", "abc"),
        ("month_submitted", "2026-13"),
        ("month_submitted", "2025-01"),
    ],
)
def test_lists_refuse_bad_requests(app, made, figure, value):
    with in_app(app, made), pytest.raises(ValueError):
        initiatives_behind(figure, value, Filters(START, END), made.coordinator, TODAY)


def test_closed_day_change_rebuilds_the_calendar(app, made):
    with in_app(app, made):
        from initiatief.services.config.closed_days import delete_closed_day

        board(made)
        delete_closed_day(date(2026, 3, 13))
        db.session.commit()
        k = phase(board(made), made, "K")
        # K1 now counts 13 March: 10; K2 19 - 5 paused (13 March was in the pause) = 14.
        assert (k.median_days, k.p90_days) == (10.0, 14)


def test_figures_are_computed_in_sql(app, made):
    """Building the dashboard loads no initiative, visit or pause into Python."""
    with in_app(app, made):
        from sqlalchemy import event

        from initiatief.models import Initiative, Pause, PhaseVisit

        db.session.expunge_all()
        loaded = []

        def remember(target, context):
            loaded.append(target)

        models = (Initiative, PhaseVisit, Pause)
        for model in models:
            event.listen(model, "load", remember)
        try:
            coordinator = db.session.scalars(
                select(User).where(User.role == Role.COORDINATOR)
            ).one()
            build_dashboard(Filters(START, END), coordinator, TODAY)
        finally:
            for model in models:
                event.remove(model, "load", remember)
        assert loaded == []
