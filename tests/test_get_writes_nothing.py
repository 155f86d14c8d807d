"""Reading pages write nothing; a page with a resident's personal data writes its audit line.

Counted on the engine: every INSERT, UPDATE and DELETE a request sends. The world
is real: initiatives moved through phases by the staff actions, so there are
ended visits with their outcomes and a working-day calendar already built.
"""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, event, select

from initiatief.dates.planning import today_local
from initiatief.extensions import db
from initiatief.jobs.dashboard import keep_calendar_ahead
from initiatief.models import (
    AuditEntry,
    CalendarDay,
    Feedback,
    ImprovementAction,
    Initiative,
    Phase,
    VisitOutcome,
)
from initiatief.services import actions
from initiatief.services.calendar_table import last_day, last_reportable_day
from tests.factories import act_and_commit, login_resident, submit
from tests.shared_fixtures import in_app
from tests.staff_helpers import sign_in

ANNA = "anna@gemeente.example"
RESIDENT = "fatima@voorbeeld.example"
WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def reading_world(app, world):
    """Three initiatives in Noord, submitted three weeks ago: one moved on, one finished
    its first phase late, one stopped."""
    now = datetime.now(UTC)
    with in_app(app, world):
        made = [submit(now - timedelta(days=21)) for _ in range(3)]
        db.session.commit()
        moved, late, stopped = made
        act_and_commit(world, actions.advance, moved, now - timedelta(days=20))
        act_and_commit(world, actions.advance, late, now - timedelta(days=10))
        act_and_commit(
            world,
            actions.stop,
            stopped,
            now - timedelta(days=5),
            outcome="ingetrokken",
            reason="Verhuisd.",
        )
        assert db.session.scalar(select(VisitOutcome.visit_id).limit(1)) is not None
        assert last_day() >= last_reportable_day(today_local(now))
        phase = db.session.scalar(select(Phase.id).where(Phase.name == "Ontvangen"))
        return {"numbers": [i.number for i in made], "phase": phase, "journey": world.journey.id}


def staff_client(app):
    client = app.test_client()
    sign_in(app, client, ANNA)
    return client


class Writes:
    """The writing statements the engine sends while listening."""

    def __init__(self, app):
        self.app = app
        self.statements: list[str] = []

    def __enter__(self):
        with self.app.app_context():
            self.engine = db.engine
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(WRITES):
            self.statements.append(" ".join(statement.split()[:3]).upper())


def writes_of(app, client, path: str) -> tuple[int, list[str]]:
    with Writes(app) as seen:
        response = client.get(path)
    return response.status_code, seen.statements


@pytest.mark.parametrize(
    "path",
    [
        "/medewerker/dashboard",
        "/medewerker/dashboard/per-fase.csv",
        "/medewerker/dashboard/opmerkingen.csv",
        "/medewerker/dashboard/lijst?figuur=phase_finished&waarde={phase}",
        "/medewerker/dashboard/lijst?figuur=month_submitted&waarde={month}",
        "/medewerker/klantreis",
        "/medewerker/klantreis.csv",
        "/medewerker/",
    ],
)
def test_staff_reading_pages_write_nothing(app, reading_world, path):
    client = staff_client(app)
    month = today_local(datetime.now(UTC)).strftime("%Y-%m")
    status, statements = writes_of(
        app, client, path.format(phase=reading_world["phase"], month=month)
    )
    assert status == 200
    assert statements == []


def test_the_desired_norm_form_writes_nothing(app, reading_world, actors):
    client = app.test_client()
    sign_in(app, client, actors["coordinator"])
    status, statements = writes_of(app, client, "/medewerker/klantreis/gewenst")
    assert status == 200
    assert statements == []


def test_residents_remarks_on_the_klantreis_picture_write_only_their_audit_lines(
    app, reading_world
):
    with app.app_context():
        first = reading_world["numbers"][0]
        initiative = db.session.scalar(select(Initiative).where(Initiative.number == first))
        db.session.add(
            Feedback(
                initiative_id=initiative.id,
                journey_id=reading_world["journey"],
                created_at=datetime.now(UTC) - timedelta(days=1),
                verdict=1,
                remark="Het duurde lang.",
                phases=[db.session.get(Phase, reading_world["phase"])],
            )
        )
        db.session.commit()
    status, statements = writes_of(app, staff_client(app), "/medewerker/klantreis")
    assert status == 200
    assert statements == ["INSERT INTO AUDIT_ENTRIES"]


def test_without_a_calendar_the_klantreis_picture_shows_no_figures_and_writes_nothing(
    app, reading_world
):
    with app.app_context():
        db.session.execute(delete(CalendarDay))
        db.session.commit()
    client = staff_client(app)
    for path in ("/medewerker/klantreis", "/medewerker/klantreis.csv"):
        status, statements = writes_of(app, client, path)
        assert status == 503, path
        assert statements == [], path


def test_the_resident_status_page_writes_nothing(app, reading_world):
    client = app.test_client()
    login_resident(app, client, RESIDENT)
    status, statements = writes_of(app, client, f"/mijn/initiatief/{reading_world['numbers'][0]}")
    assert status == 200
    assert statements == []


def test_the_staff_initiative_page_writes_one_audit_line(app, reading_world):
    client = staff_client(app)
    number = reading_world["numbers"][0]
    status, statements = writes_of(app, client, f"/medewerker/initiatief/{number}")
    assert status == 200
    assert statements == ["INSERT INTO AUDIT_ENTRIES"]
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry)).one()
        seen = db.session.scalar(select(Initiative).where(Initiative.number == number))
        assert (entry.action, entry.initiative_id) == ("view", seen.id)


def test_residents_remarks_on_the_dashboard_write_only_their_audit_lines(app, reading_world):
    with app.app_context():
        first = reading_world["numbers"][0]
        db.session.add(
            Feedback(
                initiative_id=db.session.scalar(
                    select(Initiative.id).where(Initiative.number == first)
                ),
                journey_id=reading_world["journey"],
                created_at=datetime.now(UTC) - timedelta(days=1),
                verdict=1,
                remark="Het duurde lang.",
            )
        )
        db.session.commit()
    status, statements = writes_of(app, staff_client(app), "/medewerker/dashboard")
    assert status == 200
    assert statements == ["INSERT INTO AUDIT_ENTRIES"]


def test_without_a_calendar_the_dashboard_shows_no_figures_and_writes_nothing(app, reading_world):
    """A new database before the nightly job: the figures would be wrong, so none are shown."""
    with app.app_context():
        counted = db.session.scalars(select(VisitOutcome.visit_id)).all()
        db.session.execute(delete(CalendarDay))
        db.session.commit()
    client = staff_client(app)
    for path in (
        "/medewerker/dashboard",
        "/medewerker/dashboard/per-fase.csv",
        "/medewerker/dashboard/lijst?figuur=late",
    ):
        status, statements = writes_of(app, client, path)
        assert status == 503, path
        assert statements == [], path
    page = client.get("/medewerker/dashboard").get_data(as_text=True)
    assert "De cijfers zijn nog niet klaar" in page and "flask count-outcomes" in page
    with app.app_context():
        assert keep_calendar_ahead(datetime.now(UTC))["days"] > 0
        assert db.session.scalars(select(VisitOutcome.visit_id)).all() == counted
    assert client.get("/medewerker/dashboard").status_code == 200


def test_the_verbeteracties_pages_write_only_the_audit_lines_of_remarks(app, reading_world, actors):
    """The list and an action write nothing; a remark shown (ideas, its action) one line each."""
    with app.app_context():
        first = db.session.scalar(
            select(Initiative).where(Initiative.number == reading_world["numbers"][0])
        )
        feedback = Feedback(
            initiative_id=first.id,
            journey_id=reading_world["journey"],
            created_at=datetime.now(UTC) - timedelta(days=1),
            verdict=1,
            remark="Het duurde lang.",
        )
        db.session.add(feedback)
        db.session.flush()
        plain = ImprovementAction(
            title="Sneller",
            phase_id=reading_world["phase"],
            status="loopt",
            starts_on=today_local(datetime.now(UTC)) - timedelta(days=30),
        )
        linked = ImprovementAction(
            title="Terugbellen", phase_id=reading_world["phase"], feedback_id=feedback.id
        )
        db.session.add_all([plain, linked])
        db.session.commit()
        ids = {"plain": plain.id, "linked": linked.id, "feedback": feedback.id}
    client = staff_client(app)  # Anna, in Noord: she sees the initiative of the remark
    for path in ("/medewerker/verbeteracties", f"/medewerker/verbeteracties/{ids['plain']}"):
        assert writes_of(app, client, path) == (200, []), path
    for path in (
        "/medewerker/verbeteracties/ideeen",
        f"/medewerker/verbeteracties/{ids['linked']}",
    ):
        assert writes_of(app, client, path) == (200, ["INSERT INTO AUDIT_ENTRIES"]), path
    coordinator = app.test_client()
    sign_in(app, coordinator, actors["coordinator"])
    path = f"/medewerker/verbeteracties/nieuw?opmerking={ids['feedback']}"
    assert writes_of(app, coordinator, path) == (200, ["INSERT INTO AUDIT_ENTRIES"])
    assert writes_of(app, coordinator, "/medewerker/verbeteracties/nieuw") == (200, [])
    path = f"/medewerker/verbeteracties/{ids['plain']}/bewerken"
    assert writes_of(app, coordinator, path) == (200, [])
