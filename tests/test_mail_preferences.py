"""Switching non-essential mail off with one click (and on again), and what that changes."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import Event, Initiator, OutboxMail, User
from initiatief.services import actions
from tests.factories import login_resident, make_world, submit

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def initiative_number(app):
    with app.app_context():
        make_world()
        initiative = submit(T0)
        db.session.commit()
        return initiative.number


def advance(app, number, now=T0):
    with app.app_context():
        from initiatief.models import Initiative

        initiative = db.session.execute(
            select(Initiative).where(Initiative.number == number)
        ).scalar_one()
        actor = db.session.execute(select(User)).scalars().first()
        actions.advance(initiative, actor=actor, now=now, expected_version=initiative.version)
        db.session.commit()


def phase_mail(app) -> OutboxMail | None:
    with app.app_context():
        return db.session.execute(
            select(OutboxMail).where(OutboxMail.kind == "nieuwe_fase")
        ).scalar_one_or_none()


def test_non_essential_mail_carries_an_unsubscribe_link_and_header(app, initiative_number):
    advance(app, initiative_number)
    mail = phase_mail(app)
    assert "List-Unsubscribe: <http://localhost/e-mail/afmelden/" in mail.headers
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in mail.headers
    assert "/e-mail/afmelden/" in mail.text_body and "/e-mail/afmelden/" in mail.html_body
    with app.app_context():
        receipt = db.session.execute(
            select(OutboxMail).where(OutboxMail.kind == "ontvangstbevestiging")
        ).scalar_one()
        assert "List-Unsubscribe" not in receipt.headers  # essential: no opt-out offered


def unsubscribe_path(mail: OutboxMail) -> str:
    return re.search(r"<http://localhost(/e-mail/afmelden/[^>]+)>", mail.headers).group(1)


def test_opening_the_link_changes_nothing_the_button_does(app, client, initiative_number):
    advance(app, initiative_number)
    path = unsubscribe_path(phase_mail(app))
    assert client.get(path).status_code == 200
    assert client.head(path).status_code == 200
    with app.app_context():
        assert db.session.execute(select(Initiator.mail_opt_out)).scalar_one() is False
    assert client.post(path).status_code == 200
    with app.app_context():
        assert db.session.execute(select(Initiator.mail_opt_out)).scalar_one() is True
        event = db.session.execute(
            select(Event).where(Event.kind == "mail_preference")
        ).scalar_one()
        assert event.data == {"opt_out": True, "via": "link"}


def test_one_click_post_works_without_a_form_token(app, initiative_number):
    app.config["WTF_CSRF_ENABLED"] = True
    advance(app, initiative_number)
    path = unsubscribe_path(phase_mail(app))
    response = app.test_client().post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    with app.app_context():
        event = db.session.execute(
            select(Event).where(Event.kind == "mail_preference")
        ).scalar_one()
        assert event.data["via"] == "one-click"


def test_forged_token_is_refused(client, initiative_number):
    assert client.get("/e-mail/afmelden/nep-token").status_code == 404
    assert client.post("/e-mail/afmelden/nep-token").status_code == 404


def test_after_opt_out_only_essential_mail_is_queued(app, client, initiative_number):
    advance(app, initiative_number)
    client.post(unsubscribe_path(phase_mail(app)))
    advance(app, initiative_number, now=datetime(2026, 3, 3, 10, tzinfo=UTC))
    with app.app_context():
        kinds = db.session.execute(select(OutboxMail.kind).order_by(OutboxMail.id)).scalars().all()
        assert kinds.count("nieuwe_fase") == 1  # the second phase mail was not queued
        from initiatief.models import Initiative

        initiative = db.session.execute(select(Initiative)).scalar_one()
        actor = db.session.execute(select(User)).scalars().first()
        actions.pause(
            initiative,
            waiting_on="initiatiefnemer",
            reason="Stuur de begroting.",
            actor=actor,
            now=datetime(2026, 3, 4, 10, tzinfo=UTC),
            expected_version=initiative.version,
        )
        db.session.commit()
        kinds = db.session.execute(select(OutboxMail.kind)).scalars().all()
        assert "actie_gevraagd" in kinds  # essential mail still comes


def test_resident_switches_mail_on_again_on_the_status_page(app, client, initiative_number):
    login_resident(app, client, "fatima@voorbeeld.example")
    url = f"/mijn/initiatief/{initiative_number}/e-mail"
    assert client.post(url, data={"ontvangen": "nodig"}).status_code == 303
    page = client.get(f"/mijn/initiatief/{initiative_number}").get_data(as_text=True)
    assert "Stuur mij weer alle berichten" in page
    assert client.post(url, data={"ontvangen": "alle"}).status_code == 303
    assert client.post(url, data={"ontvangen": "iets"}).status_code == 400
    with app.app_context():
        assert db.session.execute(select(Initiator.mail_opt_out)).scalar_one() is False
        vias = (
            db.session.execute(select(Event.data).where(Event.kind == "mail_preference"))
            .scalars()
            .all()
        )
        assert [v["opt_out"] for v in vias] == [True, False]
