"""Flask commands: demo data, the scheduler, the development mail sink, translations.

Each command lives next to what it drives; this module only registers them.
"""

from flask import Flask


def register(app: Flask) -> None:
    from .accounts import create_user_command
    from .demo.command import demo_logins_command, seed_demo_command
    from .mail.sink import mailbox_cli
    from .scheduler import scheduler_cli
    from .services.visit_outcomes import count_outcomes_command
    from .translate import translate_cli

    app.cli.add_command(seed_demo_command)
    app.cli.add_command(demo_logins_command)
    app.cli.add_command(scheduler_cli)
    app.cli.add_command(mailbox_cli)
    app.cli.add_command(create_user_command)
    app.cli.add_command(count_outcomes_command)
    app.cli.add_command(translate_cli)
