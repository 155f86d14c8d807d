"""`flask seed-demo`: fill an empty database with a demo municipality and its initiatives."""

import random
from collections import Counter
from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from initiatief.extensions import db
from initiatief.models import CallbackRequest, Event, Initiative, Initiator, Role, utcnow

from .bulk import seed_bulk
from .data import DEMO_PASSWORD
from .organisation import STAFF
from .reference import load_world, seed_reference_data, staff_email
from .seed import seed_demo_initiatives

DEFAULT_SEED = 2026
# Above this many initiatives the bulk generator (demo/bulk) writes them: the ORM
# path with the real services takes about 10 ms per initiative.
BULK_THRESHOLD = 2_000
ROLE_LABELS = {
    Role.MEDEWERKER: "medewerker",
    Role.COORDINATOR: "coördinator",
    Role.BEHEERDER: "beheerder",
}


def _moment(ctx, param, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter("use an ISO date and time, e.g. 2026-03-02T10:00") from error
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@click.command("seed-demo")
@click.option(
    "--initiatives",
    "count",
    default=36,
    show_default=True,
    type=click.IntRange(min=0),
    help="How many demo initiatives to add.",
)
@click.option(
    "--seed",
    default=DEFAULT_SEED,
    show_default=True,
    type=int,
    help="Seed of the random generator; the same seed and now give the same data.",
)
@click.option(
    "--now",
    "now",
    callback=_moment,
    metavar="DATETIME",
    help="Pretend it is this moment (ISO, UTC unless an offset is given).",
)
@click.option(
    "--bulk-threshold",
    default=BULK_THRESHOLD,
    show_default=True,
    type=click.IntRange(min=0),
    help="Above this many initiatives, write them in bulk instead of through the services.",
)
@with_appcontext
def seed_demo_command(count: int, seed: int, now: datetime | None, bulk_threshold: int) -> None:
    """Fill the database with a demo municipality and its initiatives.

    Adds the journeys, wijken, teams and staff (with drawn portraits in
    UPLOAD_DIR/photos) and a history of initiatives in every phase. Does
    nothing when there are initiatives already, so running it twice is safe.
    Queues no mail. Refused in production: the demo logins share one password.
    Above --bulk-threshold the initiatives are written in bulk, in chunks of one
    transaction each, with progress; a million takes minutes, not days.
    """
    if current_app.config.get("ENV_NAME") == "production":
        raise click.ClickException("seed-demo is not for production: demo logins share a password")
    now = now or utcnow()
    existing = db.session.execute(select(func.count()).select_from(Initiative)).scalar_one()
    if existing:
        click.echo(f"De demodata staat er al: er zijn {existing} initiatieven. Niets toegevoegd.")
        return
    seed_reference_data(now)
    if count > bulk_threshold:
        db.session.commit()
        click.echo(f"{count} initiatieven in bulk toevoegen...")
        totals = seed_bulk(now, count, seed, echo=click.echo)
        _report_bulk(totals)
    else:
        initiatives = seed_demo_initiatives(now, count, random.Random(seed))
        db.session.commit()
        _report(initiatives)
    click.echo("De demo-logins ziet u met `flask demo-logins`.")


def _report(initiatives: list[Initiative]) -> None:
    world = load_world()
    statuses = Counter(i.status for i in initiatives)
    events = db.session.execute(select(func.count()).select_from(Event)).scalar_one()
    callbacks = db.session.execute(select(func.count()).select_from(CallbackRequest)).scalar_one()
    phases = sum(len(j.phases) for j in world.journeys.values())
    photos = sum(1 for u in world.staff.values() if u.photo)
    click.echo("Demodata toegevoegd:")
    click.echo(f"  {len(world.journeys)} klantreizen met {phases} fasen")
    click.echo(f"  {len(world.wijken)} wijken, {len(world.teams)} wijkteams")
    click.echo(f"  {len(world.staff)} medewerkers, {photos} met een portret")
    click.echo(
        f"  {len(initiatives)} initiatieven: {statuses['active']} actief, "
        f"{statuses['paused']} gepauzeerd, {statuses['finished']} afgerond, "
        f"{statuses['stopped']} gestopt"
    )
    click.echo(f"  {events} gebeurtenissen, {callbacks} terugbelverzoeken")


def _report_bulk(totals: dict[str, int]) -> None:
    statuses = dict(
        db.session.execute(
            select(Initiative.status, func.count()).group_by(Initiative.status)
        ).all()
    )
    click.echo("Demodata toegevoegd:")
    click.echo(
        f"  {totals['initiatives']} initiatieven: {statuses.get('active', 0)} actief, "
        f"{statuses.get('paused', 0)} gepauzeerd, {statuses.get('finished', 0)} afgerond, "
        f"{statuses.get('stopped', 0)} gestopt"
    )
    click.echo(
        f"  {totals['phase_visits']} faseverblijven, {totals['pauses']} pauzes, "
        f"{totals['events']} gebeurtenissen, {totals['callback_requests']} terugbelverzoeken, "
        f"{totals['feedback']} evaluaties, {totals['outbox_mails']} mislukte mails"
    )


def print_logins() -> None:
    """Demo residents (login link arrives in the dev mailbox) and demo staff accounts."""
    residents = db.session.execute(
        select(Initiator.email, func.count())
        .group_by(Initiator.email)
        .order_by(func.count().desc(), Initiator.email)
        .limit(3)
    ).all()
    if not residents:
        click.echo("Geen demodata gevonden: draai eerst `flask seed-demo`.")
        return
    click.echo("Inwoners (Mijn initiatieven; de inloglink staat daarna in /dev/mailbox/):")
    for email, count in residents:
        click.echo(f"  {email}  ({count} {'initiatieven' if count > 1 else 'initiatief'})")
    click.echo(f"Medewerkers (wachtwoord voor iedereen: {DEMO_PASSWORD}):")
    for spec in STAFF:
        team = f", {spec['team']}" if spec["team"] else ""
        click.echo(f"  {ROLE_LABELS[spec['role']]:<12} {staff_email(spec['key'])}{team}")


@click.command("demo-logins")
@with_appcontext
def demo_logins_command() -> None:
    """Print the demo logins: resident addresses and staff accounts."""
    print_logins()
