"""Flask commands: demo data, the scheduler, the development mail sink, translations.

Each command lives next to what it drives; this module only registers them. The
demo generator is a package of its own (demo/, outside the app): its commands are
loaded when one of them runs, so a web worker never imports it.
"""

import importlib

import click
from flask import Flask

from .accounts import create_user_command
from .mail.sink import mailbox_cli
from .scheduler import scheduler_cli
from .services.event_html import render_event_html_command
from .services.visit_outcomes import count_outcomes_command
from .translate import translate_cli

# Commands of the demo package, by name: "module:attribute".
DEMO_COMMANDS = {
    "seed-demo": ("demo.command:seed_demo_command", "Fill the database with demo data."),
    "demo-logins": ("demo.command:demo_logins_command", "Print the demo logins."),
}


def register(app: Flask) -> None:
    app.cli.add_command(scheduler_cli)
    app.cli.add_command(mailbox_cli)
    app.cli.add_command(create_user_command)
    app.cli.add_command(count_outcomes_command)
    app.cli.add_command(render_event_html_command)
    app.cli.add_command(translate_cli)
    for name, (target, summary) in DEMO_COMMANDS.items():
        app.cli.add_command(load_on_run(name, target, summary))


def load_on_run(name: str, target: str, summary: str) -> click.Command:
    """A command that imports its real implementation (target) only when it is run.

    Options and --help are the real command's: every argument is passed on to it.
    """

    @click.command(
        name,
        help=f"{summary} (Options: flask {name} --help.)",
        add_help_option=False,
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    )
    @click.pass_context
    def run(ctx: click.Context) -> None:
        module, attribute = target.split(":")
        command = getattr(importlib.import_module(module), attribute)
        command.main(ctx.args, prog_name=ctx.command_path, standalone_mode=False, obj=ctx.obj)

    return run
