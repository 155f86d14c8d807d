"""`flask create-user`: the first beheerder, or any staff account, from the command line."""

import click
from flask.cli import with_appcontext

from .extensions import db
from .models import Role, User
from .services.staff_auth import find_staff, hash_password

MIN_PASSWORD_LENGTH = 12


@click.command("create-user")
@click.option("--email", required=True, help="Login address of the staff member.")
@click.option("--name", required=True, help="Full name as residents will read it.")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.BEHEERDER.value,
    show_default=True,
)
@click.password_option(help="At least 12 characters; asked for when not given.")
@with_appcontext
def create_user_command(email: str, name: str, role: str, password: str) -> None:
    """Create a staff account. The second factor is linked at the first sign-in."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.ClickException(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    if find_staff(email) is not None:
        raise click.ClickException(f"an account for {email} exists already")
    db.session.add(
        User(
            email=email.strip().lower(),
            name=name.strip(),
            role=role,
            password_hash=hash_password(password),
        )
    )
    db.session.commit()
    click.echo(f"Created {role} {email}. At the first sign-in they link an authenticator app.")
