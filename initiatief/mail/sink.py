"""Development mail sink (stub)."""

import click


@click.group("mailbox")
def mailbox_cli() -> None:
    """Development mail sink."""
