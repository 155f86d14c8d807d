"""Small hand-made worlds for tests: a journey, teams, wijken, staff, intakes, moments."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from initiatief.extensions import db
from initiatief.jobs.dashboard import keep_calendar_ahead
from initiatief.models import Actor, Journey, NormUnit, Phase, Role, Team, User, Wijk, utcnow
from initiatief.services.intake import IntakeData, submit_initiative

DEFAULT_PHASES = [
    ("Ontvangen", 2, Actor.MUNICIPALITY, ""),
    ("Kennismaking", 10, Actor.TOGETHER, "Maak een afspraak met uw contactpersoon."),
    ("Uitwerken", 30, Actor.INITIATOR, "Werk uw plan en begroting uit."),
    ("Besluit", 40, Actor.MUNICIPALITY, ""),
    ("Uitvoering", None, Actor.INITIATOR, "Voer uw plan uit."),
    ("Evaluatie", 10, Actor.TOGETHER, "Vertel ons hoe het ging."),
]


@dataclass
class World:
    journey: Journey
    teams: dict[str, Team] = field(default_factory=dict)
    wijken: dict[str, Wijk] = field(default_factory=dict)
    staff: dict[str, User] = field(default_factory=dict)

    def rows(self) -> list:
        """The rows the world holds: adding them to a session adds the whole world."""
        return [self.journey, *self.teams.values(), *self.wijken.values(), *self.staff.values()]


def make_world() -> World:
    """Two teams (Noord takes unknown wijken), two wijken, three staff; flushes."""
    journey = Journey(slug="standaard", name="Standaard", is_default=True)
    for position, (name, norm, actor, task) in enumerate(DEFAULT_PHASES, start=1):
        journey.phases.append(
            Phase(
                position=position,
                name=name,
                norm_days=norm,
                norm_unit=NormUnit.WORKING_DAYS,
                actor=actor,
                resident_task=task,
                expectation=f"Uitleg over {name.lower()}.",
            )
        )
    noord = Team(name="Wijkteam Noord", takes_unrouted=True)
    zuid = Team(name="Wijkteam Zuid")
    world = World(journey=journey, teams={"noord": noord, "zuid": zuid})
    world.wijken = {
        "centrum": Wijk(name="Centrum", team=noord),
        "haven": Wijk(name="Haven", team=zuid),
    }
    world.staff = {
        "anna": User(
            email="anna@gemeente.example",
            name="Anna de Vries",
            role=Role.MEDEWERKER,
            job_title="Initiatievenmakelaar",
            phone="14 0000",
            reachable="ma-do",
        ),
        "bram": User(email="bram@gemeente.example", name="Bram Jansen", role=Role.MEDEWERKER),
        "cor": User(email="cor@gemeente.example", name="Cor Bakker", role=Role.MEDEWERKER),
    }
    noord.members = [world.staff["anna"], world.staff["bram"]]
    zuid.members = [world.staff["cor"]]
    db.session.add_all(world.rows())
    db.session.flush()
    return world


MONDAY = datetime(2026, 3, 2, 9, tzinfo=UTC)


def at(month: int, day: int, hour: int = 9, minute: int = 0, *, year: int = 2026) -> datetime:
    """A fixed UTC moment (2026 unless told); 09.00 UTC is 10.00 in Amsterdam in winter."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def act(world: World, operation, initiative, now: datetime, **kwargs):
    """A staff operation as Anna, with the version the form would carry (unless told)."""
    kwargs.setdefault("expected_version", initiative.version)
    return operation(initiative, actor=world.staff["anna"], now=now, **kwargs)


def act_and_commit(world: World, operation, initiative, now: datetime, **kwargs):
    """act(), then commit, as the view does at the end of a request."""
    result = act(world, operation, initiative, now, **kwargs)
    db.session.commit()
    return result


def intake_data(**overrides) -> IntakeData:
    values = dict(
        title="Moestuin aan de Lindelaan",
        summary="Een moestuin voor de buurt.",
        description="We willen **samen** groenten kweken.",
        theme="groen",
        wijk_id=None,
        location="Lindelaan",
        support=["advies"],
        amount_euros=None,
        wished_start=date(2026, 6, 1),
        name="Fatima el Amrani",
        email="fatima@voorbeeld.example",
        phone="06 12345678",
        contact_preference="email",
    )
    values.update(overrides)
    return IntakeData(**values)


def submit(now: datetime, language: str = "nl", **overrides):
    return submit_initiative(intake_data(**overrides), now, language=language)


def calendar_job_ran() -> None:
    """As after a night: the nightly job made the dashboard's calendar reach the end of next year.

    Worlds with only open visits need it before a dashboard page; ending a visit
    extends the calendar by itself. Commits.
    """
    keep_calendar_ahead(utcnow())


def login_resident(app, client, email: str) -> None:
    """Log a browser in the way a resident does: ask a link, open it, press the button."""
    client.post("/mijn/inloggen", data={"email": email})
    assert client.post(newest_login_path(app)).status_code == 303


def newest_login_path(app) -> str:
    """The path of the newest login link in the outbox, as the mail carries it."""
    from sqlalchemy import select

    from initiatief.models import OutboxMail

    with app.app_context():
        mail = db.session.execute(
            select(OutboxMail).where(OutboxMail.kind == "inloglink").order_by(OutboxMail.id.desc())
        ).scalar()
        return "/mijn/inloggen/link/" + mail.text_body.split("/mijn/inloggen/link/")[1].split()[0]


def queue_test_mail(key: str = "test:1", **overrides):
    """Queue a plain test mail through the real outbox (not committed)."""
    from initiatief.mail.outbox import queue_mail

    fields = {
        "key": key,
        "kind": "test",
        "to": "bewoner@example.org",
        "subject": "Onderwerp",
        "text": "Tekst",
        "html": "<p>Tekst</p>",
    }
    fields.update(overrides)
    return queue_mail(**fields)
