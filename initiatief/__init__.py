"""Initiatief: intake and follow-up of community initiatives for a municipality."""

import os
from typing import Any

from flask import Flask

from config import CONFIGS, INSTANCE_DIR, check_production


def create_app(config: str | dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, input, extensions, blueprints, errors, filters, commands.

    `config` is an environment name ("development", "testing", "production") or a
    dict of overrides on top of the testing config. Nothing is started here: the
    scheduler has its own process (`flask scheduler run`).
    """
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder="../templates",
        static_folder="../static",
    )
    configure(app, config)
    register_inputs(app)
    register_extensions(app)
    register_blueprints(app)
    register_security(app)
    register_errors(app)
    register_filters(app)
    register_commands(app)
    return app


def configure(app: Flask, config: str | dict[str, Any] | None) -> None:
    if isinstance(config, dict):
        app.config.from_object(CONFIGS["testing"])
        app.config.update(config)
    else:
        name = config or os.environ.get("APP_ENV", "development")
        app.config.from_object(CONFIGS[name])
        app.config["ENV_NAME"] = name
        if name == "production":
            check_production(app.config)
    app.config.setdefault("ENV_NAME", "testing")
    os.makedirs(app.instance_path, exist_ok=True)


def register_inputs(app: Flask) -> None:
    """Clean parameters and guard ids before any route exists (see inputs.py)."""
    from . import inputs

    inputs.init_app(app)


def register_extensions(app: Flask) -> None:
    from . import models  # noqa: F401  (registers the tables with the metadata)
    from .extensions import babel, csrf, db, limiter, login_manager, mail, migrate
    from .i18n import select_locale
    from .services.visit_outcomes import keep_outcomes_current

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(app.root_path, "..", "migrations"))
    mail.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    keep_outcomes_current()


def register_blueprints(app: Flask) -> None:
    from .views import admin, evaluation, health, mailbox, preferences, public, resident, staff

    app.register_blueprint(health.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(resident.bp)
    app.register_blueprint(preferences.bp)
    app.register_blueprint(evaluation.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(admin.bp)
    if app.config.get("MAILBOX_DIR") and app.config["ENV_NAME"] != "production":
        app.register_blueprint(mailbox.bp)


def register_security(app: Flask) -> None:
    from .security import add_security_headers

    app.after_request(add_security_headers)


def register_errors(app: Flask) -> None:
    from .views.errors import register

    register(app)


def register_filters(app: Flask) -> None:
    from .rendering import register

    register(app)


def register_commands(app: Flask) -> None:
    from .cli import register

    register(app)
