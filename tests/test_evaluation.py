"""The evaluation request: one-click answer from the mail, recorded only by the POST, once."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.jobs.evaluation import send_evaluation_reminders
from initiatief.mail.dispatcher import dispatch_due
from initiatief.models import Event, Initiative, OutboxMail, User
from initiatief.services import handling
from tests.factories import make_world, submit

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def stopped(app):
    """An initiative the resident withdrew: the evaluation request is queued with the stop."""
    with app.app_context():
        make_world()
        initiative = submit(T0)
        actor = db.session.execute(select(User)).scalars().first()
        handling.stop(
            initiative,
            outcome="ingetrokken",
            reason="Verhuisd.",
            actor=actor,
            now=T0,
            expected_version=initiative.version,
        )
        db.session.commit()
        return initiative.number


def request_mail() -> OutboxMail:
    return db.session.execute(
        select(OutboxMail).where(OutboxMail.kind == "evaluatieverzoek")
    ).scalar_one()


def answer_links(app) -> dict[str, str]:
    with app.app_context():
        body = request_mail().text_body
    found = re.findall(r"http://localhost(/evaluatie/[^\s?)]+\?antwoord=(\w+))", body)
    return {verdict: path for path, verdict in found}


def feedback():
    return db.session.execute(select(Event).where(Event.kind == "feedback")).scalars().all()


def test_the_mail_offers_three_one_click_answers(app, stopped):
    assert set(answer_links(app)) == {"tevreden", "neutraal", "ontevreden"}


def test_opening_the_link_records_nothing_the_button_records_once(app, client, stopped):
    path = answer_links(app)["ontevreden"]
    page = client.get(path)
    assert page.status_code == 200
    assert 'value="ontevreden" checked' in page.get_data(as_text=True)
    assert client.head(path).status_code == 200
    with app.app_context():
        assert feedback() == []
    form = {"verdict": "ontevreden", "remark": "Het duurde lang."}
    assert client.post(path, data=form).status_code == 200
    again = client.post(path, data=form).get_data(as_text=True)
    assert "al gekregen. U hoeft niets meer te doen." in again
    with app.app_context():
        [answer] = feedback()
        assert answer.data == {"verdict": "ontevreden"} and answer.body == "Het duurde lang."


def test_no_answer_chosen_gets_a_dutch_message(app, client, stopped):
    path = answer_links(app)["neutraal"].split("?")[0]
    response = client.post(path, data={})
    assert response.status_code == 422
    assert "Kies een antwoord." in response.get_data(as_text=True)


def test_forged_and_expired_links_record_nothing(app, client, stopped):
    assert client.get("/evaluatie/nep").status_code == 404
    path = answer_links(app)["tevreden"]
    with time_machine.travel(datetime.now(UTC) + timedelta(days=61)):
        assert client.post(path, data={"verdict": "tevreden"}).status_code == 410
    with app.app_context():
        assert feedback() == []


def test_a_link_is_bound_to_its_own_initiative(app, client, stopped):
    with app.app_context():
        other = submit(T0, title="Ander plan")
        db.session.commit()
        other_id = other.id
    client.post(answer_links(app)["tevreden"], data={"verdict": "tevreden"})
    with app.app_context():
        [answer] = feedback()
        assert answer.initiative_id != other_id


def test_one_reminder_after_ten_working_days_without_answer(app, stopped, smtp_server):
    with app.app_context():
        dispatch_due(T0 + timedelta(minutes=1))
        assert request_mail().status == "sent"
        assert send_evaluation_reminders(T0 + timedelta(days=10)) == 0  # 8 working days
        later = T0 + timedelta(days=16)
        assert send_evaluation_reminders(later) == 1
        assert send_evaluation_reminders(later) == 0
        reminder = db.session.execute(
            select(OutboxMail).where(OutboxMail.kind == "herinnering_evaluatie")
        ).scalar_one()
        assert db.session.execute(select(Initiative.number)).scalars().first() in reminder.subject
