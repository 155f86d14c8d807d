"""Development mailbox: read the mails the sink received, at /dev/mailbox."""

import re

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import ngettext
from markupsafe import Markup, escape
from werkzeug.wrappers import Response

from ..mail.sink import clear_messages, list_messages, read_message

bp = Blueprint("mailbox", __name__, url_prefix="/dev/mailbox")

# The HTML part is someone else's markup: no scripts, no forms, no framing, no base.
HTML_PART_CSP = "; ".join(
    [
        "default-src 'none'",
        "img-src data: http: https:",
        "style-src 'unsafe-inline'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
        "sandbox allow-popups",
    ]
)
URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
TRAILING = ".,;:!?)]}"


def linkify(text: str) -> Markup:
    """Plain mail text as HTML with its http(s) URLs as links; everything is escaped."""
    pieces = []
    position = 0
    for match in URL.finditer(text):
        url = match.group(0).rstrip(TRAILING)
        pieces.append(escape(text[position : match.start()]))
        pieces.append(Markup('<a href="{0}">{0}</a>').format(url))
        position = match.start() + len(url)
    pieces.append(escape(text[position:]))
    return Markup("").join(pieces)


@bp.after_request
def no_store(response: Response) -> Response:
    """Mail holds personal data; no cache should keep a copy."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _directory() -> str:
    return current_app.config["MAILBOX_DIR"]


def _message_or_404(message_id: str):
    message = read_message(_directory(), message_id)
    if message is None:
        abort(404)
    return message


@bp.get("/")
def index():
    return render_template("mailbox/index.html", messages=list_messages(_directory()))


@bp.get("/<message_id>")
def message(message_id: str):
    mail = _message_or_404(message_id)
    return render_template("mailbox/message.html", mail=mail, body=linkify(mail.text))


@bp.get("/<message_id>/html")
def html_part(message_id: str):
    mail = _message_or_404(message_id)
    if mail.html is None:
        abort(404)
    response = Response(mail.html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = HTML_PART_CSP
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.post("/wissen")
def clear():
    count = clear_messages(_directory())
    flash(ngettext("%(num)d mail gewist.", "%(num)d mails gewist.", count), "ok")
    return redirect(url_for("mailbox.index"))
