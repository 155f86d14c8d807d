"""Mijn gegevens: a logged-in resident corrects phone, contact preference and e-mail address.

A new address is only used after the link mailed to it is opened and its
button pressed (GET shows the button, POST confirms: mail scanners open links).
"""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _

from ..extensions import limiter
from ..forms.resident import EmptyForm
from ..forms.resident_details import ContactDetailsForm, NewEmailForm
from ..models import utcnow
from ..resident_session import current_resident_email, forget_signed_in
from ..services import resident_details as service
from ..services.errors import DomainError
from .refusals import Refusal, keep_input_on_refusal, shown_again_for
from .transactions import perform, refusal_status, refuse_into

bp = Blueprint("resident_details", __name__, url_prefix="/mijn/gegevens")
keep_input_on_refusal(bp)


@bp.after_request
def personal_pages_are_not_cached(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def details_page(email: str, contact_form=None, email_form=None, code: int = 200):
    """The page with both forms; the one that was sent keeps what was typed."""
    initiators = service.live_initiators(email)
    newest = initiators[0] if initiators else None
    if contact_form is None:
        contact_form = ContactDetailsForm(
            formdata=None,
            phone=newest.phone if newest else "",
            contact_preference=newest.contact_preference if newest else None,
        )
    page = render_template(
        "resident/details.html",
        email=email,
        person=newest,
        address=next((i.postal_address for i in initiators if i.postal_address), ""),
        initiatives=[i.initiative for i in initiators],
        contact_form=contact_form,
        email_form=email_form or NewEmailForm(formdata=None),
    )
    return page, code


def signed_in_or_login():
    """The resident's address, or (None, the way to the login page)."""
    email = current_resident_email()
    if email is None:
        return None, redirect(url_for("resident.login", volgende=url_for(".details")), code=303)
    return email, None


@bp.get("/")
def details():
    email, response = signed_in_or_login()
    if response:
        return response
    return details_page(email)


@bp.post("/contact")
def change_contact():
    email, response = signed_in_or_login()
    if response:
        return response
    form = ContactDetailsForm()
    if not form.validate():
        return details_page(email, contact_form=form, code=422)
    try:
        changed = perform(
            service.change_contact,
            email,
            phone=form.phone.data or "",
            preference=form.contact_preference.data,
            now=utcnow(),
        )
    except DomainError as refusal:
        refuse_into(form, refusal)
        return details_page(email, contact_form=form, code=refusal_status(refusal))
    if changed:
        flash(_("Uw gegevens zijn veranderd."), "ok")
    else:
        flash(_("Er was niets veranderd. Uw gegevens waren al zo."), "info")
    return redirect(url_for(".details"), code=303)


@bp.post("/e-mail")
@limiter.limit(lambda: current_app.config["LOGIN_LINK_RATE_LIMIT"])
def change_email():
    email, response = signed_in_or_login()
    if response:
        return response
    form = NewEmailForm()
    if not form.validate():
        return details_page(email, email_form=form, code=422)
    try:
        change = perform(service.request_email_change, email, form.email.data, utcnow())
    except DomainError as refusal:
        refuse_into(form, refusal)
        return details_page(email, email_form=form, code=refusal_status(refusal))
    new_email = change.new_email
    flash(
        _(
            "Wij hebben een e-mail gestuurd naar %(email)s. Klik op de link in die e-mail. "
            "Pas dan gebruiken wij uw nieuwe adres.",
            email=new_email,
        ),
        "ok",
    )
    return redirect(url_for(".details"), code=303)


@shown_again_for("resident_details.change_email")
def change_email_refused(refusal: Refusal):
    """Too many changes asked: the page again, the new address still typed."""
    email, response = signed_in_or_login()
    if response:
        return response
    form = NewEmailForm()
    form.email.errors = [refusal.text]
    return details_page(email, email_form=form, code=429)


@bp.route("/e-mail/<token>", methods=["GET", "HEAD"])
def confirm_email(token: str):
    """Opening the link only shows a button: mail scanners open links too."""
    change = service.find_usable_change(token, utcnow())
    if change is None:
        return render_template("resident/email_link_expired.html"), 410
    return render_template("resident/email_confirm.html", change=change, form=EmptyForm())


@bp.post("/e-mail/<token>")
def confirm_email_post(token: str):
    if not EmptyForm().validate():
        abort(400)
    change = perform(service.confirm_email_change, token, utcnow())
    if change is None:  # nothing was written
        return render_template("resident/email_link_expired.html"), 410
    new_email = change.new_email
    forget_signed_in()  # this browser's session may just have moved along
    if current_resident_email() != new_email:  # another device, or not logged in here
        return render_template("resident/email_changed.html", email=new_email)
    flash(_("Uw e-mailadres is veranderd in %(email)s.", email=new_email), "ok")
    return redirect(url_for(".details"), code=303)
