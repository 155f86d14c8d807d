"""Pages for everyone: home, the intake form, its confirmation, privacy, staff photos."""

from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask_babel import get_locale, gettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..choices import N_
from ..extensions import db, limiter
from ..forms.intake import IntakeForm
from ..models import Initiative, PhaseVisit, User, utcnow
from ..resident_session import current_resident_email
from ..services.config.retention import current_periods
from ..services.intake import submit_initiative
from ..services.resident_access import latest_details
from .caching import no_store
from .refusals import Refusal, keep_input_on_refusal, shown_again_for
from .timelines import timeline_today
from .transactions import perform, read_outside_a_transaction, reads_only

bp = Blueprint("public", __name__)
keep_input_on_refusal(bp)


@bp.get("/")
def home():
    return render_template("public/home.html")


# The default of config PRIVACY_CONTACT_NAME, marked so the catalog translates it; a
# name the municipality configured itself is not in the catalog and shows as it is.
PRIVACY_CONTACT_DEFAULT = N_("de functionaris gegevensbescherming van de gemeente")


@bp.get("/privacy")
def privacy():
    """What is kept, why and how long: the periods in force, filled in."""
    contact = gettext(current_app.config["PRIVACY_CONTACT_NAME"])
    return render_template("public/privacy.html", periods=current_periods(), contact=contact)


def is_intake_send() -> bool:
    return request.method == "POST" and request.form.get("action") == "send"


def prefill(form: IntakeForm) -> None:
    """A logged-in resident is not asked again for what we already know."""
    email = current_resident_email()
    known = latest_details(email) if email else None
    if known is None:
        return
    form.name.data = known.name
    form.email.data = known.email
    form.phone.data = known.phone
    form.contact_preference.data = known.contact_preference
    form.postal_address.data = known.postal_address
    form.organisation.data = known.organisation


@bp.route("/initiatief-indienen", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["INTAKE_RATE_LIMIT"], exempt_when=lambda: not is_intake_send()
)
@no_store  # prefilled for a logged-in resident, and every answer on the check step
def intake():
    if not is_intake_send():  # the form and the check step only read
        read_outside_a_transaction()
    form = IntakeForm()
    config = form.load_choices()
    wijk_names = dict(form.wijk.choices)
    if request.method == "GET":
        prefill(form)
        return render_template("public/intake_form.html", form=form)
    action = request.form.get("action", "check")
    if action == "edit":
        return render_template("public/intake_form.html", form=form)
    if not form.validate():
        return render_template("public/intake_form.html", form=form), 422
    if action != "send":
        return render_template("public/intake_check.html", form=form, wijk_names=wijk_names)
    # The resident's mails from the receipt on are in the language they filled it in.
    data, language = form.to_data(), str(get_locale())
    # The number is read before the commit expires the initiative, so it is not loaded again.
    number = perform(
        lambda: (
            submit_initiative(data, utcnow(), language=language, calendar=config.calendar).number
        )
    )
    session["submitted"] = [*session.get("submitted", [])[-9:], number]
    return redirect(url_for("public.submitted", number=number), code=303)


@shown_again_for("public.intake")
def intake_refused(refusal: Refusal):
    """Too many sends: the check page again with every answer, or the form if it has errors."""
    form = IntakeForm()
    form.load_choices()
    if form.validate():
        wijk_names = dict(form.wijk.choices)
        return render_template(
            "public/intake_check.html", form=form, wijk_names=wijk_names, refusal=refusal
        )
    return render_template("public/intake_form.html", form=form, refusal=refusal)


@bp.get("/initiatief-indienen/verzonden/<number>")
@no_store
@reads_only
def submitted(number: str):
    """The confirmation, only in the browser that just sent it."""
    if number not in session.get("submitted", []):
        abort(404)
    # One statement for the initiative, its initiator, contact, visits and their pauses.
    initiative = (
        db.session.execute(
            select(Initiative)
            .where(Initiative.number == number)
            .options(
                joinedload(Initiative.initiator),
                joinedload(Initiative.contact),
                joinedload(Initiative.visits).joinedload(PhaseVisit.pauses),
            )
        )
        .unique()
        .scalar_one_or_none()
    )
    if initiative is None:
        abort(404)
    timeline = timeline_today(initiative)
    return render_template("public/submitted.html", initiative=initiative, timeline=timeline)


@bp.get("/medewerkers/<int:user_id>/foto")
def staff_photo(user_id: int):
    """A contact person's portrait: public, like their name on a letter."""
    user = db.session.get(User, user_id)
    if user is None or not user.photo:
        abort(404)
    folder = Path(current_app.config["UPLOAD_DIR"]) / "photos"
    return send_from_directory(folder, user.photo, max_age=3600)


@bp.get("/favicon.ico")
def favicon():
    """Browsers and bookmarks ask for /favicon.ico on their own; pages link the SVG icon."""
    return send_from_directory(current_app.static_folder, "favicon.ico", max_age=86400)
