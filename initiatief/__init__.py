"""Initiatief: intake and follow-up of community initiatives for a municipality."""

import os
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import CONFIGS, INSTANCE_DIR, check_production, check_retention, environment_name


def create_app(config: str | dict[str, Any] | None = None) -> Flask:
    """Build the app in named steps, from configuration and logs to errors and commands.

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
    register_logging(app)
    trust_proxies(app)
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
        name = config or environment_name()
        app.config.from_object(CONFIGS[name])
        app.config["ENV_NAME"] = name
        if name == "production":
            check_production(app.config)
    app.config.setdefault("ENV_NAME", "testing")
    check_retention(app.config)
    os.makedirs(app.instance_path, exist_ok=True)


def register_logging(app: Flask) -> None:
    """Key=value lines on stderr at LOG_LEVEL, one per request with its id (see logs.py)."""
    from . import logs

    logs.register_logging(app)


def register_inputs(app: Flask) -> None:
    """Clean parameters and guard ids before any route exists (see inputs.py)."""
    from . import inputs

    inputs.init_app(app)


def trust_proxies(app: Flask) -> None:
    """Read the client's address and scheme from the headers of TRUSTED_PROXIES proxies.

    Behind a reverse proxy every connection comes from the proxy: without this the
    rate limits would be shared by all residents and the audit trail would name the
    proxy. Only as many hops as configured are believed, so a client cannot pose as
    another address by sending X-Forwarded-For itself.
    """
    hops = app.config.get("TRUSTED_PROXIES", 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)


def register_extensions(app: Flask) -> None:
    from . import (
        engine,
        i18n,
        models,  # noqa: F401  (registers the tables with the metadata)
    )
    from .extensions import babel, csrf, db, limiter, login_manager, mail, migrate
    from .i18n import select_locale

    engine.pool_options(app)
    db.init_app(app)
    engine.sqlite_pragmas(app)
    engine.liveness_checks(app)
    migrate.init_app(app, db, directory=os.path.join(app.root_path, "..", "migrations"))
    mail.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    i18n.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)


def register_blueprints(app: Flask) -> None:
    from .views import (
        admin,
        evaluation,
        health,
        mailbox,
        preferences,
        public,
        resident,
        resident_details,
        staff,
    )
    from .views.resident_data import bp as resident_rights  # download, delete (AVG)

    app.register_blueprint(health.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(resident.bp)
    app.register_blueprint(resident_rights)
    app.register_blueprint(resident_details.bp)
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
    """Template filters and globals: formatting (rendering.py), stored event HTML, the resident."""
    from . import rendering, resident_session
    from .services import event_html

    rendering.register(app)
    event_html.register(app)
    resident_session.register(app)


def register_commands(app: Flask) -> None:
    from .cli import register

    register(app)
