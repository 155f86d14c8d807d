"""`flask translate extract|update|compile`: the translation catalogs under translations/.

Dutch is the source language: the msgids are the Dutch texts, so Dutch needs no
catalog. Each other language has translations/<code>/LC_MESSAGES/messages.po;
`compile` turns those into the .mo files the app reads (built, never committed).
Without them the app still starts, in Dutch.
"""

import contextlib
from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface
from flask import current_app
from flask.cli import AppGroup

# The gettext functions whose first argument is a message (babel.cfg says which files).
KEYWORDS = ("_", "_l", "gettext", "lazy_gettext", "ngettext:1,2", "lazy_ngettext:1,2", "N_")

translate_cli = AppGroup("translate", help=__doc__)


def root() -> Path:
    """The repository root: babel.cfg and translations/ live there."""
    return Path(current_app.root_path).parent


def catalogs() -> Path:
    return Path(current_app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";")[0])


def pybabel(*args: str) -> None:
    """Run a pybabel command in-process (the same code as the pybabel script)."""
    CommandLineInterface().run(["pybabel", "-q", *args])


def template_file() -> Path:
    return catalogs() / "messages.pot"


def extract() -> Path:
    """Every marked message of the code and templates into translations/messages.pot."""
    target = template_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    keywords = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
    # From the repository root with "." as input, so the catalog's location comments
    # are relative paths (templates/..., initiatief/...), the same on every machine.
    with contextlib.chdir(root()):
        pybabel(
            "extract",
            "-F",
            "babel.cfg",
            *keywords,
            "--no-wrap",
            "--sort-by-file",
            "--project",
            "Initiatief",
            "-o",
            str(target),
            ".",
        )
    return target


@translate_cli.command("extract")
def extract_command() -> None:
    """Extract the messages into translations/messages.pot (not committed)."""
    click.echo(f"Written: {extract()}")


@translate_cli.command("update")
def update_command() -> None:
    """Extract, then merge the new messages into every language's messages.po."""
    template = extract()
    pybabel("update", "-i", str(template), "-d", str(catalogs()), "--no-wrap", "--ignore-obsolete")
    click.echo(f"Updated the catalogs in {catalogs()}")


@translate_cli.command("init")
@click.argument("language")
def init_command(language: str) -> None:
    """Start the catalog of a new language (then add its code to LANGUAGES)."""
    template = extract()
    pybabel("init", "-i", str(template), "-d", str(catalogs()), "-l", language, "--no-wrap")
    click.echo(f"Created {catalogs() / language / 'LC_MESSAGES' / 'messages.po'}")


@translate_cli.command("compile")
def compile_command() -> None:
    """Compile every messages.po into the messages.mo the app reads."""
    found = sorted(catalogs().glob("*/LC_MESSAGES/messages.po"))
    if not found:
        click.echo(f"No catalogs in {catalogs()}: every page stays Dutch.")
        return
    pybabel("compile", "-d", str(catalogs()), "--statistics")
    click.echo(f"Compiled {len(found)} catalog(s) in {catalogs()}")
