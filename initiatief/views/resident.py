"""The resident's own pages: login by mailed link, my initiatives, the status page."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from ..extensions import limiter
from ..forms.resident import CallbackForm, EmptyForm, LoginLinkForm, ReplyForm
from ..models import utcnow
from ..resident_session import (
    SESSION_KEY,
    current_resident_email,
    remember_signed_in,
    session_secret,
)
from ..services.actions import resident_reply
from ..services.callbacks import request_callback
from ..services.data_requests import pending_request
from ..services.errors import DomainError
from ..services.mail_preferences import set_mail_opt_out
from ..services.next_path import own_page_path
from ..services.resident_access import (
    find_usable_token,
    initiative_for_resident,
    initiatives_of,
    redeem_token,
    request_login_link,
    revoke_session,
)
from ..services.status_page import public_updates, status_page_reads
from .caching import no_store
from .fresh_session import renew_session
from .refusals import Refusal, keep_input_on_refusal, shown_again_for
from .timelines import timeline_today
from .transactions import perform, reads_only, refusal_status

bp = Blueprint("resident", __name__, url_prefix="/mijn")
keep_input_on_refusal(bp)


@bp.after_request
def personal_pages_are_not_cached(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def is_post() -> bool:
    return request.method == "POST"


@bp.route("/inloggen", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LINK_RATE_LIMIT"], exempt_when=lambda: not is_post()
)
def login():
    form = LoginLinkForm()
    if request.method == "GET":
        form.next.data = own_page_path(request.args.get("volgende"))
        return render_template("resident/login.html", form=form)
    if not form.validate():
        return render_template("resident/login.html", form=form), 422
    perform(request_login_link, form.email.data, own_page_path(form.next.data), utcnow())
    return redirect(url_for("resident.login_sent"), code=303)


@shown_again_for("resident.login")
def login_refused(refusal: Refusal):
    """Too many links asked: the login form again, with the address typed."""
    form = LoginLinkForm()
    form.next.data = own_page_path(form.next.data)
    return render_template("resident/login.html", form=form, refusal=refusal)


@bp.get("/inloggen/verstuurd")
def login_sent():
    """The same answer whether or not we know the address."""
    return render_template("resident/login_sent.html")


@bp.route("/inloggen/link/<token>", methods=["GET", "HEAD"])
def login_link(token: str):
    """Opening the link only shows a button: mail scanners open links too."""
    if find_usable_token(token, utcnow()) is None:
        return render_template("resident/link_expired.html", form=LoginLinkForm()), 410
    return render_template("resident/login_confirm.html", form=EmptyForm())


@bp.post("/inloggen/link/<token>")
def login_with_link(token: str):
    form = EmptyForm()
    if not form.validate():
        abort(400)
    redeemed = perform(redeem_token, token, utcnow())
    if redeemed is None:  # nothing was written
        return render_template("resident/link_expired.html", form=LoginLinkForm()), 410
    secret, login_token = redeemed
    renew_session(**{SESSION_KEY: secret})
    session.permanent = True
    # Checked again: a token made before this check existed may hold anything.
    return redirect(own_page_path(login_token.next_path) or url_for("resident.overview"), code=303)


@bp.post("/uitloggen")
def logout():
    form = EmptyForm()
    if not form.validate():
        abort(400)
    everywhere = request.form.get("overal") == "1"
    perform(revoke_session, session.get(SESSION_KEY), utcnow(), everywhere=everywhere)
    session.clear()
    flash(_("U bent uitgelogd."), "info")
    return redirect(url_for("public.home"), code=303)


@bp.get("/")
def overview():
    email = current_resident_email()
    if email is None:
        return redirect(url_for("resident.login", volgende=request.path))
    return render_template(
        "resident/overview.html", email=email, initiatives=initiatives_of(email), form=EmptyForm()
    )


def login_for_status():
    """A visitor asking for a status page gets the login form, with the way back."""
    form = LoginLinkForm(next=request.path)
    return render_template("resident/login.html", form=form, for_status=True), 401


def own_initiative_or_login(number: str):
    """The resident's own initiative, a login page for a visitor, 404 for anyone else."""
    email = current_resident_email()
    if email is None:
        return None, login_for_status()
    initiative = initiative_for_resident(number, email)
    if initiative is None:
        abort(404)
    return initiative, None


@bp.get("/initiatief/<number>")
@no_store
@reads_only
def status(number: str):
    """Two statements: the initiative with the session and the config stamp, its messages."""
    reads = status_page_reads(number, session_secret(), utcnow())
    if reads is None:
        if current_resident_email() is None:
            return login_for_status()
        abort(404)
    remember_signed_in(reads.signed_in)
    initiative = reads.initiative
    return render_status(
        initiative,
        CallbackForm(phone=initiative.initiator.phone),
        data_request=reads.data_request,
        config=reads.config,
    )


NOT_READ = object()  # render_status looks the pending data request up itself


def render_status(
    initiative, callback_form, code=200, reply_form=None, data_request=NOT_READ, config=None
):
    timeline = timeline_today(initiative, config)
    if data_request is NOT_READ:
        data_request = pending_request(initiative)
    return (
        render_template(
            "resident/status.html",
            initiative=initiative,
            timeline=timeline,
            updates=public_updates(initiative),
            data_request=data_request,
            callback_form=callback_form,
            reply_form=reply_form or ReplyForm(),
            preference_form=EmptyForm(),
        ),
        code,
    )


@bp.post("/initiatief/<number>/terugbellen")
@limiter.limit(lambda: current_app.config["CALLBACK_RATE_LIMIT"])
def callback(number: str):
    initiative, response = own_initiative_or_login(number)
    if response:
        return response
    form = CallbackForm()
    if not form.validate():
        return render_status(initiative, form, 422)
    perform(request_callback, initiative, form.phone.data, form.moment.data or "", utcnow())
    flash(_("Wij hebben uw vraag doorgegeven. Uw contactpersoon belt u binnen 2 werkdagen."), "ok")
    return redirect(url_for("resident.status", number=number) + "#contact", code=303)


@bp.post("/initiatief/<number>/reactie")
@limiter.limit(lambda: current_app.config["CALLBACK_RATE_LIMIT"])
def reply(number: str):
    """The resident answers their contact person from the status page."""
    initiative, response = own_initiative_or_login(number)
    if response:
        return response
    form = ReplyForm()
    if not form.validate():
        return render_status(initiative, CallbackForm(), 422, reply_form=form)
    try:
        perform(resident_reply, initiative, body=form.body.data, now=utcnow())
    except DomainError as refusal:  # the form has one field: every refusal is shown beside it
        form.body.errors = [refusal.message]
        return render_status(initiative, CallbackForm(), refusal_status(refusal), reply_form=form)
    flash(_("Uw bericht is verstuurd naar uw contactpersoon."), "ok")
    return redirect(url_for("resident.status", number=number) + "#berichten", code=303)


@shown_again_for("resident.callback")
def callback_refused(refusal: Refusal):
    """Too many call-back requests: the status page, the request still filled in."""
    initiative, response = own_initiative_or_login(request.view_args["number"])
    if response:
        return response
    form = CallbackForm()
    form.phone.errors = [refusal.text]
    return render_status(initiative, form, 429)


@shown_again_for("resident.reply")
def reply_refused(refusal: Refusal):
    """Too many messages: the status page, the message still in the box."""
    initiative, response = own_initiative_or_login(request.view_args["number"])
    if response:
        return response
    form = ReplyForm()
    form.body.errors = [refusal.text]
    return render_status(initiative, CallbackForm(), 429, reply_form=form)


@bp.post("/initiatief/<number>/e-mail")
def mail_preference(number: str):
    """Switch non-essential mail off or on again from the status page."""
    initiative, response = own_initiative_or_login(number)
    if response:
        return response
    if not EmptyForm().validate() or request.form.get("ontvangen") not in ("alle", "nodig"):
        abort(400)
    opt_out = request.form["ontvangen"] == "nodig"
    perform(set_mail_opt_out, initiative.initiator, opt_out, utcnow(), via="status page")
    if opt_out:
        flash(_("U krijgt over dit initiatief alleen nog e-mail die nodig is."), "ok")
    else:
        flash(_("U krijgt weer alle e-mail over dit initiatief."), "ok")
    return redirect(url_for("resident.status", number=number) + "#e-mail", code=303)
