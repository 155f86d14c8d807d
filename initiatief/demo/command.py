"""`flask seed-demo` (stub until the demo data lands)."""

import click


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Fill the database with demo data."""
