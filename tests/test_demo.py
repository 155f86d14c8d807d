"""`flask seed-demo` and the demo world other tests build on."""

import hashlib
import random
import re
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

from PIL import Image
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from demo import make_world, seed_demo_initiatives, seed_reference_data
from initiatief.dates.planning import load_calendar, today_local
from initiatief.extensions import db
from initiatief.models import (
    Actor,
    CallbackRequest,
    DesiredNorm,
    Event,
    EventKind,
    ImprovementAction,
    Initiative,
    Journey,
    NormUnit,
    NumberSequence,
    OutboxMail,
    PhaseVisit,
    Role,
    Status,
    Team,
    User,
    Wijk,
)

NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


def seed(runner, *args: str):
    result = runner.invoke(args=["seed-demo", "--now", NOW.isoformat(), *args])
    assert result.exit_code == 0, result.output
    return result


def all_rows(model) -> list:
    return db.session.execute(select(model)).scalars().all()


def row_counts() -> dict[str, int]:
    return {
        table.name: db.session.execute(select(func.count()).select_from(table)).scalar_one()
        for table in db.metadata.sorted_tables
    }


def photo_files(app) -> list[Path]:
    return sorted((Path(app.config["UPLOAD_DIR"]) / "photos").glob("*"))


def test_seed_demo_creates_the_reference_data(app, runner):
    result = seed(runner)
    assert "Demodata toegevoegd" in result.output
    logins = runner.invoke(args=["demo-logins"]).output
    for email in ("sanne@gemeente.example", "ingrid@gemeente.example", "lotte@gemeente.example"):
        assert email in logins
    assert "demo-wachtwoord" in logins
    assert "@voorbeeld.example" in logins
    with app.app_context():
        journeys = {j.slug: j for j in all_rows(Journey)}
        assert journeys.keys() == {"standaard", "klein"}
        standaard, klein = journeys["standaard"], journeys["klein"]
        assert standaard.is_default and not klein.is_default
        assert [(p.name, p.norm_days, p.actor) for p in standaard.phases] == [
            ("Ontvangen", 2, Actor.MUNICIPALITY),
            ("Kennismaking", 10, Actor.TOGETHER),
            ("Uitwerken", 30, Actor.INITIATOR),
            ("Besluit", 40, Actor.MUNICIPALITY),
            ("Uitvoering", None, Actor.INITIATOR),
            ("Evaluatie", 10, Actor.TOGETHER),
        ]
        assert [p.name for p in klein.phases] == [
            "Ontvangen", "Kennismaking", "Besluit", "Uitvoering", "Evaluatie"
        ]  # fmt: skip
        assert [p.norm_unit for p in klein.phases].count(NormUnit.CALENDAR_DAYS) == 1
        for phase in standaard.phases + klein.phases:
            assert re.search(r"\b[Uu]w?\b", phase.expectation)  # spoken to as "u"
            # A resident task exactly when the resident has something to do.
            assert bool(phase.resident_task) == (phase.actor != Actor.MUNICIPALITY)

        teams = all_rows(Team)
        assert len(teams) == 3 and len(all_rows(Wijk)) == 12
        assert all(len(team.wijken) == 4 for team in teams)
        assert sum(team.takes_unrouted for team in teams) == 1

        staff = all_rows(User)
        roles = Counter(user.role for user in staff)
        assert roles == {Role.MEDEWERKER: 6, Role.COORDINATOR: 2, Role.BEHEERDER: 1}
        assert all(len(team.members) == 2 for team in teams)
        for user in staff:
            assert user.email.endswith("@gemeente.example")
            assert user.job_title and user.phone and user.reachable and user.introduction
            assert len(user.teams) == (1 if user.role == Role.MEDEWERKER else 0)
        assert check_password_hash(staff[0].password_hash, "demo-wachtwoord")


def test_second_run_adds_nothing(app, runner):
    runner.invoke(args=["seed-demo"])  # the real now, as a developer runs it
    with app.app_context():
        before = row_counts()
    files = photo_files(app)
    assert before["initiatives"] == 36

    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0, again.output
    assert "staat er al" in again.output
    with app.app_context():
        assert row_counts() == before
    assert photo_files(app) == files


def test_reference_data_alone_is_idempotent(app):
    with app.app_context():
        world = make_world(NOW)
        before = row_counts()
        again = make_world(NOW)
        assert row_counts() == before
        assert world.complete and again.staff.keys() == world.staff.keys()
        assert world.default_journey.slug == "standaard"
        assert len(world.medewerkers) == 6 and world.unrouted_team.takes_unrouted


def test_every_phase_of_both_journeys_has_an_active_initiative(app, runner):
    seed(runner)
    with app.app_context():
        active = all_rows(Initiative)
        current = {i.current_visit.phase_id for i in active if i.status == Status.ACTIVE}
        for journey in all_rows(Journey):
            for phase in journey.phases:
                assert phase.id in current, f"no active initiative in {journey.slug}/{phase.name}"


def test_portraits_are_distinct_400px_pngs(app, runner):
    seed(runner)
    with app.app_context():
        staff = all_rows(User)
        named = [user.photo for user in staff if user.photo]
        assert len(named) == len(staff) - 1  # one left without, for the initials
    digests = set()
    for name in named:
        assert re.fullmatch(r"[0-9a-f]{32}\.png", name)
        path = Path(app.config["UPLOAD_DIR"]) / "photos" / name
        with Image.open(path) as image:
            image.verify()
        with Image.open(path) as image:
            assert image.format == "PNG" and image.size == (400, 400)
        digests.add(hashlib.sha256(path.read_bytes()).hexdigest())
    assert len(digests) == len(named)


def test_due_dates_are_what_the_work_calendar_says(app, runner):
    seed(runner)
    with app.app_context():
        calendar = load_calendar()
        assert calendar.closed_days  # the demo closes on bridge days
        visits = all_rows(PhaseVisit)
        for visit in visits:
            if visit.skipped:
                assert visit.due_on is None and visit.entered_at == visit.left_at
                continue
            phase = visit.phase
            expected = calendar.due_date_from(visit.entered_at, phase.norm_days, phase.norm_unit)
            assert visit.promised_on == expected
            if visit.paused_working_days:
                shifted = calendar.add_working_days(expected, visit.paused_working_days)
                assert visit.due_on == shifted
            else:
                assert visit.due_on == expected
        assert any(v.paused_working_days for v in visits)


def test_numbers_are_unique_and_the_counter_is_past_them(app, runner):
    seed(runner)
    with app.app_context():
        numbers = [i.number for i in all_rows(Initiative)]
        assert len(set(numbers)) == len(numbers) == 36
        highest: dict[int, int] = {}
        for number in numbers:
            match = re.fullmatch(r"INI-(\d{4})-(\d{4})", number)
            assert match
            year, serial = int(match[1]), int(match[2])
            highest[year] = max(highest.get(year, 0), serial)
        counters = {s.year: s.last for s in all_rows(NumberSequence)}
        assert counters == highest


def test_history_has_every_state_and_stays_in_the_past(app, runner):
    seed(runner)
    with app.app_context():
        initiatives = all_rows(Initiative)
        today = today_local(NOW)
        statuses = Counter(i.status for i in initiatives)
        assert all(statuses[s] >= 2 for s in Status)
        for initiative in initiatives:
            visits = initiative.visits
            assert visits[0].entered_at == initiative.submitted_at
            for earlier, later in zip(visits, visits[1:], strict=False):
                assert earlier.left_at == later.entered_at
            if initiative.is_closed:
                assert initiative.closed_at == visits[-1].left_at and initiative.outcome
            else:
                assert initiative.current_visit is visits[-1]
            pause = [p for v in visits for p in v.pauses if p.ended_at is None]
            assert bool(pause) == (initiative.status == Status.PAUSED)
            assert initiative.contact in initiative.team.members
            if initiative.wijk is None:
                assert initiative.team.takes_unrouted
            assert initiative.initiator.email.endswith("@voorbeeld.example")

        open_visits = [i.current_visit for i in initiatives if not i.is_closed]
        assert any(v.due_on is not None and v.due_on < today for v in open_visits)
        assert any(v.skipped for i in initiatives for v in i.visits)

        events = all_rows(Event)
        assert all(e.created_at <= NOW for e in events)
        kinds = Counter(e.kind for e in events)
        assert kinds[EventKind.SUBMITTED] == 36
        assert kinds[EventKind.PAUSED] >= 4 and kinds[EventKind.PHASE_CHANGED] > 36
        updates = [e for e in events if e.kind == EventKind.UPDATE]
        assert len(updates) >= 10 and all(e.public and e.body for e in updates)
        callbacks = all_rows(CallbackRequest)
        assert [c.handled_at for c in callbacks].count(None) == 1
        assert all_rows(OutboxMail) == []


def test_same_seed_and_now_give_the_same_initiatives(app):
    def story() -> list[tuple]:
        seed_reference_data(NOW)
        initiatives = seed_demo_initiatives(NOW, 20, random.Random(7))
        return [
            (i.number, i.title, i.status, i.initiator.email, i.contact.email)
            + tuple((v.phase.name, v.entered_at, v.left_at, v.due_on) for v in i.visits)
            for i in initiatives
        ]

    with app.app_context():
        first = story()
        db.session.rollback()
        assert story() == first


def test_refused_in_production(app, runner):
    app.config["ENV_NAME"] = "production"
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "not for production" in result.output
    with app.app_context():
        assert row_counts()["users"] == 0


def test_seed_demo_scales_past_the_list_of_names(app, runner):
    result = runner.invoke(args=["seed-demo", "--initiatives", "700"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        from initiatief.models import Initiator

        emails = db.session.execute(select(Initiator.email)).scalars().all()
        assert len(emails) >= 700


def test_closed_demo_initiatives_have_verdicts(app, runner):
    from initiatief.models import Feedback

    seed(runner, "--now", datetime(2026, 12, 1, 10, tzinfo=UTC).isoformat())
    with app.app_context():
        verdicts = all_rows(Feedback)
        assert verdicts, "a demo dashboard needs residents' verdicts"
        for feedback in verdicts:
            initiative = feedback.initiative
            assert initiative.is_closed and feedback.created_at > initiative.closed_at
            gone_through = {v.phase_id for v in initiative.visits if not v.skipped}
            assert {p.id for p in feedback.phases} == gone_through
            assert feedback.follow_up_requested == (feedback.verdict == 1)
        waiting = [f for f in verdicts if f.verdict == 1 and f.followed_up_at is None]
        assert waiting, "one unhappy resident is still waiting for a call"
        assert db.session.execute(select(func.count()).select_from(OutboxMail)).scalar() == 0


def test_the_demo_has_verbeteracties_and_a_desired_norm(app, runner):
    seed(runner, "--now", datetime(2026, 12, 1, 10, tzinfo=UTC).isoformat())
    with app.app_context():
        calendar = load_calendar()
        actions = {a.status: a for a in all_rows(ImprovementAction)}
        assert set(actions) == {"loopt", "klaar", "idee"}
        for action in (actions["loopt"], actions["klaar"]):
            assert action.starts_on < date(2026, 12, 1)
            assert calendar.is_working_day(action.starts_on)
        idea = actions["idee"]
        assert idea.starts_on is None and idea.feedback.remark
        # The idea is written in the coördinator's words: nothing of the remark is copied.
        assert idea.feedback.remark not in f"{idea.title} {idea.reason} {idea.notes}"
        (desired,) = all_rows(DesiredNorm)
        assert desired.phase.name == "Kennismaking" and desired.days < desired.phase.norm_days
