"""An unhappy evaluation asks the coördinatoren to call back; staff mark it 'Opgevolgd'."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import Event, EventKind, Feedback, Initiative, OutboxMail, Role, User
from initiatief.services import evaluation
from initiatief.services.errors import DomainError, EditConflict
from initiatief.services.follow_up import mark_followed_up
from initiatief.signed_links import evaluation_token
from tests.factories import submit
from tests.staff_helpers import sign_in

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
LATER = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)


@pytest.fixture
def initiative_number(app, world):
    """One initiative in the standard world; two active coördinatoren and one disabled."""
    with app.app_context():
        db.session.add_all(
            [
                User(email="coco@gemeente.example", name="Coco Coördinator", role=Role.COORDINATOR),
                User(email="dirk@gemeente.example", name="Dirk Coördinator", role=Role.COORDINATOR),
                User(email="oud@gemeente.example", name="Oud", role=Role.COORDINATOR, active=False),
            ]
        )
        initiative = submit(T0)
        db.session.commit()
        return initiative.number


def the_initiative() -> Initiative:
    return db.session.execute(select(Initiative)).scalar_one()


def unhappy_mails() -> list[OutboxMail]:
    statement = select(OutboxMail).where(OutboxMail.kind == "evaluatie_ontevreden")
    return list(db.session.scalars(statement.order_by(OutboxMail.id)))


def answer(verdict: str, remark: str = "") -> Feedback:
    feedback = evaluation.record_verdict(the_initiative(), verdict, T0, remark=remark)
    db.session.commit()
    return feedback


def test_an_unhappy_verdict_flags_and_mails_every_active_coordinator_once(app, initiative_number):
    with app.app_context():
        feedback = answer("ontevreden", "Zie https://nep.example voor mijn verhaal.")
        assert feedback.follow_up_requested is True
        mails = unhappy_mails()
        assert sorted(m.to_address for m in mails) == [
            "coco@gemeente.example",
            "dirk@gemeente.example",
        ]
        users = {u.email: u.id for u in db.session.scalars(select(User))}
        assert {m.key for m in mails} == {
            f"unhappy:{feedback.id}:{users['coco@gemeente.example']}",
            f"unhappy:{feedback.id}:{users['dirk@gemeente.example']}",
        }
        mail = mails[0]
        assert (
            mail.subject
            == f"Ontevreden evaluatie bij {initiative_number}: bel de initiatiefnemer terug"
        )
        assert "nep.example" not in mail.text_body + mail.html_body  # no resident free text
        assert f"/medewerker/initiatief/{initiative_number}" in mail.text_body
        assert evaluation.record_verdict(the_initiative(), "ontevreden", T0) is None
        db.session.commit()
        assert len(unhappy_mails()) == 2


@pytest.mark.parametrize("verdict", ["neutraal", "tevreden"])
def test_no_signal_when_not_unhappy(app, initiative_number, verdict):
    with app.app_context():
        assert answer(verdict).follow_up_requested is False
        assert unhappy_mails() == []


def test_no_signal_when_switched_off(app, initiative_number):
    app.config["EVALUATION_FOLLOW_UP_UNHAPPY"] = False
    with app.app_context():
        assert answer("ontevreden").follow_up_requested is False
        assert unhappy_mails() == []


def test_the_unhappy_resident_reads_who_gets_in_touch(app, client, initiative_number):
    with app.app_context():
        token = evaluation_token(the_initiative())
    page = client.post(f"/evaluatie/{token}", data={"verdict": "ontevreden"})
    assert "Een coördinator belt u terug." in page.get_data(as_text=True)
    again = client.get(f"/evaluatie/{token}").get_data(as_text=True)
    assert "al gekregen" in again and "Een coördinator belt u terug." in again


def test_without_a_phone_number_the_resident_hears_by_mail(app, client, world):
    with app.app_context():
        initiative = submit(T0, phone="")
        db.session.commit()
        token = evaluation_token(initiative)
    page = client.post(f"/evaluatie/{token}", data={"verdict": "ontevreden"})
    text = page.get_data(as_text=True)
    assert "neemt per e-mail contact met u op" in text and "belt u terug" not in text


def test_when_switched_off_nobody_promises_a_call(app, client, initiative_number):
    app.config["EVALUATION_FOLLOW_UP_UNHAPPY"] = False
    with app.app_context():
        token = evaluation_token(the_initiative())
    text = client.post(f"/evaluatie/{token}", data={"verdict": "ontevreden"}).get_data(as_text=True)
    assert "Wij nemen contact met u op" not in text and "Dank u wel" in text


def test_mark_followed_up_once_with_a_note(app, initiative_number):
    with app.app_context():
        feedback = answer("ontevreden")
        anna = db.session.execute(select(User).where(User.email.startswith("anna"))).scalar_one()
        version = the_initiative().version
        event = mark_followed_up(feedback, anna, "  Gebeld, plan loopt nu.  ", LATER)
        db.session.commit()
        assert feedback.followed_up_at == LATER and feedback.followed_up_by_id == anna.id
        assert feedback.follow_up_note == "Gebeld, plan loopt nu."
        assert event.kind == EventKind.NOTE and not event.public
        assert "Gebeld, plan loopt nu." in event.body
        assert event.data == {"feedback_id": feedback.id, "followed_up": True}
        assert the_initiative().version == version  # colleagues' open forms stay valid
        with pytest.raises(EditConflict, match="al opgevolgd"):
            mark_followed_up(feedback, anna, "", LATER)
        db.session.rollback()
        notes = db.session.scalars(select(Event).where(Event.kind == EventKind.NOTE)).all()
        assert len(notes) == 1


def test_mark_followed_up_refuses_when_no_call_back_was_asked(app, initiative_number):
    with app.app_context():
        feedback = answer("tevreden")
        anna = db.session.execute(select(User).where(User.email.startswith("anna"))).scalar_one()
        with pytest.raises(DomainError, match="niet gevraagd"):
            mark_followed_up(feedback, anna, "", LATER)


def test_staff_page_shows_the_verdict_and_marks_it_followed_up(app, initiative_number):
    with app.app_context():
        feedback = evaluation.record_verdict(
            the_initiative(),
            "ontevreden",
            T0,
            scores={"contact": 2, "outcome": 1},
            remark="<b>Te traag</b>",
        )
        db.session.commit()
        feedback_id = feedback.id
    client = app.test_client()
    sign_in(app, client, "anna@gemeente.example")
    page = client.get(f"/medewerker/initiatief/{initiative_number}").get_data(as_text=True)
    assert "Evaluatie door de inwoner" in page and "Ontevreden" in page
    assert "Matig (2 van 5)" in page and "Slecht (1 van 5)" in page
    assert "&lt;b&gt;Te traag&lt;/b&gt;" in page and "<b>Te traag" not in page
    assert 'action="/medewerker/initiatief/' + initiative_number + '/evaluatie/opgevolgd"' in page
    url = f"/medewerker/initiatief/{initiative_number}/evaluatie/opgevolgd"
    done = client.post(url, data={"note": "Gebeld."})
    assert done.status_code == 303 and done.headers["Location"].endswith("#evaluatie-titel")
    page = client.get(f"/medewerker/initiatief/{initiative_number}").get_data(as_text=True)
    assert "Opgevolgd op" in page and "evaluatie/opgevolgd" not in page
    again = client.post(url, data={"note": "Nog eens."})
    assert again.status_code == 409
    assert "Deze evaluatie is al opgevolgd." in again.get_data(as_text=True)
    too_long = client.post(url, data={"note": "x" * 2001})
    assert too_long.status_code == 422
    with app.app_context():
        assert db.session.get(Feedback, feedback_id).follow_up_note == "Gebeld."


def test_no_verdict_no_follow_up_route(app, initiative_number):
    client = app.test_client()
    sign_in(app, client, "anna@gemeente.example")
    response = client.post(
        f"/medewerker/initiatief/{initiative_number}/evaluatie/opgevolgd", data={}
    )
    assert response.status_code == 404
