"""The evaluation request: one-click answer from the mail, recorded only by the POST, once."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from initiatief.extensions import db
from initiatief.jobs.evaluation import send_evaluation_reminders
from initiatief.mail.dispatcher import dispatch_due
from initiatief.models import Event, Feedback, Initiative, OutboxMail, User
from initiatief.services import actions, evaluation
from tests.factories import make_world, submit

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
ALL_SCORES = {
    "contact_score": "5",
    "clarity_score": "4",
    "speed_score": "2",
    "cooperation_score": "3",
    "outcome_score": "1",
}


@pytest.fixture
def stopped(app):
    """An initiative the resident withdrew: the evaluation request is queued with the stop."""
    with app.app_context():
        make_world()
        initiative = submit(T0)
        actor = db.session.execute(select(User)).scalars().first()
        actions.stop(
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


def feedback_events() -> list[Event]:
    return db.session.execute(select(Event).where(Event.kind == "feedback")).scalars().all()


def feedback_rows() -> list[Feedback]:
    return db.session.execute(select(Feedback)).scalars().all()


def test_the_mail_offers_three_one_click_answers_in_words(app, stopped):
    assert set(answer_links(app)) == {"tevreden", "neutraal", "ontevreden"}
    with app.app_context():
        mail = request_mail()
    for word in ("Tevreden", "Neutraal", "Ontevreden"):
        assert f"- {word} (http://localhost/evaluatie/" in mail.text_body
        assert re.search(
            rf'antwoord={word.lower()}"[^>]*>\s*<span[^>]*>[^<]+</span> {word}<', mail.html_body
        )
    assert "🙂" not in mail.text_body  # the faces are for the HTML part only
    assert "🙂" in mail.html_body and "🙁" in mail.html_body


def test_opening_the_link_records_nothing_the_button_records_once(app, client, stopped):
    path = answer_links(app)["ontevreden"]
    page = client.get(path)
    assert page.status_code == 200
    assert 'value="ontevreden" checked' in page.get_data(as_text=True)
    assert client.head(path).status_code == 200
    with app.app_context():
        assert feedback_events() == [] and feedback_rows() == []
    form = {"verdict": "ontevreden", "remark": "Het duurde lang."}
    assert client.post(path, data=form).status_code == 200
    again = client.post(path, data={"verdict": "tevreden"}).get_data(as_text=True)
    assert "al gekregen. U hoeft niets meer te doen." in again
    with app.app_context():
        [event] = feedback_events()
        [row] = feedback_rows()
        assert event.data == {"verdict": "ontevreden", "feedback_id": row.id}
        assert row.verdict == 1 and row.remark == "Het duurde lang."
        assert row.initiative.number == stopped
        assert all(getattr(row, f"{a}_score") is None for a in evaluation.ASPECTS)


def test_the_optional_questions_are_stored(app, client, stopped):
    path = answer_links(app)["tevreden"]
    page = client.get(path).get_data(as_text=True)
    assert page.count("(niet verplicht)") == 6  # five questions and the remark
    assert "Heel goed" in page and "Slecht" in page
    response = client.post(path, data={"verdict": "tevreden", **ALL_SCORES})
    assert response.status_code == 200
    with app.app_context():
        [row] = feedback_rows()
        assert row.verdict == 3
        assert [row.contact_score, row.clarity_score, row.speed_score] == [5, 4, 2]
        assert [row.cooperation_score, row.outcome_score] == [3, 1]


@pytest.mark.parametrize("bad", ["0", "6", "veel", "3.5"])
def test_an_out_of_range_score_gets_a_message_and_keeps_the_rest(app, client, stopped, bad):
    path = answer_links(app)["neutraal"]
    data = {**ALL_SCORES, "verdict": "neutraal", "speed_score": bad, "remark": "Mijn verhaal."}
    response = client.post(path, data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Kies Slecht, Matig, Redelijk, Goed of Heel goed." in page
    assert 'href="#speed_score-0"' in page  # the summary links to the question
    assert re.search(r'aria-describedby="\s*speed_score-fout"', page)
    assert 'id="speed_score-fout"' in page
    assert 'value="neutraal" checked' in page and 'value="5" checked' in page
    assert "Mijn verhaal.</textarea>" in page
    with app.app_context():
        assert feedback_rows() == [] and feedback_events() == []


def test_no_answer_or_an_unknown_answer_gets_a_dutch_message(app, client, stopped):
    path = answer_links(app)["neutraal"].split("?")[0]
    response = client.post(path, data={})
    assert response.status_code == 422
    assert "Kies een antwoord." in response.get_data(as_text=True)
    response = client.post(path, data={"verdict": "geweldig"})
    assert response.status_code == 422
    assert "Kies Tevreden, Neutraal of Ontevreden." in response.get_data(as_text=True)


def test_a_too_long_remark_is_refused_and_kept(app, client, stopped):
    path = answer_links(app)["neutraal"]
    response = client.post(path, data={"verdict": "neutraal", "remark": "x" * 2001})
    assert response.status_code == 422
    assert "Maximaal 2.000 tekens." in response.get_data(as_text=True)
    assert "x" * 2001 in response.get_data(as_text=True)


def test_forged_and_expired_links_record_nothing(app, client, stopped):
    page = client.get("/evaluatie/nep")
    assert page.status_code == 404 and "Deze link klopt niet" in page.get_data(as_text=True)
    path = answer_links(app)["tevreden"]
    with time_machine.travel(datetime.now(UTC) + timedelta(days=61)):
        expired = client.post(path, data={"verdict": "tevreden"})
        assert expired.status_code == 410
        assert "Deze link is verlopen" in expired.get_data(as_text=True)
        assert client.get(path).status_code == 410
    with app.app_context():
        assert feedback_events() == [] and feedback_rows() == []


def test_a_link_is_bound_to_its_own_initiative(app, client, stopped):
    with app.app_context():
        other = submit(T0, title="Ander plan")
        db.session.commit()
        other_id = other.id
    client.post(answer_links(app)["tevreden"], data={"verdict": "tevreden"})
    with app.app_context():
        [row] = feedback_rows()
        [event] = feedback_events()
        assert row.initiative_id != other_id and event.initiative_id == row.initiative_id
        assert db.session.get(Initiative, row.initiative_id).number == stopped


def test_a_token_naming_another_initiative_is_rejected_by_its_signature(app, client, stopped):
    with app.app_context():
        other = submit(T0, title="Ander plan")
        db.session.commit()
        other_id = other.id
    token = answer_links(app)["tevreden"].split("/")[2].split("?")[0]
    payload, rest = token.split(".", 1)
    # The other initiative's id under the original signature.
    forged_payload = URLSafeTimedSerializer("x").dump_payload({"initiative": other_id}).decode()
    forged = f"{forged_payload}.{rest}"
    wrong_key = URLSafeTimedSerializer("niet-ons-geheim", salt="evaluation")
    # Change a character inside the signature: the last one carries padding bits
    # that decoding ignores, so changing only the end may leave it valid.
    middle = len(token) - 10
    flipped = "A" if token[middle] != "A" else "B"
    tampered = token[:middle] + flipped + token[middle + 1 :]
    for bad in (forged, wrong_key.dumps({"initiative": other_id}), tampered):
        response = client.post(f"/evaluatie/{bad}", data={"verdict": "ontevreden"})
        assert response.status_code == 404, bad
    with app.app_context():
        assert feedback_rows() == [] and feedback_events() == []


def test_the_phases_stored_are_the_ones_really_visited(app):
    with app.app_context():
        world = make_world()
        initiative = submit(T0)
        anna = world.staff["anna"]
        for skip in (False, True):  # into Kennismaking, then over Uitwerken into Besluit
            actions.advance(
                initiative, actor=anna, now=T0, expected_version=initiative.version, skip=skip
            )
        db.session.commit()
        row = evaluation.record_verdict(initiative, "neutraal", T0, scores={"speed": 2})
        db.session.commit()
        assert [p.name for p in row.phases] == ["Ontvangen", "Kennismaking", "Besluit"]
        assert row.journey_id == initiative.journey_id and row.speed_score == 2


def test_the_service_records_once_and_refuses_bad_values(app, stopped):
    with app.app_context():
        initiative = db.session.execute(select(Initiative)).scalar_one()
        with pytest.raises(ValueError):
            evaluation.record_verdict(initiative, "super", T0)
        with pytest.raises(ValueError):
            evaluation.record_verdict(initiative, "neutraal", T0, scores={"contact": 6})
        with pytest.raises(ValueError):
            evaluation.record_verdict(initiative, "neutraal", T0, scores={"humor": 3})
        assert evaluation.record_verdict(initiative, "neutraal", T0) is not None
        assert evaluation.record_verdict(initiative, "tevreden", T0) is None
        db.session.commit()
        assert db.session.scalar(select(func.count(Feedback.id))) == 1
        assert len(feedback_events()) == 1


def test_two_posts_at_the_same_moment_count_once_without_an_error(
    app, client, stopped, monkeypatch
):
    """The second request passed the 'already answered' check before the first committed."""
    path = answer_links(app)["tevreden"]
    assert client.post(path, data={"verdict": "tevreden"}).status_code == 200
    monkeypatch.setattr(evaluation, "existing_verdict", lambda initiative: None)
    from initiatief.views import evaluation as view

    monkeypatch.setattr(view, "existing_verdict", lambda initiative: None)
    response = client.post(path, data={"verdict": "ontevreden"})
    assert response.status_code == 200
    assert "al gekregen" in response.get_data(as_text=True)
    with app.app_context():
        [row] = feedback_rows()
        assert row.verdict == 3 and len(feedback_events()) == 1


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


def test_no_reminder_once_answered(app, client, stopped):
    client.post(answer_links(app)["neutraal"], data={"verdict": "neutraal"})
    with app.app_context():
        request_mail().status = "sent"
        request_mail().sent_at = T0
        db.session.commit()
        assert send_evaluation_reminders(T0 + timedelta(days=30)) == 0


def test_the_link_stops_working_once_the_residents_data_is_removed(app, client, stopped):
    from initiatief.services.anonymise import Cause, anonymise

    links = answer_links(app)
    with app.app_context():
        initiative = db.session.scalar(select(Initiative).filter_by(number=stopped))
        anonymise([initiative.id], now=T0, cause=Cause.RESIDENT)
        db.session.commit()
    response = client.post(links["ontevreden"], data={"verdict": "ontevreden", "remark": "Ik"})
    assert response.status_code == 410
    with app.app_context():
        assert feedback_rows() == []
