"""Retention (DESIGN §6): closed initiatives lose their personal data after the period.

Frozen clocks: Fatima's initiative is stopped on Tuesday 10 March 2026, 10.00 in
Amsterdam; with the default of 12 months it is due on 10 March 2027 and not a
day earlier. Her data is spread over every table a resident's data can reach.
"""

import dataclasses
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import JSON, String, Text, select

from initiatief import create_app
from initiatief.extensions import db
from initiatief.jobs.retention import anonymise_due, purge_old
from initiatief.mail.dispatcher import dispatch_due
from initiatief.mail.refusals import flag_address
from initiatief.models import (
    EmailChange,
    Event,
    EventKind,
    FlaggedAddress,
    ImprovementAction,
    Initiative,
    Initiator,
    JobRun,
    LoginToken,
    MailStatus,
    OutboxMail,
    ResidentSession,
    Role,
    User,
)
from initiatief.services import actions
from initiatief.services.anonymise import Cause, anonymise
from initiatief.services.anonymise_tables import REMOVED_TEXT
from initiatief.services.bottlenecks import Filters, build_dashboard
from initiatief.services.callbacks import request_callback
from initiatief.services.config.retention import Periods, current_periods, set_periods
from initiatief.services.errors import DomainError
from initiatief.services.evaluation import record_verdict
from initiatief.services.follow_up import mark_followed_up
from initiatief.services.resident_access import (
    find_usable_token,
    hash_token,
    redeem_token,
    request_login_link,
    resident_email,
)
from tests import bottleneck_world
from tests.factories import act_and_commit, at, submit
from tests.shared_fixtures import in_app

FATIMA = "fatima@voorbeeld.example"
PIETER = "pieter@voorbeeld.example"
PHONE = "06 12345678"


CLOSED = at(3, 10, year=2026)


def fatimas_history(world) -> Initiative:
    """A stopped initiative with Fatima's name, address and number in every place."""
    anna = world.staff["anna"]
    initiative = submit(at(3, 2, year=2026), name="Fatima el Amrani", email=FATIMA, phone=PHONE)
    initiative.initiator.postal_address = "Lindelaan 12, 1234 AB Voorbeeld"
    initiative.initiator.organisation = "Buurtvereniging Fatima"
    initiative.initiator.co_initiators = "Karel Appelboom"
    db.session.commit()
    act_and_commit(
        world,
        actions.advance,
        initiative,
        at(3, 3, year=2026),
        message="Beste Fatima, ik bel u op 06-1234 5678.",
    )
    act_and_commit(
        world,
        actions.add_note,
        initiative,
        at(3, 3, 10, year=2026),
        body="Fatima el Amrani belde; mail naar FATIMA@voorbeeld.example.",
    )
    act_and_commit(
        world,
        actions.pause,
        initiative,
        at(3, 4, year=2026),
        waiting_on="initiatiefnemer",
        reason="Wacht op de tekening van Fatima.",
    )
    act_and_commit(world, actions.resume, initiative, at(3, 5, year=2026))
    actions.resident_reply(
        initiative, body="Mijn nummer is 0612345678, groet Fatima", now=at(3, 5, 11, year=2026)
    )
    callback = request_callback(
        initiative, PHONE, "na 17 uur, vraag naar Fatima", at(3, 6, year=2026)
    )
    db.session.commit()
    actions.handle_callback(
        callback, note="Fatima gebeld op +31 6 12345678.", actor=anna, now=at(3, 6, 12, year=2026)
    )
    db.session.commit()
    dispatch_due(at(3, 9, year=2026))
    act_and_commit(
        world,
        actions.stop,
        initiative,
        CLOSED,
        outcome="ingetrokken",
        reason="Fatima el Amrani trekt het plan in.",
    )
    feedback = record_verdict(
        initiative, "ontevreden", at(3, 11, year=2026), remark="Ik ben Fatima, bel 06 12345678"
    )
    db.session.commit()
    mark_followed_up(feedback, anna, "Gesproken met Fatima el Amrani.", at(3, 12, year=2026))
    # A verbeteractie from her remark. The service refuses her data in it; this one was
    # written before that guard (or typed in by hand), so anonymising must scrub it.
    db.session.add(
        ImprovementAction(
            title="Fatima el Amrani sneller terugbellen",
            reason="Karel Appelboom belde ook, 06-1234 5678.",
            notes="Langs op Lindelaan 12; mail fatima@voorbeeld.example.",
            phase_id=initiative.visits[0].phase_id,
            feedback_id=feedback.id,
        )
    )
    request_login_link(FATIMA, "", at(3, 12, 10, year=2026))
    db.session.commit()
    flag_address(FATIMA, "550 <fatima@voorbeeld.example> mailbox full", at(3, 12, year=2026))
    db.session.add(
        EmailChange(
            token_hash=hash_token("nieuw"),
            old_email=FATIMA,
            new_email="fatima.nieuw@voorbeeld.example",
            created_at=at(3, 12, year=2026),
            expires_at=at(3, 13, year=2026),
        )
    )
    db.session.commit()
    return initiative


def personal_traces(needles: list[str]) -> list[str]:
    """Every text value in every table that still holds one of the needles.

    The phone number is also looked for by its digits alone, however it was written.
    """
    digits = [re.sub(r"\D", "", n)[-8:] for n in needles if re.fullmatch(r"[\d\s+\-()]+", n)]
    words = [n.lower() for n in needles if n not in digits]
    found = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)):
            for column, value in zip(columns, row, strict=True):
                text = str(value or "")
                lowered = text.lower()
                if any(word in lowered for word in words) or any(
                    d in re.sub(r"\D", "", text) for d in digits
                ):
                    found.append(f"{table.name}.{column.name}: {text[:120]!r}")
    return found


NEEDLES = [FATIMA, "Fatima", "Amrani", "Lindelaan 12", "Appelboom", PHONE]


def test_untouched_a_day_before_the_period_ends_and_gone_everywhere_on_the_day(world, app):
    with in_app(app, world):
        initiative = fatimas_history(world)
        number = initiative.number
        assert len(personal_traces(NEEDLES)) > 15  # the history really holds her data

        assert anonymise_due(at(3, 9, 22, year=2027)) == {"anonymised": 0}  # 9 March, 23.00
        assert db.session.scalar(select(Initiator.name)) == "Fatima el Amrani"

        assert anonymise_due(at(3, 9, 23, year=2027)) == {"anonymised": 1}  # 10 March, 00.00
        assert personal_traces(NEEDLES) == []
        initiative = db.session.scalar(select(Initiative).filter_by(number=number))
        person = initiative.initiator
        assert person.anonymised_at == at(3, 9, 23, year=2027)
        assert (person.name, person.email, person.phone, person.postal_address) == ("", "", "", "")
        # The history keeps its length; what she wrote is one fixed sentence.
        kinds = [e.kind for e in db.session.scalars(select(Event).order_by(Event.id))]
        assert kinds.count(EventKind.REPLY) == 1 and kinds[-1] == EventKind.ANONYMISED
        reply = db.session.scalar(select(Event).filter_by(kind=EventKind.REPLY))
        assert reply.body == REMOVED_TEXT
        last = db.session.scalar(select(Event).filter_by(kind=EventKind.ANONYMISED))
        assert last.body == "Gegevens van de initiatiefnemer verwijderd (bewaartermijn)"
        # What stays: number, title, phases, outcome key and scores.
        assert initiative.title == "Moestuin aan de Lindelaan" and initiative.status == "stopped"
        assert [v.phase.name for v in initiative.visits][:2] == ["Ontvangen", "Kennismaking"]
        # Her links and sessions are gone; the mails are emptied, none left waiting.
        assert db.session.scalar(select(db.func.count(LoginToken.id))) == 0
        assert db.session.scalar(select(db.func.count(FlaggedAddress.address))) == 0
        statuses = set(db.session.scalars(select(OutboxMail.status)))
        assert MailStatus.PENDING not in statuses and MailStatus.SENT in statuses


def test_running_twice_changes_nothing_the_second_time(world, app):
    with in_app(app, world):
        fatimas_history(world)
        later = at(4, 1, year=2027)
        assert anonymise_due(later) == {"anonymised": 1}
        before = snapshot()
        assert anonymise_due(later) == {"anonymised": 0}
        assert anonymise_due(at(1, 1, year=2028)) == {"anonymised": 0}
        assert snapshot() == before


def snapshot() -> dict[str, list]:
    return {
        table.name: sorted(map(repr, db.session.execute(select(table)).all()))
        for table in db.metadata.sorted_tables
    }


def test_a_running_initiative_and_a_recent_one_are_left_alone(world, app):
    with in_app(app, world):
        fatimas_history(world)
        running = submit(at(3, 2, year=2026), name="Pieter Jansen", email=PIETER)
        recent = submit(at(3, 2, year=2026), name="Pieter Jansen", email=PIETER)
        db.session.commit()
        act_and_commit(
            world, actions.stop, recent, at(6, 1, year=2026), outcome="ingetrokken", reason="-"
        )
        assert anonymise_due(at(3, 20, year=2027)) == {"anonymised": 1}
        names = set(
            db.session.scalars(select(Initiator.name).where(Initiator.anonymised_at.is_(None)))
        )
        assert names == {"Pieter Jansen"}
        assert {running.id, recent.id} == set(
            db.session.scalars(select(Initiator.initiative_id).where(Initiator.name != ""))
        )


def test_a_resident_with_a_live_initiative_keeps_logging_in(world, app):
    with in_app(app, world):
        fatimas_history(world)
        submit(at(3, 1, year=2027), name="Fatima el Amrani", email=FATIMA)
        db.session.commit()
        request_login_link(FATIMA, "", at(3, 9, year=2027))
        secret, _ = redeem_token(newest_raw_token_for_test(), at(3, 9, year=2027)) or (None, None)
        db.session.commit()
        assert anonymise_due(at(3, 10, year=2027)) == {"anonymised": 1}
        db.session.commit()
        assert resident_email(secret, at(3, 10, year=2027)) == FATIMA


def newest_raw_token_for_test() -> str:
    """Login links store only a hash: make a known one for the newest token."""
    token = db.session.scalar(select(LoginToken).order_by(LoginToken.id.desc()))
    token.token_hash = hash_token("bekend")
    db.session.flush()
    return "bekend"


def test_an_anonymised_residents_session_and_link_stop_working(world, app, client):
    with in_app(app, world):
        fatimas_history(world)
        request_login_link(FATIMA, "", at(3, 9, year=2027))
        secret, _ = redeem_token(newest_raw_token_for_test(), at(3, 9, year=2027))
        request_login_link(FATIMA, "", at(3, 9, 22, year=2027))
        token = db.session.scalar(select(LoginToken).order_by(LoginToken.id.desc()))
        token.token_hash = hash_token("tweede")
        db.session.commit()
        assert find_usable_token("tweede", at(3, 9, 22, year=2027)) is not None
        assert resident_email(secret, at(3, 9, 22, year=2027)) == FATIMA
        anonymise_due(at(3, 9, 23, year=2027))
        assert resident_email(secret, at(3, 9, 23, year=2027)) is None
        assert db.session.scalar(select(db.func.count(ResidentSession.id))) == 0
        assert find_usable_token("tweede", at(3, 9, 23, year=2027)) is None
        # A new login request for her old address behaves as for an unknown one: nothing kept.
        before = db.session.scalar(select(db.func.count(OutboxMail.id)))
        request_login_link(FATIMA, "", at(3, 10, 10, year=2027))
        db.session.commit()
        assert db.session.scalar(select(db.func.count(OutboxMail.id))) == before
        assert db.session.scalar(select(db.func.count(LoginToken.id))) == 0


def test_pending_mail_to_her_is_cancelled_not_sent(world, app, smtp_server):
    with in_app(app, world):
        initiative = fatimas_history(world)
        pending = db.session.scalars(
            select(OutboxMail).where(OutboxMail.status == MailStatus.PENDING)
        ).all()
        assert pending, "the stop and follow-up mails are still waiting"
        received = len(smtp_server.messages)
        anonymise([initiative.id], now=at(3, 13, year=2026), cause=Cause.RESIDENT)
        db.session.commit()
        dispatch_due(at(3, 14, year=2026))
        assert len(smtp_server.messages) == received
        assert {m.status for m in pending} == {MailStatus.CANCELLED}
        event = db.session.scalar(select(Event).filter_by(kind=EventKind.ANONYMISED))
        assert (
            event.body
            == "Gegevens van de initiatiefnemer verwijderd (op verzoek van de initiatiefnemer)"
        )


def test_the_dashboard_figures_are_the_same_before_and_after(app):
    with app.app_context():
        made = bottleneck_world.build()
        for number, initiative in enumerate(db.session.scalars(select(Initiative)), start=1):
            initiative.initiator = Initiator(name=f"Bewoner {number}", email=f"b{number}@x.example")
        viewer = User(email="coco@gemeente.example", name="Coco", role=Role.COORDINATOR)
        db.session.add(viewer)
        db.session.commit()
        filters = Filters(*bottleneck_world.PERIOD)
        before = figures(build_dashboard(filters, viewer, bottleneck_world.TODAY))
        closed = db.session.scalar(
            select(db.func.count(Initiative.id)).where(Initiative.closed_at.is_not(None))
        )
        assert anonymise_due(at(1, 1, year=2028)) == {"anonymised": closed} and closed >= 4
        db.session.commit()
        after = figures(build_dashboard(filters, viewer, bottleneck_world.TODAY))
        assert after == before
        assert made is not None


def figures(dashboard) -> dict:
    """The dashboard as data, without the remarks' text (that is what anonymising removes)."""

    def strip(value):
        if isinstance(value, dict):
            return {k: ("…" if k == "remark" else strip(v)) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [strip(v) for v in value]
        return value

    return strip(dataclasses.asdict(dashboard))


def test_the_minimum_period_cannot_be_configured_away(world, app):
    with in_app(app, world):
        anna = world.staff["anna"]
        with pytest.raises(DomainError) as refused:
            set_periods(Periods(closed_months=2, outbox_days=90), actor=anna, now=CLOSED)
        assert "3 tot 120 maanden" in str(refused.value.message)
        with pytest.raises(DomainError):
            set_periods(Periods(closed_months=12, outbox_days=13), actor=anna, now=CLOSED)
        set_periods(Periods(closed_months=3, outbox_days=14), actor=anna, now=CLOSED)
        db.session.commit()
        assert current_periods() == Periods(3, 14)
        with pytest.raises(RuntimeError, match="RETENTION_CLOSED_MONTHS must be at least 3"):
            create_app({"RETENTION_CLOSED_MONTHS": 2, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_a_shorter_period_set_by_the_beheerder_is_used(world, app):
    with in_app(app, world):
        fatimas_history(world)
        set_periods(Periods(closed_months=3, outbox_days=90), actor=world.staff["anna"], now=CLOSED)
        db.session.commit()
        assert anonymise_due(at(6, 8, year=2026)) == {
            "anonymised": 0
        }  # 9 June: 3 months minus a day
        assert anonymise_due(at(6, 10, year=2026)) == {"anonymised": 1}


def test_purge_removes_old_mail_links_sessions_and_job_records(world, app):
    with in_app(app, world):
        fatimas_history(world)
        request_login_link(FATIMA, "", at(6, 1, year=2026))  # valid until 09.15 UTC
        db.session.add(JobRun(job_id="a_removed_job", started_at=CLOSED, finished_at=CLOSED))
        db.session.add(
            JobRun(job_id="dispatch_mail", started_at=CLOSED, finished_at=at(6, 1, year=2026))
        )
        db.session.commit()
        sent = db.session.scalar(select(db.func.count(OutboxMail.id)).filter_by(status="sent"))
        assert sent > 0
        result = purge_old(datetime(2026, 6, 1, 9, 5, tzinfo=UTC))  # 83 days after the last mail
        assert result["mails"] == 0 and result["login_links"] == 1  # the expired one
        assert result["address_changes"] == 1
        result = purge_old(at(6, 20, year=2026))
        assert result["mails"] >= sent and result["job_runs"] == 1 and result["login_links"] == 1
        assert set(db.session.scalars(select(JobRun.job_id))) == {"dispatch_mail"}
        assert purge_old(at(6, 20, year=2026)) == dict.fromkeys(result, 0)


def test_a_mail_emptied_while_in_flight_is_cancelled_when_its_retry_comes(world, app, smtp_server):
    with in_app(app, world):
        initiative = fatimas_history(world)
        row = db.session.scalar(select(OutboxMail).filter_by(status=MailStatus.PENDING))
        row_id = row.id
        anonymise([initiative.id], now=at(3, 13, year=2026), cause=Cause.RESIDENT)
        # A dispatcher that claimed it before and failed puts it back as pending.
        db.session.execute(
            OutboxMail.__table__.update()
            .where(OutboxMail.id == row_id)
            .values(status=MailStatus.PENDING, send_after=at(3, 13, year=2026))
        )
        db.session.commit()
        received = len(smtp_server.messages)
        dispatch_due(at(3, 14, year=2026))
        assert len(smtp_server.messages) == received
        assert db.session.get(OutboxMail, row_id).status == MailStatus.CANCELLED
        assert db.session.scalar(select(db.func.count(FlaggedAddress.address))) == 0


def test_staff_pages_of_an_anonymised_initiative_say_so(world, app, client):
    from tests.staff_helpers import sign_in

    with in_app(app, world):
        initiative = fatimas_history(world)
        number = initiative.number
        anonymise_due(at(3, 10, year=2027))
        db.session.commit()
    sign_in(app, client, "anna@gemeente.example")
    page = client.get(f"/medewerker/initiatief/{number}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "De gegevens van de inwoner zijn verwijderd op" in text and "Fatima" not in text
    assert "bewaartermijn" in text  # the history says why
    letter = client.get(f"/medewerker/initiatief/{number}/brief")
    assert letter.status_code == 410 and "geen adres meer" in letter.get_data(as_text=True)
    assert client.get("/medewerker/?status=alle").status_code == 200


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Bel 06-1234 5678 of +31 6 12345678", "Bel [verwijderd] of [verwijderd]"),
        ("Beste Fatima, groet van de Vries", "Beste [verwijderd], groet van de Vries"),
        ("FATIMA EL AMRANI belde", "[verwijderd] belde"),
        ("Fatimaweg 3 blijft", "Fatimaweg 3 blijft"),  # a street is not her name
        ("Het plan is klaar.", "Het plan is klaar."),
    ],
)
def test_the_scrubber_finds_her_however_she_is_written(text, expected):
    from initiatief.services.scrubber import Person, Scrubber

    person = Person(1, "Fatima el Amrani", FATIMA, "0612345678", "", "")
    assert Scrubber.for_person(person)(text) == expected


def test_an_initiative_without_an_initiator_does_not_hold_up_the_job(world, app):
    with in_app(app, world):
        fatimas_history(world)
        orphan = submit(at(3, 2, year=2026), name="Pieter Jansen", email=PIETER)
        db.session.commit()
        act_and_commit(world, actions.stop, orphan, CLOSED, outcome="ingetrokken", reason="Nee.")
        db.session.delete(orphan.initiator)
        db.session.commit()
        assert anonymise_due(at(4, 1, year=2027)) == {"anonymised": 1}
        assert db.session.get(Initiative, orphan.id).holds_personal_data is False
