"""`flask seed-demo` above the bulk threshold: rows consistent with what the services write."""

import hashlib
import re
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import joinedload

from demo.bulk import seed_bulk
from demo.bulk.calendar import FastCalendar
from demo.bulk.chunk import TABLES
from initiatief.dates.planning import load_calendar
from initiatief.extensions import db
from initiatief.models import (
    Event,
    EventKind,
    Feedback,
    Initiative,
    Initiator,
    MailStatus,
    NumberSequence,
    OutboxMail,
    Pause,
    PhaseVisit,
    Status,
    User,
    feedback_phases,
)
from initiatief.models.types import local
from initiatief.services.actions import resume
from initiatief.services.intake import next_number

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
COUNT = 3_000


def rows(model, *eager) -> list:
    query = select(model).options(*(joinedload(relation) for relation in eager))
    return db.session.execute(query).unique().scalars().all()


def _initiatives_have_an_initiator_and_a_current_visit_unless_closed() -> None:
    initiatives = {i.id: i for i in rows(Initiative)}
    assert len(initiatives) == COUNT
    owners = Counter(i.initiative_id for i in rows(Initiator))
    assert set(owners) == set(initiatives) and set(owners.values()) == {1}
    visits = defaultdict(list)
    for visit in rows(PhaseVisit):
        visits[visit.initiative_id].append(visit)
    for initiative in initiatives.values():
        own = sorted(visits[initiative.id], key=lambda v: (v.entered_at, v.id))
        assert own[0].entered_at == initiative.submitted_at
        for earlier, later in zip(own, own[1:], strict=False):
            assert earlier.left_at == later.entered_at
        for visit in own:  # the Amsterdam dates the model keeps beside the moments
            assert visit.entered_on == local(visit.entered_at).date()
            assert visit.left_on == (local(visit.left_at).date() if visit.left_at else None)
        open_visits = [v for v in own if v.left_at is None]
        if initiative.is_closed:
            assert not open_visits and initiative.closed_at == own[-1].left_at
            assert initiative.outcome
        else:
            assert open_visits == [own[-1]] and initiative.closed_at is None
        assert [v.phase.position for v in own] == sorted(v.phase.position for v in own)
        assert all(v.phase.journey_id == initiative.journey_id for v in own)
        assert initiative.contact in initiative.team.members
    statuses = Counter(i.status for i in initiatives.values())
    assert all(statuses[s] > 0.01 * COUNT for s in Status)
    assert statuses[Status.FINISHED] > statuses[Status.STOPPED]


def _dates_are_what_the_work_calendar_says() -> None:
    calendar = load_calendar()
    pauses = defaultdict(list)
    for pause in rows(Pause):
        pauses[pause.visit_id].append(pause)
    late = extended = 0
    for visit in rows(PhaseVisit):
        phase = visit.phase
        if visit.skipped:
            assert visit.entered_at == visit.left_at and visit.due_on is None
            assert not pauses[visit.id]
            continue
        expected = calendar.due_date_from(visit.entered_at, phase.norm_days, phase.norm_unit)
        assert visit.promised_on == expected
        ended = [p for p in pauses[visit.id] if p.ended_at is not None]
        counted = sum(
            calendar.working_days_between(local(p.started_at).date(), local(p.ended_at).date())
            for p in ended
        )
        assert visit.paused_working_days == counted
        if expected is None:
            assert visit.due_on is None
            continue
        moved = calendar.add_working_days(expected, counted) if counted else expected
        if visit.delay_reason:
            extended += 1
            assert visit.due_on > moved
        else:
            assert visit.due_on == moved
        if visit.left_at is not None and local(visit.left_at).date() > visit.due_on:
            late += 1
    assert extended > 10 and late > 0.1 * COUNT


def _one_open_pause_at_most_and_only_when_paused() -> None:
    open_pauses = Counter()
    for pause in rows(Pause, Pause.visit):
        assert pause.waiting_on in ("initiatiefnemer", "derde") and pause.reason
        if pause.ended_at is None:
            visit = pause.visit
            assert visit.left_at is None
            open_pauses[visit.initiative_id] += 1
        else:
            assert pause.visit.entered_at < pause.started_at < pause.ended_at
            assert pause.ended_on == local(pause.ended_at).date()
        assert pause.started_on == local(pause.started_at).date()
    paused = {i.id for i in rows(Initiative) if i.status == Status.PAUSED}
    assert set(open_pauses) == paused and set(open_pauses.values()) == {1}


def _numbers_are_unique_and_the_counter_ends_at_the_last() -> None:
    highest: dict[int, int] = {}
    initiatives = sorted(rows(Initiative), key=lambda i: i.id)
    for initiative in initiatives:
        match = re.fullmatch(r"INI-(\d{4})-(\d{4,})", initiative.number)
        assert match and int(match[1]) == local(initiative.submitted_at).year
        highest[int(match[1])] = max(highest.get(int(match[1]), 0), int(match[2]))
    assert len({i.number for i in initiatives}) == COUNT
    assert {s.year: s.last for s in rows(NumberSequence)} == highest
    year = max(highest)
    assert next_number(year) == f"INI-{year}-{highest[year] + 1:04d}"  # intake continues


def _feedback_follows_the_phases_gone_through() -> None:
    gone_through = defaultdict(set)
    for visit in rows(PhaseVisit):
        if not visit.skipped:
            gone_through[visit.initiative_id].add(visit.phase_id)
    linked = defaultdict(set)
    for feedback_id, phase_id in db.session.execute(select(feedback_phases)).all():
        linked[feedback_id].add(phase_id)
    verdicts = rows(Feedback, Feedback.initiative)
    assert len(verdicts) > 0.2 * COUNT
    for feedback in verdicts:
        initiative = feedback.initiative
        assert initiative.is_closed and feedback.created_at > initiative.closed_at
        assert feedback.journey_id == initiative.journey_id
        assert linked[feedback.id] == gone_through[initiative.id]
        if feedback.followed_up_at is not None:
            assert feedback.follow_up_requested and feedback.follow_up_note
    assert {f.verdict for f in verdicts} == {1, 2, 3}
    assert any(f.remark for f in verdicts) and any(f.speed_score for f in verdicts)
    unhappy = [f for f in verdicts if f.follow_up_requested]
    assert any(f.followed_up_at for f in unhappy) and any(not f.followed_up_at for f in unhappy)


def _events_callbacks_and_mails_stay_in_the_past() -> None:
    kinds = dict(db.session.execute(select(Event.kind, func.count()).group_by(Event.kind)).all())
    assert kinds[EventKind.SUBMITTED] == COUNT
    for kind in (EventKind.PHASE_CHANGED, EventKind.PAUSED, EventKind.RESUMED,
                 EventKind.REPLANNED, EventKind.UPDATE, EventKind.FEEDBACK,
                 EventKind.CALLBACK_ASKED, EventKind.CALLBACK_HANDLED):  # fmt: skip
        assert kinds.get(kind, 0) > 0, kind
    latest = db.session.execute(select(func.max(Event.created_at))).scalar_one()
    assert latest <= NOW
    callbacks = db.session.execute(text("SELECT created_at, handled_at FROM callback_requests"))
    handled = [h for _, h in callbacks.all()]
    assert handled.count(None) >= 1 and len(handled) - handled.count(None) > 10
    failed = rows(OutboxMail)
    assert failed and all(m.status == MailStatus.FAILED and m.last_error for m in failed)


def _the_services_carry_on_after_the_bulk() -> None:
    """Resuming a paused bulk initiative through the real service moves its date as usual."""
    initiative = db.session.execute(
        select(Initiative).where(Initiative.status == Status.PAUSED).limit(1)
    ).scalar_one()
    visit = initiative.current_visit
    due, coordinator = visit.due_on, rows(User)[0]
    resume(initiative, actor=coordinator, now=NOW, expected_version=initiative.version)
    db.session.commit()
    assert initiative.status == Status.ACTIVE and visit.paused_working_days > 0
    if due is not None:
        calendar = load_calendar()
        assert visit.due_on == calendar.add_working_days(due, visit.paused_working_days)
    if db.engine.dialect.name == "sqlite":
        assert db.session.execute(text("PRAGMA foreign_key_check")).all() == []


def test_fast_calendar_agrees_with_the_work_calendar(app):
    with app.app_context():
        slow = load_calendar()
        first = date(2023, 11, 1)
        fast = FastCalendar(slow, first, date(2027, 6, 1))
        for offset in range(0, 1400, 3):
            day = first + timedelta(days=offset)
            for count in (0, 1, 2, 10, 40):
                due = fast.add_working_days(day, count)
                assert due == slow.add_working_days(day, count)
                if count and slow.is_working_day(day):
                    assert fast.working_days_before(due, count) == day
            assert fast.next_working_day(day) == slow.next_working_day(day)
            later = day + timedelta(days=33)
            assert fast.working_days_between(day, later) == slow.working_days_between(day, later)


def _digest() -> str:
    """All bulk rows as the database holds them (driver values, no ORM), hashed."""
    digest = hashlib.sha256()
    connection = db.session.connection()
    for name in TABLES:
        order = "id" if "id" in db.metadata.tables[name].c else "feedback_id, phase_id"
        for row in connection.exec_driver_sql(f"SELECT * FROM {name} ORDER BY {order}"):  # noqa: S608
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def test_bulk_rows_are_consistent_and_deterministic(app, runner):
    """One bulk run of 3,000, checked from every side; then the same seed again, row for row.

    One test rather than one per check: seeding is most of the time.
    """
    result = runner.invoke(
        args=["seed-demo", "--initiatives", str(COUNT), "--now", NOW.isoformat(), "--seed", "5"]
    )
    assert result.exit_code == 0, result.output
    assert "in bulk" in result.output and "3.000 van 3.000" in result.output
    with app.app_context():
        first = _digest()
        _initiatives_have_an_initiator_and_a_current_visit_unless_closed()
        _dates_are_what_the_work_calendar_says()
        _one_open_pause_at_most_and_only_when_paused()
        _numbers_are_unique_and_the_counter_ends_at_the_last()
        _feedback_follows_the_phases_gone_through()
        _events_callbacks_and_mails_stay_in_the_past()
        db.session.rollback()  # the counter check took a number
        for name in reversed(TABLES):
            db.session.execute(delete(db.metadata.tables[name]))
        db.session.execute(delete(NumberSequence))
        db.session.commit()
        seed_bulk(NOW, COUNT, seed=5, chunk=700, echo=lambda line: None)
        assert _digest() == first
        _the_services_carry_on_after_the_bulk()
