"""Logs an operator can use: one key=value line per event on stderr, with no personal data.

Gunicorn workers and the scheduler process both build the app with create_app,
so both log through the one handler set up here. Every request gets a request
id (the proxy's X-Request-ID when it is a sane token, else a new one); it is
echoed in the response and added to every line logged during the request.

What never goes into a log line: a resident's e-mail address, phone number,
name, tokens or free text (titles, descriptions, replies). That is why a request
is logged by its URL rule (/mijn/inloggen/link/<token>) and never by its path or
query string, and why exceptions are logged by type and stack, without their
message (an exception text can quote a form field or a SQL parameter).
"""

import logging
import re
import secrets
import sys
import time
import traceback
from types import MethodType

from flask import Flask, Response, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's id is taken over only when it is short and plain (e.g. a UUID or hex);
# anything else could forge log lines or carry data, so it is replaced.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
# The werkzeug development server's own access line ('"GET /path?query HTTP/1.1" 200 -').
WERKZEUG_ACCESS_FORMAT = '"%s" %s %s'

# The logger SQLAlchemy's engines write to (a filter on a logger sees only its own records).
SQLALCHEMY_ENGINE_LOGGER = "sqlalchemy.engine.Engine"

request_log = logging.getLogger("initiatief.requests")


class KeyValueFormatter(logging.Formatter):
    """time=... level=... logger=... request_id=... followed by the message, on one line.

    A traceback follows on indented lines and shows the exception's type, never
    its text.
    """

    def __init__(self) -> None:
        super().__init__(datefmt="%Y-%m-%dT%H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage().replace("\r", "\\r").replace("\n", "\\n")
        request_id = getattr(record, "request_id", None) or "-"
        line = (
            f"time={self.formatTime(record, self.datefmt)}.{int(record.msecs):03d}Z "
            f"level={record.levelname} logger={record.name} request_id={request_id} {message}"
        )
        if record.exc_info and record.exc_info[0] is not None:
            line += "\n" + self.formatException(record.exc_info)
        return line

    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        return "\n".join(f"    {each}" for each in exception_lines(ei[0], ei[2]))


KeyValueFormatter.converter = time.gmtime


def exception_lines(exc_type: type[BaseException], tb) -> list[str]:
    """The stack and the exception's type name, without the message it carries."""
    frames = "".join(traceback.format_tb(tb)).rstrip("\n").splitlines()
    return ["Traceback (most recent call last):", *frames, exc_type.__name__]


class RequestIdFilter(logging.Filter):
    """Adds the current request's id to a record that has none (outside requests: none)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = g.get("request_id") if has_request_context() else None
        return True


class WerkzeugAccessFilter(logging.Filter):
    """Drops the development server's access line: the request line below replaces it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != WERKZEUG_ACCESS_FORMAT


class NoResultRowsFilter(logging.Filter):
    """Drops SQLAlchemy's DEBUG lines: they repeat result rows, i.e. residents' data.

    Statements stay available at INFO, with their parameters hidden (see
    register_logging), for an operator who switches the sqlalchemy logger on.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.INFO


class StderrHandler(logging.StreamHandler):
    """Writes to the sys.stderr of the moment, so a swapped stream (tests, CLI) is followed."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def configure_root(level: str) -> None:
    """One stderr handler on the root logger, however many apps a process builds."""
    root = logging.getLogger()
    root.setLevel(level.upper())
    if any(isinstance(handler, StderrHandler) for handler in root.handlers):
        return
    handler = StderrHandler()
    handler.setFormatter(KeyValueFormatter())
    handler.addFilter(RequestIdFilter())
    root.addHandler(handler)
    # Alembic announces each of its plugins at INFO on import: noise at every start.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    werkzeug = logging.getLogger("werkzeug")
    if not any(isinstance(each, WerkzeugAccessFilter) for each in werkzeug.filters):
        werkzeug.addFilter(WerkzeugAccessFilter())


def quiet_result_rows() -> None:
    """Keep result rows out of the log, whatever level the sqlalchemy loggers get."""
    engine = logging.getLogger(SQLALCHEMY_ENGINE_LOGGER)
    if not any(isinstance(each, NoResultRowsFilter) for each in engine.filters):
        engine.addFilter(NoResultRowsFilter())


def incoming_request_id(value: str | None) -> str:
    """The proxy's request id when it is a sane token, else a new random one."""
    if value and SANE_REQUEST_ID.fullmatch(value):
        return value
    return secrets.token_hex(16)


def start_request() -> None:
    g.request_id = incoming_request_id(request.headers.get(REQUEST_ID_HEADER))
    g.request_started = time.perf_counter()


def log_request(response: Response) -> Response:
    """The one line per request: method, URL rule (never the path), status and duration."""
    request_id = g.get("request_id") or incoming_request_id(None)
    started = g.get("request_started")
    duration = (time.perf_counter() - started) * 1000 if started is not None else -1.0
    rule = request.url_rule.rule if request.url_rule is not None else "-"
    response.headers[REQUEST_ID_HEADER] = request_id
    request_log.info(
        "request method=%s rule=%s endpoint=%s status=%d ms=%.1f",
        request.method,
        rule,
        request.endpoint or "-",
        response.status_code,
        duration,
        extra={"request_id": request_id},
    )
    return response


def log_exception(app: Flask, exc_info) -> None:
    """Flask's unhandled-error log, by URL rule instead of the path (which may hold a token)."""
    rule = request.url_rule.rule if request.url_rule is not None else "-"
    app.logger.error("unhandled error method=%s rule=%s", request.method, rule, exc_info=exc_info)


def register_logging(app: Flask) -> None:
    """Set up the log handler at LOG_LEVEL and the per-request id and line.

    Call it first in create_app: the request id is taken before any other
    before_request function can answer early, and the line is written after
    every other after_request function has shaped the response.
    """
    # Also when testing: a test's own subprocesses (schedulers, dispatchers, gunicorn)
    # are read through their output; in-process tests read records through caplog.
    configure_root(app.config["LOG_LEVEL"])
    quiet_result_rows()
    # SQL parameters are residents' data: never in SQLAlchemy's log (at DEBUG) nor in
    # the text of its exceptions. A copy, so the shared Config dict stays as it is.
    options = app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {}
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**options, "hide_parameters": True}
    app.before_request_funcs.setdefault(None, []).insert(0, start_request)
    app.after_request_funcs.setdefault(None, []).insert(0, log_request)
    app.log_exception = MethodType(log_exception, app)
