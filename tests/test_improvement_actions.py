"""Writing and finding verbeteracties: every refusal, a stale edit, need-to-know, no personal data.

The dates: today is Monday 13 April 2026, so a start may fall between
1 January 2000 (ORIGIN) and 31 December 2027 (the end of next year).
"""

from datetime import date

import pytest
from sqlalchemy import select, update

from initiatief.extensions import db
from initiatief.models import ActionStatus, ImprovementAction, Initiator, User
from initiatief.services.anonymise import Cause, anonymise
from initiatief.services.errors import DomainError, EditConflict
from initiatief.services.evaluation import record_verdict
from initiatief.services.improvements.actions import ActionData, create_action, update_action
from initiatief.services.improvements.listing import ActionFilters, list_actions, visible_action
from initiatief.services.scrubber import REMOVED
from tests.factories import at, submit
from tests.shared_fixtures import COORDINATOR, in_app

TODAY = date(2026, 4, 13)
NOW = at(4, 13)


def staff(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def kennismaking(world) -> int:
    return next(p.id for p in world.journey.phases if p.name == "Kennismaking")


def data(world, **overrides) -> ActionData:
    values = dict(
        title="Kennismaking binnen een week",
        phase_id=kennismaking(world),
        reason="Op het dashboard duurt de kennismaking lang.",
        status=ActionStatus.RUNNING,
        starts_on=date(2026, 4, 1),
    )
    values.update(overrides)
    return ActionData(**values)


def create(world, **overrides):
    return create_action(data(world, **overrides), actor=staff(COORDINATOR), now=NOW, today=TODAY)


def test_a_coordinator_records_an_action(app, world, actors):
    with in_app(app, world):
        made = create(
            world,
            team_id=world.teams["noord"].id,
            owner_id=world.staff["anna"].id,
            notes="Eerste overleg gepland.",
        )
        db.session.commit()
        saved = db.session.get(ImprovementAction, made.id)
        assert (saved.title, saved.status, saved.starts_on, saved.version) == (
            "Kennismaking binnen een week",
            "loopt",
            date(2026, 4, 1),
            1,
        )
        assert (saved.team.name, saved.owner.name, saved.figure) == (
            "Wijkteam Noord",
            "Anna de Vries",
            "doorlooptijd",
        )


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"reason": "x" * 2001}, "reason"),
        ({"notes": "x" * 5001}, "notes"),
        ({"phase_id": None}, "phase"),
        ({"phase_id": 2_147_483_647}, "phase"),
        ({"figure": "snelheid"}, "figure"),
        ({"team_id": 2_147_483_647}, "team"),
        ({"owner_id": 2_147_483_647}, "owner"),
        ({"status": "misschien"}, "status"),
        ({"starts_on": None}, "starts_on"),  # running without a start
        ({"starts_on": date(1999, 12, 31)}, "starts_on"),
        ({"starts_on": date(2028, 1, 1)}, "starts_on"),
    ],
)
def test_every_refusal_names_its_field_and_saves_nothing(app, world, actors, overrides, field):
    with in_app(app, world):
        with pytest.raises(DomainError) as refused:
            create(world, **overrides)
        assert refused.value.field == field
        assert str(refused.value.message)  # a Dutch sentence for the person
        db.session.rollback()
        assert db.session.scalar(select(db.func.count(ImprovementAction.id))) == 0


def test_an_idea_needs_no_start_and_a_disabled_owner_is_refused(app, world, actors):
    with in_app(app, world):
        assert create(world, status=ActionStatus.IDEA, starts_on=None).starts_on is None
        world.staff["bram"].active = False
        with pytest.raises(DomainError) as refused:
            create(world, owner_id=world.staff["bram"].id)
        assert refused.value.field == "owner"


def test_a_medewerker_cannot_write(app, world, actors):
    with in_app(app, world), pytest.raises(DomainError):
        create_action(data(world), actor=world.staff["anna"], now=NOW, today=TODAY)


def test_two_editors_with_the_same_version_the_second_is_refused(app, world, actors):
    with in_app(app, world):
        made = create(world)
        db.session.commit()
        seen = made.version  # both editors loaded the form at version 1
        coco = staff(COORDINATOR)
        update_action(
            made,
            data(world, title="Eerst"),
            expected_version=seen,
            actor=coco,
            now=NOW,
            today=TODAY,
        )
        db.session.commit()
        with pytest.raises(EditConflict):
            update_action(
                made,
                data(world, title="Tweede"),
                expected_version=seen,
                actor=coco,
                now=NOW,
                today=TODAY,
            )
        db.session.rollback()
        assert db.session.get(ImprovementAction, made.id).title == "Eerst"


def test_a_writer_between_our_read_and_our_flush_is_a_conflict_too(app, world, actors):
    with in_app(app, world):
        made = create(world)
        db.session.commit()
        version = made.version  # the form was loaded at version 1, and the check passes
        db.session.expunge(made)
        db.session.commit()
        # Someone else commits after our check: the row's version moves on under us.
        with db.engine.begin() as other:
            other.execute(
                update(ImprovementAction)
                .where(ImprovementAction.id == made.id)
                .values(title="Van een ander", version=ImprovementAction.version + 1)
            )
        made = db.session.merge(made, load=False)
        assert made.version == version
        with pytest.raises(EditConflict):
            update_action(
                made,
                data(world, title="Van mij"),
                expected_version=version,
                actor=staff(COORDINATOR),
                now=NOW,
                today=TODAY,
            )
        db.session.rollback()
        assert db.session.get(ImprovementAction, made.id).title == "Van een ander"


def test_a_medewerker_sees_the_municipality_their_teams_and_their_own(app, world, actors):
    with in_app(app, world):
        noord, zuid = world.teams["noord"].id, world.teams["zuid"].id
        anna = world.staff["anna"]
        everyone = create(world, title="Voor iedereen")
        own_team = create(world, title="Noord", team_id=noord)
        owned = create(world, title="Zuid, van Anna", team_id=zuid, owner_id=anna.id)
        other = create(world, title="Zuid", team_id=zuid, status=ActionStatus.IDEA)
        db.session.commit()

        def titles(viewer, **filters):
            page = list_actions(ActionFilters(**filters), viewer, 1)
            return {row[0].title for row in page.rows}

        assert titles(anna) == {"Voor iedereen", "Noord", "Zuid, van Anna"}
        assert titles(staff(COORDINATOR)) == {"Voor iedereen", "Noord", "Zuid, van Anna", "Zuid"}
        assert titles(world.staff["cor"]) == {"Voor iedereen", "Zuid, van Anna", "Zuid"}
        assert titles(staff(COORDINATOR), status="idee") == {"Zuid"}
        assert titles(staff(COORDINATOR), team_id=zuid, owner_id=anna.id) == {"Zuid, van Anna"}
        assert titles(anna, journey_id=world.journey.id, phase_id=kennismaking(world)) == {
            "Voor iedereen",
            "Noord",
            "Zuid, van Anna",
        }
        assert visible_action(anna, other.id) is None
        assert visible_action(anna, owned.id) is owned
        assert {everyone.id, own_team.id} < {
            a.id for a in db.session.scalars(select(ImprovementAction))
        }


@pytest.fixture
def remark(app, world):
    """Fatima's unhappy verdict, with a remark that names her; committed."""
    with in_app(app, world):
        initiative = submit(at(3, 2))
        initiative.initiator.postal_address = "Lindelaan 12, 1234 AB Voorbeeld"
        feedback = record_verdict(
            initiative, "ontevreden", at(3, 20), remark="Ik ben Fatima. Niemand belde terug."
        )
        db.session.commit()
        return feedback.id


@pytest.mark.parametrize(
    "field, text",
    [
        ("title", "Fatima terugbellen"),
        ("reason", "Mevrouw El Amrani (fatima@voorbeeld.example) was boos."),
        ("reason", "Ze belde van 06-1234 5678."),
        ("notes", "Langs geweest op lindelaan 12, 1234 AB Voorbeeld."),
        # Copied from her remark or retyped: any case, other spacing, the postcode alone.
        ("title", "fatima terugbellen"),
        ("title", "Mevrouw EL AMRANI terugbellen"),
        ("reason", "Zij (fatima) vond het te lang duren."),
        ("notes", "Langs geweest op Lindelaan  12."),
        ("notes", "Langs geweest op lindelaan12."),
        ("notes", "Iemand uit 1234AB belde."),
        ("title", "Fa\u200btima terugbellen"),
    ],
)
def test_an_idea_from_a_remark_refuses_the_residents_personal_data(
    app, world, actors, remark, field, text
):
    with in_app(app, world):
        overrides = {"status": ActionStatus.IDEA, "starts_on": None, "feedback_id": remark}
        with pytest.raises(DomainError) as refused:
            create(world, **{**overrides, field: text})
        assert refused.value.field == field
        assert "persoonsgegevens" in str(refused.value.message)
        db.session.rollback()
        idea = create(world, **overrides, title="Sneller terugbellen na een ontevreden oordeel")
        db.session.commit()
        assert (idea.feedback_id, idea.status) == (remark, "idee")
        assert "Niemand belde" not in idea.title + idea.reason + idea.notes  # nothing copied


def test_anonymising_scrubs_the_actions_that_came_from_the_remark(app, world, actors, remark):
    with in_app(app, world):
        idea = create(world, status=ActionStatus.IDEA, starts_on=None, feedback_id=remark)
        db.session.commit()
        # Written before the guard, or typed in by hand in the database: it must go all the same.
        db.session.execute(
            update(ImprovementAction)
            .where(ImprovementAction.id == idea.id)
            .values(
                title="Fatima el Amrani terugbellen",
                reason="Zij belde van 0612345678.",
                notes="Adres: Lindelaan 12, 1234 AB Voorbeeld",
            )
        )
        initiative_id = db.session.scalar(select(Initiator.initiative_id))
        assert anonymise([initiative_id], now=at(4, 1), cause=Cause.STAFF) == 1
        db.session.commit()
        scrubbed = db.session.get(ImprovementAction, idea.id)
        assert scrubbed.title == f"{REMOVED} terugbellen"
        assert scrubbed.reason == f"Zij belde van {REMOVED}."
        assert scrubbed.notes == f"Adres: {REMOVED}"
        assert scrubbed.version == 2  # a form loaded before is refused, not written back
