"""The scheduler process (stub)."""

import click


@click.group("scheduler")
def scheduler_cli() -> None:
    """The scheduler process."""
