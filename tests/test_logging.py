"""Logs an operator can use (issue 10): requests, job runs, failed mails; no personal data."""

import logging
import re
import sys
from datetime import UTC, datetime, timedelta

import pytest
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.logs import KeyValueFormatter
from initiatief.mail.dispatcher import dispatch_due
from initiatief.models import Initiative, OutboxMail
from initiatief.scheduler import JOBS, Job
from initiatief.scheduler.job_table import dispatch_mail
from initiatief.scheduler.runs import run_recorded
from tests.factories import make_world, newest_login_path, queue_test_mail
from tests.staff_helpers import sign_in

# Loggers that could repeat what a request or a mail carries.
ALL_LOGGERS = [None, "werkzeug", "sqlalchemy", "flask_limiter", "apscheduler", "initiatief"]

NAME = "Zwaantje Kwikstaart"
EMAIL = "Zwaantje.Kwik@Voorbeeld.example"
PHONE = "06 98765432"
CALLBACK_PHONE = "06 11122233"
TITLE = "Vlindertuin Kwikstaartpad"
SUMMARY = "Bloemen voor vlinders langs het pad."
DESCRIPTION = "Wij zaaien samen wilde bloemen bij de speeltuin van Klaproosstraat."
REPLY = "Ik kan dinsdagmiddag langskomen met de tekening van Merelhof."
MOMENT = "Liefst na half vier bij Reigerstraat"

INTAKE = {
    "title": TITLE,
    "summary": SUMMARY,
    "description": DESCRIPTION,
    "theme": "groen",
    "wijk": "onbekend",
    "location": "Klaproosstraat",
    "support": ["advies"],
    "amount": "",
    "wished_start": "2026-06-01",
    "name": NAME,
    "email": EMAIL,
    "phone": PHONE,
    "contact_preference": "email",
    "consent": "y",
    "action": "send",
}


def request_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "initiatief.requests"]


def capture_everything(caplog) -> None:
    for name in ALL_LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)


def every_text(record: logging.LogRecord) -> str:
    """All a record could put in a log: its message, its arguments and our formatted line."""
    return "\n".join([record.getMessage(), repr(record.args), KeyValueFormatter().format(record)])


# (1) The request line and the request id


def test_request_line_has_id_rule_status_and_duration(client, caplog):
    caplog.set_level(logging.INFO, logger="initiatief.requests")

    response = client.get("/", headers={"X-Request-ID": "proxy-42.a_b"})

    assert response.headers["X-Request-ID"] == "proxy-42.a_b"
    (record,) = request_lines(caplog)
    assert record.request_id == "proxy-42.a_b"
    assert re.fullmatch(
        r"request method=GET rule=/ endpoint=public\.home status=200 ms=\d+\.\d",
        record.getMessage(),
    )
    line = KeyValueFormatter().format(record)
    assert "\n" not in line
    assert re.match(
        r"time=\S+Z level=INFO logger=initiatief\.requests request_id=proxy-42\.a_b ", line
    )


def test_request_line_names_the_rule_never_the_path_or_query(client, caplog):
    caplog.set_level(logging.INFO, logger="initiatief.requests")

    client.get("/mijn/inloggen/link/geheimtoken123?email=jan@voorbeeld.example")
    client.get("/bestaat/niet/geheimpad?x=1")

    first, second = (record.getMessage() for record in request_lines(caplog))
    assert "rule=/mijn/inloggen/link/<token> endpoint=resident.login_link" in first
    assert "rule=- endpoint=- status=404" in second
    assert not any(secret in first + second for secret in ("geheim", "jan@", "?"))


@pytest.mark.parametrize("incoming", ["bad\nid", "x" * 500, "<script>", "", "a b"])
def test_an_insane_request_id_is_replaced_by_a_new_one(client, caplog, incoming):
    caplog.set_level(logging.INFO, logger="initiatief.requests")

    response = client.get("/", environ_overrides={"HTTP_X_REQUEST_ID": incoming})

    given = response.headers["X-Request-ID"]
    assert given != incoming and re.fullmatch(r"[0-9a-f]{32}", given)
    (record,) = request_lines(caplog)
    assert record.request_id == given


def test_without_a_request_id_each_request_gets_its_own(client, caplog):
    caplog.set_level(logging.INFO, logger="initiatief.requests")

    first = client.get("/").headers["X-Request-ID"]
    second = client.get("/").headers["X-Request-ID"]

    assert first != second
    assert [r.request_id for r in request_lines(caplog)] == [first, second]


def test_lines_logged_during_a_request_carry_its_id(app, client, caplog):
    from initiatief.logs import RequestIdFilter

    @app.get("/proef-log")
    def probe():
        logging.getLogger("initiatief.probe").warning("probe line")
        return "ok"

    caplog.set_level(logging.INFO)
    client.get("/proef-log", headers={"X-Request-ID": "abc123"})

    (record,) = [r for r in caplog.records if r.name == "initiatief.probe"]
    # The handler's filter adds the id (caplog's handler has no filters of ours).
    with app.test_request_context():
        from flask import g

        g.request_id = "abc123"
        RequestIdFilter().filter(record)
    assert "request_id=abc123 probe line" in KeyValueFormatter().format(record)


def test_a_traceback_is_logged_without_the_exception_text():
    text = "kapot bij " + EMAIL
    try:
        raise ValueError(text)
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "job failed", (), None)
        record.exc_info = sys.exc_info()

    line = KeyValueFormatter().format(record)
    assert "ValueError" in line and "Traceback" in line and "raise ValueError(text)" in line
    assert EMAIL not in line and "kapot" not in line


# (2) A whole resident journey leaves no personal data in any log


def test_a_whole_journey_logs_no_personal_data(app, client, smtp_server, caplog):
    with app.app_context():
        make_world()
        db.session.commit()
    capture_everything(caplog)

    # Intake, login link asked and redeemed, status page, call-back, reply.
    assert client.post("/initiatief-indienen", data=INTAKE).status_code in (200, 302, 303)
    with app.app_context():
        number = db.session.scalars(select(Initiative.number)).one()
    assert client.post("/mijn/inloggen", data={"email": EMAIL}).status_code == 303
    link = newest_login_path(app)
    token = link.rsplit("/", 1)[1]
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 303
    assert client.get("/mijn/").status_code == 200
    assert client.get(f"/mijn/initiatief/{number}").status_code == 200
    status = client.post(
        f"/mijn/initiatief/{number}/terugbellen", data={"phone": CALLBACK_PHONE, "moment": MOMENT}
    )
    assert status.status_code == 303
    assert (
        client.post(f"/mijn/initiatief/{number}/reactie", data={"body": REPLY}).status_code == 303
    )

    # Staff act and mail the resident.
    staff = app.test_client()
    sign_in(app, staff, "anna@gemeente.example")
    assert staff.get(f"/medewerker/initiatief/{number}").status_code == 200
    staff_act(app, staff, number, "advance", message="Tot snel!")
    staff_act(app, staff, number, "update", body="Nieuws van de gemeente.")

    # All mail goes out; then one mail is refused with a reply that quotes the address.
    with app.app_context():
        start = datetime.now(UTC) + timedelta(days=1)
        assert dispatch_due(start).sent > 0
    staff_act(app, staff, number, "update", body="Nog meer nieuws.")
    smtp_server.answer(f"550 5.1.1 <{EMAIL.lower()}>: Recipient address rejected")
    with app.app_context():
        assert dispatch_due(start + timedelta(days=1)).failed > 0
    smtp_server.answer("250 OK")

    # One scheduler pass, weeks later.
    with app.app_context():
        later = start + timedelta(days=40)
        for job in JOBS:
            job.func(later)
        db.session.remove()

    secrets = [
        NAME,
        "Zwaantje",
        "Kwikstaart",
        EMAIL,
        EMAIL.lower(),
        "zwaantje.kwik",
        PHONE,
        PHONE.replace(" ", ""),
        CALLBACK_PHONE,
        CALLBACK_PHONE.replace(" ", ""),
        token,
        TITLE,
        "Vlindertuin",
        SUMMARY,
        "Klaproosstraat",
        "Merelhof",
        "Reigerstraat",
        "dinsdagmiddag",
    ]
    # "mail.log" is aiosmtpd, the test's own SMTP server: not part of the app.
    records = [r for r in caplog.records if not r.name.startswith("mail.")]
    assert len(request_lines(caplog)) >= 10
    assert any(r.name == "initiatief.mail.dispatcher" for r in records)
    leaks = [
        (record.name, secret, record.getMessage()[:200])
        for record in records
        for secret in secrets
        if secret.lower() in every_text(record).lower()
    ]
    assert leaks == []


def staff_act(app, staff, number, action, **data):
    with app.app_context():
        version = db.session.execute(
            select(Initiative.version).where(Initiative.number == number)
        ).scalar_one()
    response = staff.post(
        f"/medewerker/initiatief/{number}/actie/{action}", data={"version": version, **data}
    )
    assert response.status_code == 303, response.status


# (3) Job runs and failed mails


def messages(caplog, logger: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == logger]


def test_a_job_run_logs_its_id_duration_and_counts(app, smtp_server, caplog):
    caplog.set_level(logging.INFO, logger="initiatief.scheduler")
    jobs = {job.id: job for job in JOBS}
    with app.app_context():
        queue_test_mail()
        db.session.commit()
        assert (
            run_recorded(Job("dispatch_mail", dispatch_mail, IntervalTrigger(seconds=15))) is None
        )
        assert run_recorded(jobs["resident_checkins"]) is None

    dispatch, checkins = messages(caplog, "initiatief.scheduler")
    assert re.fullmatch(r"job dispatch_mail done ms=\d+ sent=1 retried=0 failed=0", dispatch)
    assert re.fullmatch(r"job resident_checkins done ms=\d+ queued=0", checkins)


def test_a_failing_job_logs_its_id_and_error_type_but_not_its_text(app, caplog):
    def boom(now):
        raise RuntimeError(f"kapot voor {EMAIL}")

    caplog.set_level(logging.INFO, logger="initiatief.scheduler")
    with app.app_context():
        run_recorded(Job("boom", boom, IntervalTrigger(seconds=1)))

    # Only the scheduler's: the SMTP fixture's server thread may log a closed probe meanwhile.
    (record,) = [r for r in caplog.records if r.name == "initiatief.scheduler"]
    assert re.fullmatch(r"job boom failed error=RuntimeError ms=\d+", record.getMessage())
    assert EMAIL not in KeyValueFormatter().format(record)


def test_a_failed_mail_logs_its_row_id_and_code_not_the_address(app, smtp_server, caplog):
    caplog.set_level(logging.INFO, logger="initiatief.mail.dispatcher")
    with app.app_context():
        mail = queue_test_mail(to="piet@voorbeeld.example")
        db.session.commit()
        now = datetime.now(UTC)
        smtp_server.answer("451 4.2.0 <piet@voorbeeld.example> later")
        dispatch_due(now)
        smtp_server.answer("550 5.1.1 <piet@voorbeeld.example> unknown")
        dispatch_due(now + timedelta(days=1))
        later = queue_test_mail(key="test:2", to="piet@voorbeeld.example")
        db.session.commit()
        dispatch_due(now + timedelta(days=2))
        ids = mail.id, later.id

    assert messages(caplog, "initiatief.mail.dispatcher") == [
        f"mail {ids[0]} failed kind=test code=451 attempts=1 final=no",
        f"mail {ids[0]} failed kind=test code=550 attempts=2 final=yes",
        f"mail {ids[1]} failed kind=test code=flagged attempts=0 final=yes",
    ]


def test_an_unreachable_mail_server_is_logged_without_addresses(app, smtp_server, caplog):
    caplog.set_level(logging.INFO, logger="initiatief.mail.dispatcher")
    smtp_server.stop()  # nothing listens on its port any more
    with app.app_context():
        mail = queue_test_mail(to="piet@voorbeeld.example")
        db.session.commit()
        dispatch_due(datetime.now(UTC))
        row_id = mail.id
        assert db.session.get(OutboxMail, row_id).attempts == 1

    unavailable, failed = messages(caplog, "initiatief.mail.dispatcher")
    assert unavailable == "mail server unavailable code=ConnectionRefusedError waiting=1"
    assert (
        failed == f"mail {row_id} failed kind=test code=ConnectionRefusedError attempts=1 final=no"
    )
