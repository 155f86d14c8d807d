"""Visit outcomes follow the visits, whoever ends them: the staff actions, a stop, a bulk load.

Nothing counts them behind the services' backs: each service calls count_outcomes.
"""

from datetime import date

import pytest
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import Journey, Phase, VisitOutcome
from initiatief.services import actions
from initiatief.services.config.closed_days import add_closed_day
from initiatief.services.visit_outcomes import COLUMNS, rebuild_outcomes
from tests.factories import act_and_commit, at, submit
from tests.shared_fixtures import in_app


def outcomes() -> dict[str, VisitOutcome]:
    rows = db.session.scalars(select(VisitOutcome).order_by(VisitOutcome.visit_id))
    return {o.visit_id: o for o in rows}


def test_staff_actions_write_the_outcome_when_a_visit_ends(app, world):
    with in_app(app, world):
        initiative = submit(at(3, 2))  # Monday: Ontvangen, 2 working days, due 4 March
        db.session.commit()
        first = initiative.current_visit
        assert outcomes() == {}  # open visits have no outcome yet
        act_and_commit(
            world, actions.advance, initiative, at(3, 5)
        )  # Thursday: 3 working days, late
        second = initiative.current_visit
        done = outcomes()[first.id]
        assert (done.working_days, done.promised, done.within_norm, done.promise_kept) == (
            3,
            True,
            False,
            False,
        )
        assert (done.team_id, done.contact_id, done.left_on) == (
            initiative.team_id,
            initiative.contact_id,
            date(2026, 3, 5),
        )
        # Kennismaking: paused Monday 9 to Wednesday 11 March (2 days, waiting on the resident).
        act_and_commit(
            world, actions.pause, initiative, at(3, 9), waiting_on="initiatiefnemer", reason="Plan"
        )
        act_and_commit(world, actions.resume, initiative, at(3, 11))
        act_and_commit(world, actions.advance, initiative, at(3, 13))
        kennis = outcomes()[second.id]
        # 6, 9, 10, 11, 12, 13 March = 6 working days, 2 of them paused.
        assert (kennis.working_days, kennis.paused_initiator_days, kennis.paused_third_days) == (
            4,
            2,
            0,
        )
        assert kennis.within_norm and kennis.promise_kept


def test_a_stop_ends_the_visit_without_an_outcome(app, world):
    with in_app(app, world):
        initiative = submit(at(3, 2))
        db.session.commit()
        act_and_commit(
            world, actions.stop, initiative, at(3, 3), outcome="ingetrokken", reason="Verhuisd"
        )
        assert outcomes() == {}


def test_rebuilt_with_the_calendar_and_by_bulk_loaders(app, world):
    with in_app(app, world):
        initiative = submit(at(3, 2))
        db.session.commit()
        visit = initiative.current_visit
        act_and_commit(world, actions.advance, initiative, at(3, 6))  # 3, 4, 5, 6 March = 4
        assert outcomes()[visit.id].working_days == 4
        add_closed_day(date(2026, 3, 4), "Studiedag")
        db.session.commit()
        assert outcomes()[visit.id].working_days == 3
        db.session.execute(VisitOutcome.__table__.delete())
        rebuild_outcomes(db.session.connection())
        assert outcomes()[visit.id].working_days == 3


def test_the_command_counts_what_an_import_left_out(app, world, runner):
    with in_app(app, world):
        initiative = submit(at(3, 2))
        db.session.commit()
        visit = initiative.current_visit
        act_and_commit(world, actions.advance, initiative, at(3, 6))
        db.session.execute(VisitOutcome.__table__.delete())  # as a bulk import would leave it
        db.session.commit()
        result = runner.invoke(args=["count-outcomes"])
        assert result.exit_code == 0, result.output
        assert "1 afgeronde faseverblijven geteld" in result.output
        db.session.expire_all()
        assert outcomes()[visit.id].working_days == 4


def test_a_failed_flush_leaves_nothing_behind(app, world):
    with in_app(app, world):
        from sqlalchemy.exc import IntegrityError

        from initiatief.models import PhaseVisit

        initiative = submit(at(3, 2))
        db.session.commit()
        visit = initiative.current_visit
        visit.left_at = at(3, 4)
        db.session.add(PhaseVisit(initiative_id=initiative.id, phase_id=None, entered_at=at(3, 4)))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
        act_and_commit(world, actions.advance, initiative, at(3, 6))
        assert list(outcomes()) == [visit.id]


def test_a_restart_in_another_journey_counts_the_visit_it_ended(app, world):
    """With the team and contact the initiative had while in that visit."""
    with in_app(app, world):
        initiative = submit(at(3, 2))
        small = Journey(slug="klein", name="Klein initiatief")
        small.phases = [Phase(position=1, name="Aangemeld", norm_days=5)]
        db.session.add(small)
        db.session.commit()
        first, before = initiative.current_visit, (initiative.team_id, initiative.contact_id)
        act_and_commit(
            world,
            actions.triage,
            initiative,
            at(3, 4),
            journey=small,
            team=world.teams["zuid"],
            contact=world.staff["cor"],
        )
        done = outcomes()[first.id]
        assert (done.working_days, done.team_id, done.contact_id) == (2, *before)


def test_what_the_services_counted_is_what_a_recount_gives(app, world):
    """No service forgets its call: the rows they wrote equal counting everything again."""
    with in_app(app, world):
        one, two, three = [submit(at(3, 2)) for _ in range(3)]
        db.session.commit()
        act_and_commit(world, actions.advance, one, at(3, 4))
        act_and_commit(world, actions.pause, one, at(3, 5), waiting_on="derde", reason="Vergunning")
        act_and_commit(world, actions.resume, one, at(3, 12))
        act_and_commit(world, actions.advance, one, at(3, 16), skip=True)
        act_and_commit(world, actions.advance, two, at(3, 3))
        act_and_commit(world, actions.stop, two, at(3, 9), outcome="afgewezen", reason="Past niet.")
        act_and_commit(world, actions.advance, three, at(3, 5))
        act_and_commit(
            world, actions.extend, three, at(3, 6), new_due=date(2026, 3, 31), reason="Drukte"
        )
        act_and_commit(world, actions.advance, three, at(3, 20))

        def rows():
            return sorted(tuple(getattr(o, name) for name in COLUMNS) for o in outcomes().values())

        counted = rows()
        assert len(counted) == 5
        rebuild_outcomes(db.session.connection())
        assert rows() == counted
