"""The klantreis picture's service on the hand-built history (tests/journey_world.py).

Every expected number is worked out by hand in the comment next to it: working
days are the days after entering up to and including leaving, Monday to Friday,
without public holidays and the closed day of 13 March; pauses taken off.
Period 1 March to 30 April 2026, today Monday 4 May 2026.
"""

import pytest
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import DesiredNorm, Role, User, utcnow
from initiatief.services import desired_norms
from initiatief.services.bottlenecks import Filters
from initiatief.services.bottlenecks.figures import PhaseFigures, Share
from initiatief.services.errors import DomainError, EditConflict
from initiatief.services.journey_picture import PhasePicture, build_picture, widest_gap
from tests.bottleneck_world import PERIOD, TODAY
from tests.journey_world import build_journey_world
from tests.shared_fixtures import in_app

START, END = PERIOD


@pytest.fixture
def made(app):
    """The journey world and a coördinator (Coco) who sees every team; committed."""
    with app.app_context():
        made = build_journey_world()
        coordinator = User(email="coco@gemeente.example", name="Coco", role=Role.COORDINATOR)
        made.world.staff["coco"] = coordinator
        db.session.add(coordinator)
        db.session.commit()
        made.coordinator = coordinator
        return made


def picture(made, viewer=None, **filters):
    journey_id = made.world.journey.id
    return build_picture(
        Filters(START, END, journey_id=journey_id, **filters), viewer or made.coordinator, TODAY
    )


def phase(result, name):
    return next(p for p in result.phases if p.name == name)


def test_the_phases_in_order_with_their_promise(app, made):
    with in_app(app, made):
        result = picture(made)
        assert [p.name for p in result.phases] == [
            "Ontvangen",
            "Kennismaking",
            "Uitwerken",
            "Besluit",
            "Uitvoering",
            "Evaluatie",
        ]
        k = phase(result, "Kennismaking")
        assert (k.norm_days, k.norm_unit, k.actor) == (10, "werkdagen", "samen")
        assert k.expectation == "Uitleg over kennismaking."
        assert phase(result, "Uitvoering").norm_days is None  # set per initiative
        assert all(p.desired_days is None for p in result.phases)


def test_kennismaking_what_residents_got(app, made):
    with in_app(app, made):
        k = phase(picture(made), "Kennismaking").figures
        # Ended in the period: K1 9, K2 14 (18 minus 4 paused), K3 8, K4 10, K16 4.
        # Sorted 4, 8, 9, 10, 14: median the 3rd = 9; 90th percentile rank 5 (5 x 0.9 = 4.5) = 14.
        assert (k.finished, k.median_days, k.p90_days) == (5, 9.0, 14)
        # Within the norm: all but K2 (left 27 March, 9 working days after its promise of
        # 16 March, only 4 of them paused): 4 of 5. Kept: the same four (K16 left 24 April,
        # promised 30 April).
        assert k.within_norm == Share(4, 5)
        assert k.promise_kept == Share(4, 5)
        # 'Samen' phase: (9 + 14 + 8 + 10 + 4) / 5 = 9 together; K2 paused 4 days waiting on
        # the initiatiefnemer: 4 / 5 = 0,8; nothing on the municipality or a third party.
        assert (k.together_days, k.initiator_days, k.municipality_days) == (9.0, 0.8, 0.0)
        assert k.third_party_days == 0.0


def test_ontvangen_what_residents_got(app, made):
    with in_app(app, made):
        p = phase(picture(made), "Ontvangen")
        o = p.figures
        # O1 2, O2 2 (3 minus 1 paused), O17 3, O18 2, O19 4: sorted 2, 2, 2, 3, 4.
        assert (o.finished, o.median_days, o.p90_days) == (5, 2.0, 4)
        # O17 and O19 left after their promise without a pause: 3 of 5 within the norm.
        # Kept: O1 and O18 only (O2 is within once its paused day is taken off): 2 of 5.
        assert (o.within_norm, o.promise_kept) == (Share(3, 5), Share(2, 5))
        # Gemeente aan zet: (2 + 2 + 3 + 2 + 4) / 5 = 2,6; O2's 1 day for a third party / 5.
        assert (o.municipality_days, o.third_party_days) == (2.6, 0.2)
        assert p.enough and p.enough_promised


def test_the_phase_where_promise_and_experience_differ_most(app, made):
    with in_app(app, made):
        result = picture(made)
        # Ontvangen 3 of 5 (60 %) within its norm, Kennismaking 4 of 5 (80 %); the other
        # phases have no finished visits, so only these two are compared.
        assert result.gap.compared == 2
        assert result.gap.phase.name == "Ontvangen"


def test_the_minimum_five_rule(app, made):
    with in_app(app, made):
        result = picture(made)
        besluit = phase(result, "Besluit")
        assert not besluit.enough and besluit.days(besluit.figures.median_days) is None
        assert besluit.share(besluit.figures.within_norm) is None
        # Ontvangen has 1 verdict (A13): too few; Kennismaking has 5.
        o, k = phase(result, "Ontvangen"), phase(result, "Kennismaking")
        assert (o.answers, o.enough_answers) == (1, False)
        assert o.verdict_share(0) is None
        assert (k.answers, k.enough_answers) == (5, True)


def test_verdicts_and_remarks_per_phase(app, made):
    with in_app(app, made):
        k = phase(picture(made), "Kennismaking")
        # Through Kennismaking, given in the period: A2 3, A5 1, A6 1, A16 3, A4 2.
        v = k.verdict
        assert (v.answers, v.happy, v.neutral, v.unhappy) == (5, 2, 1, 2)
        assert k.verdict_share(v.happy) == Share(2, 5)
        # Contact only from A2 (5); speed from A2 (4) and A5 (1): 2,5.
        assert (v.aspects["contact"], v.aspects["speed"]) == (5.0, 2.5)
        # The newest three remarks: A2 29 April, A16 27 April, A4 14 April (A5's of 10 March
        # is the fourth).
        assert [r.remark for r in k.remarks] == [
            "Fijn contact",
            "Snel geregeld",
            "Duidelijke uitleg",
        ]
        assert [r.number for r in k.remarks] == [made.number(x) for x in ("A2", "A16", "A4")]


def test_a_medewerker_sees_only_their_teams(app, made):
    with in_app(app, made):
        cor = made.world.staff["cor"]  # Wijkteam Zuid
        result = picture(made, cor)
        k, o = phase(result, "Kennismaking"), phase(result, "Ontvangen")
        # Kennismaking in Zuid: K4 (10) and K16 (4): 2 visits, too few for a figure.
        assert (k.finished, k.enough) == (2, False)
        # Ontvangen is all Zuid: the same 5 visits as the coördinator sees.
        assert (o.finished, o.figures.within_norm) == (5, Share(3, 5))
        assert result.gap.phase.name == "Ontvangen" and result.gap.compared == 1
        # Only Zuid's remarks: A16 and A4, not A2 (Noord).
        assert [r.remark for r in k.remarks] == ["Snel geregeld", "Duidelijke uitleg"]
        anna = picture(made, made.world.staff["anna"])  # Noord: K1, K2, K3; no Ontvangen
        assert phase(anna, "Kennismaking").finished == 3
        assert anna.gap.phase is None and anna.gap.compared == 0  # too few to tell


def test_a_team_filter_narrows_like_the_dashboard(app, made):
    with in_app(app, made):
        result = picture(made, team_id=made.world.teams["noord"].id)
        assert phase(result, "Kennismaking").finished == 3
        assert result.gap.phase is None


def test_the_desired_norm_is_shown_beside_the_norm(app, made):
    with in_app(app, made):
        result = picture(made)
        k, o = phase(result, "Kennismaking"), phase(result, "Ontvangen")
        changed = desired_norms.set_desired_norms(
            made.world.journey.id,
            {k.phase_id: 8, o.phase_id: None},
            {k.phase_id: None, o.phase_id: None},
            made.coordinator,
            utcnow(),
        )
        db.session.commit()
        assert changed == 1  # Ontvangen had none and gets none
        k = phase(picture(made), "Kennismaking")
        assert (k.norm_days, k.desired_days) == (10, 8)
        # Emptied again: removed.
        desired_norms.set_desired_norms(
            made.world.journey.id, {k.phase_id: None}, {k.phase_id: 8}, made.coordinator, utcnow()
        )
        db.session.commit()
        assert db.session.scalars(select(DesiredNorm)).all() == []


def test_a_desired_norm_changed_by_someone_else_is_refused(app, made):
    with in_app(app, made):
        k = phase(picture(made), "Kennismaking")
        journey = made.world.journey.id
        desired_norms.set_desired_norms(journey, {k.phase_id: 8}, {}, made.coordinator, utcnow())
        db.session.commit()
        # The form showed 'not set'; meanwhile it became 8; this one wants 9: refused.
        with pytest.raises(EditConflict):
            desired_norms.set_desired_norms(
                journey, {k.phase_id: 9}, {k.phase_id: None}, made.coordinator, utcnow()
            )
        # Wanting what is already there is no conflict and no change.
        assert (
            desired_norms.set_desired_norms(
                journey, {k.phase_id: 8}, {k.phase_id: None}, made.coordinator, utcnow()
            )
            == 0
        )
        with pytest.raises(DomainError):
            desired_norms.set_desired_norms(
                journey, {k.phase_id: 1000}, {k.phase_id: 8}, made.coordinator, utcnow()
            )


def _picture_of(name, within, median, position):
    figures = PhaseFigures(
        journey_id=1,
        journey_name="J",
        phase_id=position,
        phase_name=name,
        position=position,
        active=0,
        overdue=0,
        finished=within.whole,
        median_days=median,
        p90_days=None,
        paused_days=None,
        within_norm=within,
        promise_kept=within,
        municipality_days=None,
        initiator_days=None,
        together_days=None,
        third_party_days=None,
    )
    return PhasePicture(figures, "", 5, "werkdagen", "gemeente", None, None)


def test_the_gap_rule_on_ties_and_too_few():
    a = _picture_of("A", Share(3, 6), 4.0, 1)  # 50 %
    b = _picture_of("B", Share(5, 10), 6.0, 2)  # 50 %, longer median: named
    c = _picture_of("C", Share(5, 10), 6.0, 3)  # a full tie with B: the earlier one stays
    d = _picture_of("D", Share(0, 4), 9.0, 4)  # 0 %, but only 4 with a norm: not compared
    gap = widest_gap([a, b, c, d])
    assert (gap.phase.name, gap.compared) == ("B", 3)
    assert widest_gap([d]).phase is None and widest_gap([d]).compared == 0
    every = widest_gap([_picture_of("E", Share(5, 5), 1.0, 1)])
    assert every.phase is None and every.all_within
