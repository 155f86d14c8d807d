"""The unsubscribe link in mails: a page with a button, and RFC 8058 one-click POST."""

from flask import Blueprint, render_template, request

from ..extensions import csrf
from ..models import utcnow
from ..services.mail_preferences import set_mail_opt_out
from ..signed_links import initiator_for_token
from .transactions import perform

bp = Blueprint("preferences", __name__, url_prefix="/e-mail")


@bp.after_request
def not_cached(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/afmelden/<token>")
def unsubscribe_page(token: str):
    """Opening the link changes nothing (mail scanners open links); the button does."""
    initiator = initiator_for_token(token)
    if initiator is None:
        return render_template("preferences/invalid.html"), 404
    return render_template("preferences/unsubscribe.html", token=token, initiator=initiator)


@bp.post("/afmelden/<token>")
@csrf.exempt  # the signed token is the proof; mail clients post here without our form
def unsubscribe(token: str):
    """The button on the page, or a mail client's one-click unsubscribe (RFC 8058)."""
    initiator = initiator_for_token(token)
    if initiator is None:
        return render_template("preferences/invalid.html"), 404
    one_click = request.form.get("List-Unsubscribe") == "One-Click"
    perform(set_mail_opt_out, initiator, True, utcnow(), via="one-click" if one_click else "link")
    return render_template("preferences/unsubscribed.html", initiator=initiator)
