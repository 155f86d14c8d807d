"""Staff actions on an initiative: one Event each, honest dates, refusals in Dutch, conflicts."""

from datetime import date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from initiatief.dates.planning import WorkCalendar
from initiatief.dates.timeline import build_timeline
from initiatief.extensions import db
from initiatief.models import (
    CallbackRequest,
    Event,
    Initiative,
    Journey,
    Pause,
    Phase,
    Status,
)
from initiatief.services import actions
from initiatief.services.errors import DomainError, EditConflict
from tests.factories import MONDAY, act, at, submit
from tests.shared_fixtures import in_app


def fresh(now: datetime = MONDAY, **overrides) -> Initiative:
    """A committed intake: phase Ontvangen, Anna as provisional contact."""
    initiative = submit(now, **overrides)
    db.session.commit()
    return initiative


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def events(initiative: Initiative, kind: str) -> list[Event]:
    query = select(Event).where(Event.initiative_id == initiative.id, Event.kind == kind)
    return list(db.session.scalars(query.order_by(Event.id)))


def triage(world, initiative, now, contact="anna", team="noord", journey=None, **kwargs):
    return act(
        world,
        actions.triage,
        initiative,
        now,
        journey=journey or world.journey,
        team=world.teams[team],
        contact=world.staff[contact],
        **kwargs,
    )


# Triage


def test_triage_confirming_the_contact_writes_one_event_and_no_mail(outbox, app, world):
    with in_app(app, world):
        initiative = fresh()
        version = initiative.version
        event = triage(world, initiative, at(3, 3))
        assert event.kind == "assigned" and event.actor is world.staff["anna"]
        assert event.data == {
            "team_id": world.teams["noord"].id,
            "contact_id": world.staff["anna"].id,
            "journey_id": world.journey.id,
            "provisional": False,
            "previous_contact_id": world.staff["anna"].id,
            "restarted_visit_id": None,
        }
        assert initiative.version == version + 1
        assert outbox.keys() == [f"submitted:{initiative.id}:resident"]


def test_triage_to_another_contact_tells_the_resident_and_the_new_contact(outbox, app, world):
    with in_app(app, world):
        initiative = fresh()
        event = triage(world, initiative, at(3, 3), contact="cor", team="zuid")
        assert initiative.contact is world.staff["cor"] and initiative.team is world.teams["zuid"]
        assert outbox.keys()[1:] == [
            f"assigned:{event.id}:resident",
            f"assigned:{event.id}:contact",
        ]


def small_journey() -> Journey:
    journey = Journey(slug="klein", name="Klein initiatief")
    journey.phases = [
        Phase(position=1, name="Aangemeld", norm_days=5),
        Phase(position=2, name="Uitvoeren", norm_days=None),
    ]
    db.session.add(journey)
    db.session.flush()
    return journey


def test_another_journey_in_the_first_phase_restarts_there_keeping_the_residents_clock(app, world):
    with in_app(app, world):
        initiative = fresh()
        small = small_journey()
        old_visit = initiative.current_visit
        event = triage(world, initiative, at(3, 4), journey=small)
        visit = initiative.current_visit
        assert old_visit.left_at == at(3, 4)
        assert initiative.journey is small and visit.phase.name == "Aangemeld"
        # Five working days from the Monday the resident came in, not from today.
        assert visit.due_on == visit.promised_on == date(2026, 3, 9)
        assert event.data["restarted_visit_id"] == visit.id and event.data["journey_id"] == small.id


def test_another_journey_after_the_first_phase_is_refused(app, world):
    with in_app(app, world):
        initiative = fresh()
        act(world, actions.advance, initiative, at(3, 3))
        with pytest.raises(DomainError, match="alleen in de eerste fase") as refused:
            triage(world, initiative, at(3, 4), journey=small_journey())
        assert refused.value.field == "journey"


# Phases


def test_advance_enters_the_next_phase_with_its_stored_due_date(app, world):
    with in_app(app, world):
        initiative = fresh()
        first = initiative.current_visit
        event = act(world, actions.advance, initiative, at(3, 3), message="Wij bellen u **snel**.")
        visit = initiative.current_visit
        assert first.left_at == at(3, 3)
        assert visit.phase.name == "Kennismaking" and visit.due_on == date(2026, 3, 17)
        assert event.kind == "phase_changed"
        assert event.data == {
            "from_phase_id": first.phase_id,
            "to_phase_id": visit.phase_id,
            "visit_id": visit.id,
            "skipped_phase_ids": [],
            "message": True,
        }
        assert event.body == "Wij bellen u **snel**." and event.public is True


def test_advance_without_a_message_is_not_public(app, world):
    with in_app(app, world):
        initiative = fresh()
        event = act(world, actions.advance, initiative, at(3, 3))
        assert event.public is False and event.body == "" and event.data["message"] is False


def test_skipping_records_the_skipped_phase_and_enters_the_one_after(app, world):
    with in_app(app, world):
        initiative = fresh()
        event = act(world, actions.advance, initiative, at(3, 3), skip=True)
        kennismaking, uitwerken = world.journey.phases[1], world.journey.phases[2]
        skipped = [v for v in initiative.visits if v.skipped]
        assert [(v.phase, v.entered_at, v.left_at, v.due_on) for v in skipped] == [
            (kennismaking, at(3, 3), at(3, 3), None)
        ]
        assert initiative.current_visit.phase is uitwerken
        assert event.data["skipped_phase_ids"] == [kennismaking.id]
        assert event.data["to_phase_id"] == uitwerken.id
        timeline = build_timeline(initiative, WorkCalendar(), date(2026, 3, 3))
        assert [s.state for s in timeline.steps][:3] == ["done", "skipped", "current"]


def move_to(world, initiative, phase_name: str, now: datetime) -> None:
    while initiative.current_visit.phase.name != phase_name:
        act(world, actions.advance, initiative, now)


def test_a_phase_without_norm_takes_the_date_staff_set(app, world):
    with in_app(app, world):
        initiative = fresh()
        move_to(world, initiative, "Besluit", at(3, 3))
        act(world, actions.advance, initiative, at(3, 10), due_on=date(2026, 6, 30))
        visit = initiative.current_visit
        assert visit.phase.name == "Uitvoering"
        assert visit.due_on == visit.promised_on == date(2026, 6, 30)


@pytest.mark.parametrize(
    ("phase_name", "due_on", "message"),
    [
        ("Ontvangen", date(2026, 6, 30), "alleen voor een fase zonder vaste termijn"),
        ("Besluit", date(2026, 3, 10), "Kies een datum na vandaag."),
    ],
)
def test_a_due_date_is_refused_for_a_normed_phase_or_today(app, world, phase_name, due_on, message):
    with in_app(app, world):
        initiative = fresh()
        move_to(world, initiative, phase_name, at(3, 3))
        with pytest.raises(DomainError, match=message):
            act(world, actions.advance, initiative, at(3, 10), due_on=due_on)


def test_advancing_from_the_last_phase_finishes_and_then_nothing_moves(app, world):
    with in_app(app, world):
        initiative = fresh()
        move_to(world, initiative, "Evaluatie", at(3, 3))
        event = act(world, actions.advance, initiative, at(3, 20))
        assert initiative.status == Status.FINISHED and initiative.closed_at == at(3, 20)
        assert initiative.current_visit is None
        assert event.data["to_phase_id"] is None and event.data["status"] == "finished"
        with pytest.raises(DomainError, match="al afgesloten"):
            act(world, actions.advance, initiative, at(3, 21))


def test_skipping_the_last_phase_finishes(app, world):
    with in_app(app, world):
        initiative = fresh()
        move_to(world, initiative, "Uitvoering", at(3, 3))
        event = act(world, actions.advance, initiative, at(3, 20), skip=True)
        assert initiative.status == Status.FINISHED
        assert event.data["skipped_phase_ids"] == [world.journey.phases[5].id]


# Stopping


def test_stop_closes_the_visit_and_the_open_pause(app, world):
    with in_app(app, world):
        initiative = fresh()
        act(world, actions.pause, initiative, at(3, 3), waiting_on="derde", reason="Offerte.")
        visit = initiative.current_visit
        event = act(
            world,
            actions.stop,
            initiative,
            at(3, 5),
            outcome="afgewezen",
            reason="Het past niet in het budget van dit jaar.",
        )
        assert initiative.status == Status.STOPPED and initiative.closed_at == at(3, 5)
        assert initiative.outcome == "Het past niet in het budget van dit jaar."
        assert visit.left_at == at(3, 5) and visit.pauses[0].ended_at == at(3, 5)
        assert visit.paused_working_days == 2  # Wednesday and Thursday
        assert event.kind == "phase_changed"
        assert event.data["to_phase_id"] is None
        assert (event.data["status"], event.data["outcome"]) == ("stopped", "afgewezen")


@pytest.mark.parametrize(
    ("outcome", "reason", "message"),
    [
        ("afgewezen", "  ", "Vul de reden in."),
        ("afgewezen", "x" * 301, "niet langer zijn dan 300 tekens"),
        ("weggegooid", "Zomaar.", "Kies waarom het initiatief stopt."),
    ],
)
def test_stop_needs_a_known_outcome_and_a_reason(app, world, outcome, reason, message):
    with in_app(app, world):
        initiative = fresh()
        with pytest.raises(DomainError, match=message):
            act(world, actions.stop, initiative, at(3, 3), outcome=outcome, reason=reason)
        assert initiative.status == Status.ACTIVE


def test_outcome_labels_cover_the_four_outcomes():
    assert list(actions.OUTCOME_LABELS) == ["ingetrokken", "afgewezen", "samengevoegd", "anders"]


# Pause, resume, extend


def pause_and_resume(world, initiative, start: datetime, end: datetime) -> Event:
    act(world, actions.pause, initiative, start, waiting_on="initiatiefnemer", reason="Begroting.")
    return act(world, actions.resume, initiative, end)


def test_a_pause_over_a_weekend_moves_the_due_date_one_working_day(app, world):
    with in_app(app, world):
        initiative = fresh()
        act(world, actions.advance, initiative, at(3, 3))  # Kennismaking, due 17 March
        paused = act(
            world,
            actions.pause,
            initiative,
            at(3, 6),
            waiting_on="initiatiefnemer",
            reason="Plan.",
        )
        assert initiative.status == Status.PAUSED
        assert paused.kind == "paused" and paused.data["waiting_on"] == "initiatiefnemer"
        resumed = act(world, actions.resume, initiative, at(3, 9))  # Friday to Monday
        visit = initiative.current_visit
        assert initiative.status == Status.ACTIVE
        assert visit.paused_working_days == 1
        assert visit.due_on == date(2026, 3, 18) and visit.promised_on == date(2026, 3, 17)
        assert resumed.kind == "resumed"
        assert resumed.data["paused_working_days"] == 1 and resumed.data["due_on"] == "2026-03-18"


def test_a_pause_over_koningsdag_does_not_count_the_holiday(app, world):
    with in_app(app, world):
        initiative = fresh(at(4, 22))  # Wednesday; Ontvangen due Friday 24 April
        assert initiative.current_visit.due_on == date(2026, 4, 24)
        event = pause_and_resume(world, initiative, at(4, 23), at(4, 28))
        visit = initiative.current_visit
        # Paused Friday 24 and Tuesday 28; Monday 27 April is Koningsdag.
        assert visit.paused_working_days == 2 == event.data["paused_working_days"]
        assert visit.due_on == date(2026, 4, 29) and visit.promised_on == date(2026, 4, 24)


def test_a_pause_within_one_day_costs_nothing(app, world):
    with in_app(app, world):
        initiative = fresh()
        event = pause_and_resume(world, initiative, at(3, 3, 9), at(3, 3, 15))
        assert event.data["paused_working_days"] == 0
        assert initiative.current_visit.due_on == date(2026, 3, 4)


def test_pause_and_resume_refuse_the_wrong_state_and_bad_input(app, world):
    with in_app(app, world):
        initiative = fresh()
        with pytest.raises(DomainError, match="staat niet stil"):
            act(world, actions.resume, initiative, at(3, 3))
        with pytest.raises(DomainError, match="Vul in waarop wij wachten"):
            act(world, actions.pause, initiative, at(3, 3), waiting_on="derde", reason="")
        with pytest.raises(DomainError, match="Kies op wie wij wachten"):
            act(world, actions.pause, initiative, at(3, 3), waiting_on="buurman", reason="Ja.")
        act(world, actions.pause, initiative, at(3, 3), waiting_on="derde", reason="Offerte.")
        with pytest.raises(DomainError, match="staat al stil"):
            act(world, actions.pause, initiative, at(3, 4), waiting_on="derde", reason="Nog een.")
        with pytest.raises(DomainError, match="Hervat het eerst"):
            act(world, actions.advance, initiative, at(3, 4))
        assert count(Pause) == 1


def test_extend_moves_the_due_date_with_the_reason_the_resident_reads(app, world):
    with in_app(app, world):
        initiative = fresh()
        act(world, actions.advance, initiative, at(3, 3))  # due 17 March
        event = act(
            world,
            actions.extend,
            initiative,
            at(3, 10),
            new_due=date(2026, 3, 25),
            reason="Uw contactpersoon is ziek.",
        )
        visit = initiative.current_visit
        assert visit.due_on == date(2026, 3, 25) and visit.promised_on == date(2026, 3, 17)
        assert visit.delay_reason == "Uw contactpersoon is ziek."
        assert event.kind == "replanned"
        assert event.data == {
            "visit_id": visit.id,
            "old_due_on": "2026-03-17",
            "new_due_on": "2026-03-25",
        }


@pytest.mark.parametrize(
    ("new_due", "reason", "message"),
    [
        (date(2026, 3, 25), "", "Vul in waarom het langer duurt."),
        (date(2026, 3, 10), "Ziek.", "Kies een datum na vandaag."),
        (date(2026, 3, 16), "Ziek.", "na de huidige verwachte datum \\(17 maart 2026\\)"),
    ],
)
def test_extend_refuses_a_date_that_is_not_later_or_no_reason(app, world, new_due, reason, message):
    with in_app(app, world):
        initiative = fresh()
        act(world, actions.advance, initiative, at(3, 3))
        with pytest.raises(DomainError, match=message):
            act(world, actions.extend, initiative, at(3, 10), new_due=new_due, reason=reason)


# Words: updates, notes, call-backs, replies


def test_update_is_public_and_a_note_is_internal_without_mail(outbox, app, world):
    with in_app(app, world):
        initiative = fresh()
        update = act(world, actions.post_update, initiative, at(3, 3), body="Wij zijn **bezig**.")
        note = act(world, actions.add_note, initiative, at(3, 3), body="Buurman belde ook.")
        assert (update.kind, update.public, update.body) == ("update", True, "Wij zijn **bezig**.")
        assert (note.kind, note.public, note.actor) == ("note", False, world.staff["anna"])
        assert outbox.keys()[1:] == [f"update:{update.id}:resident"]
        with pytest.raises(DomainError, match="Schrijf eerst uw notitie."):
            act(world, actions.add_note, initiative, at(3, 3), body="   ")


def test_a_callback_is_handled_once(app, world):
    with in_app(app, world):
        initiative = fresh()
        callback = CallbackRequest(initiative=initiative, phone="06 12345678", created_at=MONDAY)
        db.session.add(callback)
        db.session.commit()
        event = actions.handle_callback(
            callback, note="Gebeld, alles duidelijk.", actor=world.staff["anna"], now=at(3, 3)
        )
        assert callback.handled_at == at(3, 3) and callback.handled_by_id == world.staff["anna"].id
        assert callback.note == "Gebeld, alles duidelijk."
        assert event.kind == "callback_handled" and event.data == {"callback_id": callback.id}
        with pytest.raises(DomainError, match="al afgehandeld"):
            actions.handle_callback(callback, note="", actor=world.staff["bram"], now=at(3, 4))
        assert callback.handled_by_id == world.staff["anna"].id


def test_a_resident_reply_is_public_plain_text_and_leaves_the_version_alone(app, world):
    with in_app(app, world):
        initiative = fresh()
        version = initiative.version
        event = actions.resident_reply(initiative, body="  Dank u wel!  ", now=at(3, 3))
        assert (event.kind, event.public, event.actor) == ("reply", True, None)
        assert event.body == "Dank u wel!"
        assert initiative.version == version
        with pytest.raises(DomainError, match="maximaal 2.000 tekens"):
            actions.resident_reply(initiative, body="x" * 2001, now=at(3, 3))
        with pytest.raises(DomainError, match="Schrijf eerst uw reactie."):
            actions.resident_reply(initiative, body="", now=at(3, 3))


# One event per operation, and conflicts


ARGUMENTS = {
    "advance": {},
    "stop": {"outcome": "ingetrokken", "reason": "Verhuisd."},
    "pause": {"waiting_on": "derde", "reason": "Offerte."},
    "extend": {"new_due": date(2026, 4, 1), "reason": "Ziek."},
    "post_update": {"body": "Hoi."},
    "add_note": {"body": "Notitie."},
}
OPERATIONS = ["triage", *ARGUMENTS]


def run(name, world, initiative, now, **version):
    """One staff operation with valid input; resume is tested on its own (needs a pause)."""
    if name == "triage":
        return triage(world, initiative, now, contact="cor", team="zuid", **version)
    return act(world, getattr(actions, name), initiative, now, **ARGUMENTS[name], **version)


@pytest.mark.parametrize("name", OPERATIONS)
def test_every_operation_writes_one_event_and_raises_the_version_once(app, world, name):
    with in_app(app, world):
        initiative = fresh()
        version, before = initiative.version, count(Event)
        run(name, world, initiative, at(3, 3))
        db.session.commit()
        assert count(Event) == before + 1
        assert db.session.get(Initiative, initiative.id).version == version + 1


def test_resume_writes_one_event_and_raises_the_version_once(app, world):
    with in_app(app, world):
        initiative = fresh()
        act(world, actions.pause, initiative, at(3, 3), waiting_on="derde", reason="Offerte.")
        db.session.commit()
        version, before = initiative.version, count(Event)
        act(world, actions.resume, initiative, at(3, 5))
        db.session.commit()
        assert count(Event) == before + 1 and initiative.version == version + 1


@pytest.mark.parametrize("name", OPERATIONS)
def test_an_old_version_from_the_form_is_refused_before_anything_changes(outbox, app, world, name):
    with in_app(app, world):
        initiative = fresh()
        with pytest.raises(
            EditConflict, match="Iemand anders heeft dit initiatief intussen gewijzigd"
        ):
            run(name, world, initiative, at(3, 3), expected_version=initiative.version - 1)
        assert count(Event, Event.created_at == at(3, 3)) == 0 and len(outbox.keys()) == 1


@pytest.mark.parametrize("name", OPERATIONS)
def test_a_colleague_saving_first_makes_the_operation_conflict_and_save_nothing(
    outbox, app, world, name
):
    with in_app(app, world):
        initiative = fresh()
        seen_version = initiative.version  # what the form carried when it was loaded
        events_before, mails_before = count(Event), outbox.keys()
        with Session(db.engine) as colleague:
            theirs = colleague.get(Initiative, initiative.id)
            theirs.summary = "Aangepast door een collega."
            colleague.commit()
        with pytest.raises(EditConflict) as conflict:
            run(name, world, initiative, at(3, 3), expected_version=seen_version)
        # The form's version still matched what we had read: the UPDATE found it stale.
        assert isinstance(conflict.value.__cause__, StaleDataError)
        db.session.rollback()
        assert count(Event) == events_before and outbox.keys() == mails_before
        stored = db.session.get(Initiative, initiative.id)
        db.session.refresh(stored)
        assert stored.summary == "Aangepast door een collega."
        assert stored.version == seen_version + 1 and stored.status == Status.ACTIVE
        assert (
            stored.current_visit.phase.name == "Ontvangen"
            and stored.contact.name == "Anna de Vries"
        )
