"""The seeded world the fuzz test walks: every kind of row a route can name, and a client per role.

Each staff action gets an initiative of its own, so one action's fuzzing (an
advance moves the phase, a stop closes it) does not leave the others with
nothing to act on. User ids in paths name Bram (with an authenticator app) and
Dirk (disabled), whom nobody is signed in as, so disabling them or resetting
their password cannot end the fuzzing sessions. Two clients stop halfway
through the staff sign-in, at the code and at linking the app.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import DataRequest, ImprovementAction, Journey, NormUnit, Phase, Role, User
from initiatief.services import actions
from initiatief.services.callbacks import request_callback
from initiatief.services.config.closed_days import add_closed_day
from initiatief.services.config.mail_texts import save_mail_text
from initiatief.services.evaluation import record_verdict
from initiatief.signed_links import evaluation_token, opt_out_token
from tests.factories import (
    calendar_job_ran,
    login_resident,
    make_world,
    newest_login_path,
    submit,
)
from tests.staff_helpers import PASSWORD, give_login, sign_in

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
RESIDENT = "fatima@voorbeeld.example"
STAFF = {
    "medewerker": "anna@gemeente.example",
    "coördinator": "coco@gemeente.example",
    "beheerder": "bea@gemeente.example",
}
HALFWAY = {"aanmelden-code": "cor@gemeente.example", "aanmelden-app": "eva@gemeente.example"}
ACTIONS = ("triage", "advance", "pause", "resume", "extend", "update", "stop", "note")


@dataclass
class FuzzWorld:
    """Real values for path arguments, and the clients that send the requests."""

    values: dict[str, list[str]]  # argument name -> real values (the first is the usual one)
    by_endpoint: dict[str, dict[str, list[str]]]  # where one argument name means something else
    action_numbers: dict[str, str]  # staff action -> the initiative it is fuzzed on
    clients: dict  # role -> test client; "bezoeker" (None) gets a fresh one per request


def _seed(app) -> dict:
    with app.app_context():
        world = make_world()
        anna = world.staff["anna"]
        db.session.add_all(
            [
                User(email=STAFF["coördinator"], name="Coco Coördinator", role=Role.COORDINATOR),
                User(email=STAFF["beheerder"], name="Bea Beheer", role=Role.BEHEERDER),
                User(email=HALFWAY["aanmelden-app"], name="Eva Eerst", role=Role.MEDEWERKER),
                User(email="dirk@gemeente.example", name="Dirk Weg", role=Role.MEDEWERKER),
            ]
        )
        db.session.flush()
        dirk = db.session.execute(select(User).where(User.name == "Dirk Weg")).scalar_one()
        dirk.active = False
        spare = Journey(slug="fuzzreis", name="Fuzzreis", description="Om te bewerken.")
        for position, name in enumerate(("Begin", "Einde"), start=1):
            spare.phases.append(
                Phase(
                    position=position,
                    name=name,
                    norm_days=5,
                    norm_unit=NormUnit.WORKING_DAYS,
                    expectation=name,
                )
            )
        db.session.add(spare)
        centrum = world.wijken["centrum"].id
        main = submit(T0, wijk_id=centrum, title="Moestuin")
        per_action = {action: submit(T0, wijk_id=centrum, title=action) for action in ACTIONS}
        unhappy = submit(T0, wijk_id=centrum, title="Ontevreden")
        asked = submit(T0, wijk_id=centrum, title="Evaluatie")
        # A resident's deletion request, so the staff page shows the coördinator's answers.
        erase = submit(T0, wijk_id=centrum, title="Verwijderverzoek")
        db.session.add(DataRequest(initiative=erase, requested_at=T0, due_on=date(2026, 4, 2)))
        db.session.flush()
        paused = per_action["resume"]
        actions.pause(
            paused,
            waiting_on="initiatiefnemer",
            reason="Wacht op de begroting.",
            actor=anna,
            now=T0,
            expected_version=paused.version,
        )
        callback = request_callback(main, "06 12345678", "ochtend", T0)
        verdict = record_verdict(unhappy, "ontevreden", T0, remark="Niemand belde.")
        # A verbeteractie from that remark, so its page and its edit form are walked too.
        improvement = ImprovementAction(
            title="Sneller terugbellen",
            phase_id=world.journey.phases[1].id,
            feedback_id=verdict.id,
            status="loopt",
            starts_on=date(2026, 3, 2),
        )
        db.session.add(improvement)
        add_closed_day(date(2026, 12, 24), "Kerstavond")
        save_mail_text("ontvangstbevestiging", "Ontvangen ({nummer})", "Beste {naam},", anna)
        db.session.commit()
        calendar_job_ran()
        return {
            "values": {
                "number": [main.number],
                "callback_id": [str(callback.id)],
                "action_id": [str(improvement.id)],
                "user_id": [str(world.staff["bram"].id), str(dirk.id)],
                "team_id": [str(world.teams["zuid"].id)],
                "wijk_id": [str(world.wijken["haven"].id)],
                "journey_id": [str(spare.id)],
                "phase_id": [str(spare.phases[0].id)],
                "day": ["2026-12-24"],
                "kind": ["ontvangstbevestiging"],
                "action": ["note"],
                "table": ["per-fase"],
                "filename": ["vendor/utrecht.css"],
            },
            "staff_numbers": [main.number, unhappy.number, erase.number]
            + [i.number for i in per_action.values()],
            "action_numbers": {action: i.number for action, i in per_action.items()},
            "evaluation": evaluation_token(asked),
            "unsubscribe": opt_out_token(main.initiator),
        }


def _login_token(app) -> str:
    """A fresh, unused login link for the resident, as the mail carries it."""
    app.test_client().post("/mijn/inloggen", data={"email": RESIDENT})
    return newest_login_path(app).rsplit("/", 1)[1]


def _email_change_token(client) -> str:
    """A fresh link to confirm a new address for the resident, as the mail carries it."""
    from initiatief.models import OutboxMail

    client.post("/mijn/gegevens/e-mail", data={"email": "fatima.nieuw@voorbeeld.example"})
    with client.application.app_context():
        mail = db.session.execute(
            select(OutboxMail)
            .where(OutboxMail.kind == "email_bevestigen")
            .order_by(OutboxMail.id.desc())
        ).scalar()
        return mail.text_body.split("/mijn/gegevens/e-mail/")[1].split(")")[0].split()[0]


def build(app) -> FuzzWorld:
    """Seed, sign every role in, and hand back what the fuzzer needs."""
    seeded = _seed(app)
    clients = {"bezoeker": None}
    clients["inwoner"] = app.test_client()
    login_resident(app, clients["inwoner"], RESIDENT)
    for role, email in STAFF.items():
        clients[role] = app.test_client()
        sign_in(app, clients[role], email)
    give_login(app, "bram@gemeente.example")  # so the beheerder can unlink his app
    for role, email in HALFWAY.items():
        give_login(app, email, totp=role == "aanmelden-code")
        clients[role] = app.test_client()
        response = clients[role].post(
            "/medewerker/inloggen", data={"email": email, "password": PASSWORD}
        )
        assert response.status_code == 303, response.status
    token = _login_token(app)
    change = _email_change_token(clients["inwoner"])
    return FuzzWorld(
        values=seeded["values"],
        by_endpoint={
            "staff.initiative": {"number": seeded["staff_numbers"]},
            "evaluation.answer": {"token": [seeded["evaluation"]]},
            "preferences.unsubscribe_page": {"token": [seeded["unsubscribe"]]},
            "preferences.unsubscribe": {"token": [seeded["unsubscribe"]]},
            "resident.login_link": {"token": [token]},
            "resident.login_with_link": {"token": [token]},
            "resident_details.confirm_email": {"token": [change]},
            "resident_details.confirm_email_post": {"token": [change]},
        },
        action_numbers=seeded["action_numbers"],
        clients=clients,
    )
