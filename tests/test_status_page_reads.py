"""The resident's status page reads little per view (issue 14): two statements, on both databases.

The initiative with all it shows, the resident's session (with the stored language)
and the config stamp; its messages. The working-day calendar and the journey's phases are kept per
worker and read again when a beheerder's edit, on any worker, changes the stamp.
"""

from contextlib import contextmanager
from datetime import date

from sqlalchemy import event, select

from initiatief import create_app
from initiatief.extensions import db
from initiatief.models import ClosedDay, Phase
from initiatief.services.actions import post_update, resident_reply
from initiatief.services.actions.clock import pause
from initiatief.services.actions.phases import advance
from initiatief.services.config.closed_days import add_closed_day
from initiatief.services.config.journeys import PhaseData, update_phase
from initiatief.services.config_cache import current_config
from initiatief.services.data_requests import request_deletion
from tests.factories import act_and_commit, at, login_resident, make_world, submit

EMAIL = "fatima@voorbeeld.example"


@contextmanager
def counted(app):
    """The statements the app's engine sends inside the block."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


@contextmanager
def another_worker(app):
    """An app context of a second worker: its own app and cache, the same database."""
    other = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    with other.app_context():
        yield
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def busy_initiative(app) -> str:
    """An initiative with everything the page shows: a contact, two visits, an open pause,
    updates by staff, a reply, a pending request to delete the data."""
    with app.app_context():
        world = make_world()
        initiative = submit(at(3, 2))
        initiative.contact = world.staff["anna"]
        db.session.commit()
        act_and_commit(world, advance, initiative, at(3, 3), message="Welkom, we **beginnen**.")
        act_and_commit(world, post_update, initiative, at(3, 4), body="Eerste *nieuws*.")
        act_and_commit(
            world, post_update, initiative, at(3, 5), body="Tweede [link](https://x.nl)."
        )
        resident_reply(initiative, body="Dank u!", now=at(3, 6))
        db.session.commit()
        act_and_commit(
            world, pause, initiative, at(3, 9), waiting_on="initiatiefnemer", reason="Uw begroting."
        )
        request_deletion([initiative], at(3, 10))
        db.session.commit()
        return initiative.number


def test_a_status_page_view_sends_at_most_two_statements(app, client):
    number = busy_initiative(app)
    login_resident(app, client, EMAIL)
    path = f"/mijn/initiatief/{number}"
    assert client.get(path).status_code == 200  # the worker's first view reads the config

    with counted(app) as statements:
        page = client.get(path).get_data(as_text=True)

    assert len(statements) <= 2, "\n".join(statements)
    # Everything the joined reads carry is on the page.
    assert "Anna de Vries" in page  # the contact
    assert "Kennismaking" in page and "Uitleg over kennismaking." in page  # phases
    assert "Uw begroting." in page  # the open pause
    assert "<em>nieuws</em>" in page and "<strong>beginnen</strong>" in page  # updates
    assert "Dank u!" in page  # the reply
    assert "U vroeg op" in page  # the pending data request


def test_another_workers_edit_of_a_phase_is_shown_at_once(app, client):
    number = busy_initiative(app)
    login_resident(app, client, EMAIL)
    path = f"/mijn/initiatief/{number}"
    before = client.get(path).get_data(as_text=True)
    assert "Uitleg over uitwerken." in before

    with another_worker(app):
        phase = db.session.scalar(select(Phase).where(Phase.name == "Uitwerken"))
        changed = PhaseData(
            name=phase.name,
            expectation="U krijgt een **nieuw** plan.",
            norm_days=phase.norm_days,
            norm_unit=phase.norm_unit,
            actor=phase.actor,
            resident_task=phase.resident_task,
            mail_on_enter=phase.mail_on_enter,
            checkin_after_days=phase.checkin_after_days,
        )
        update_phase(phase, changed)

    after = client.get(path).get_data(as_text=True)
    assert "Uitleg over uitwerken." not in after
    assert "U krijgt een <strong>nieuw</strong> plan." in after


def viewed_once(app, client) -> str:
    """The busy initiative's status page, viewed once by its resident: the cache is full."""
    path = f"/mijn/initiatief/{busy_initiative(app)}"
    login_resident(app, client, EMAIL)
    assert client.get(path).status_code == 200
    return path


def test_a_closed_day_added_elsewhere_is_in_the_calendar_of_the_next_view(app, client):
    path = viewed_once(app, client)
    assert date(2026, 12, 24) not in app.extensions["initiatief.config_cache"].calendar.closed_days

    with another_worker(app):
        add_closed_day(date(2026, 12, 24), "Kerstavond")

    client.get(path)
    assert date(2026, 12, 24) in app.extensions["initiatief.config_cache"].calendar.closed_days


def test_an_edit_rolled_back_leaves_no_stale_copy(app, client):
    viewed_once(app, client)
    with app.test_request_context():
        db.session.add(ClosedDay(day=date(2026, 12, 28), reason="Nooit opgeslagen"))
        db.session.flush()
        # Seen in its own transaction, then gone with it.
        assert date(2026, 12, 28) in current_config().calendar.closed_days
        db.session.rollback()
        assert date(2026, 12, 28) not in current_config().calendar.closed_days
