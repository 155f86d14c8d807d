"""Staff sign-in: password, then the one-time code (or enrolling the authenticator app)."""

import base64
import io

import qrcode
import qrcode.image.svg
from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ...extensions import db, limiter
from ...forms.resident import EmptyForm
from ...forms.staff import CodeForm, StaffLoginForm
from ...models import User, utcnow
from ...services import staff_auth
from ..fresh_session import renew_session
from . import bp

PENDING = "staff_pending"
PENDING_SECONDS = 300


def generic_failure() -> str:
    return _(
        "Het e-mailadres, het wachtwoord of de code klopt niet. Na 5 mislukte pogingen "
        "kunt u 15 minuten niet inloggen."
    )


def start_session(user: User) -> None:
    """Signed in: a brand-new session with a new CSRF token (the pending step is dropped)."""
    staff_auth.record_login(user, utcnow())
    db.session.commit()
    renew_session()
    login_user(user)
    session["staff_seen"] = utcnow().timestamp()


def pending_user() -> User | None:
    """The account that passed the password step in this browser, for 5 minutes."""
    pending = session.get(PENDING)
    if not pending or utcnow().timestamp() - pending["at"] > PENDING_SECONDS:
        return None
    user = db.session.get(User, pending["id"])
    if user is None or str(user.session_version) != str(pending["version"]):
        return None
    return user


@bp.route("/inloggen", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["STAFF_LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("staff.worklist"))
    form = StaffLoginForm()
    if not form.validate_on_submit():
        return render_template("staff/login.html", form=form), 422 if form.errors else 200
    result = staff_auth.check_password(form.email.data, form.password.data, utcnow())
    db.session.commit()  # failures are counted even though the answer is 'no'
    if not result.ok:
        form.password.errors = [generic_failure()]
        return render_template("staff/login.html", form=form), 422
    user = result.user
    if not staff_auth.totp_required():
        start_session(user)
        return redirect(url_for("staff.worklist"), code=303)
    # The password step is a login step too: a new session and CSRF token from here.
    renew_session(
        **{PENDING: {"id": user.id, "version": user.session_version, "at": utcnow().timestamp()}}
    )
    if user.totp_confirmed_at is None:
        return redirect(url_for("staff.enrol"), code=303)
    return redirect(url_for("staff.code"), code=303)


@bp.route("/inloggen/code", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["STAFF_LOGIN_RATE_LIMIT"], methods=["POST"])
def code():
    user = pending_user()
    if user is None or user.totp_confirmed_at is None:
        return redirect(url_for("staff.login"))
    form = CodeForm()
    if not form.validate_on_submit():
        return render_template("staff/code.html", form=form), 422 if form.errors else 200
    ok = staff_auth.check_code(user, user.totp_secret, form.code.data, utcnow())
    db.session.commit()
    if not ok:
        form.code.errors = [generic_failure()]
        return render_template("staff/code.html", form=form), 422
    start_session(user)
    return redirect(url_for("staff.worklist"), code=303)


def qr_data_uri(text: str) -> str:
    """The QR code as an SVG data URI: no script, no extra request, allowed by our CSP."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@bp.route("/inloggen/koppelen", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["STAFF_LOGIN_RATE_LIMIT"], methods=["POST"])
def enrol():
    """First sign-in: link an authenticator app by QR code, then prove it with a code."""
    user = pending_user()
    if user is None or user.totp_confirmed_at is not None:
        return redirect(url_for("staff.login"))
    secret = session.setdefault("staff_enrol_secret", staff_auth.new_totp_secret())
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        if staff_auth.check_code(user, secret, form.code.data, utcnow()):
            staff_auth.confirm_enrolment(user, secret, utcnow())
            start_session(user)
            flash(
                _("Uw app is gekoppeld. Voortaan vraagt het inloggen om een code uit die app."),
                "ok",
            )
            return redirect(url_for("staff.worklist"), code=303)
        db.session.commit()
        form.code.errors = [generic_failure()]
        status = 422
    elif form.errors:
        status = 422
    uri = staff_auth.provisioning_uri(user, secret)
    return render_template(
        "staff/enrol.html", form=form, qr=qr_data_uri(uri), secret=secret
    ), status


@bp.post("/uitloggen")
def logout():
    form = EmptyForm()
    if current_user.is_authenticated and form.validate():
        user = db.session.get(User, current_user.id)
        staff_auth.end_all_sessions(user)
        db.session.commit()
    logout_user()
    session.clear()
    flash(_("U bent uitgelogd."), "info")
    return redirect(url_for("staff.login"), code=303)
