"""Staff edit their own public profile and portrait, as residents will see it."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...extensions import db
from ...forms.staff import ProfileForm
from ...models import User
from ...services.errors import DomainError
from ...services.photos import delete_portrait, save_portrait
from ..transactions import perform, refuse_into
from . import bp


def save_profile(user: User, form: ProfileForm, new_photo: str | None) -> None:
    """The typed texts, and the new portrait (or none, when asked to remove it)."""
    for field in ("name", "job_title", "phone", "reachable", "introduction"):
        setattr(user, field, (getattr(form, field).data or "").strip())
    if new_photo:
        user.photo = new_photo
    elif form.remove_photo.data:
        user.photo = None


@bp.route("/profiel", methods=["GET", "POST"])
@login_required
def profile():
    user = db.session.get(User, current_user.id)
    form = ProfileForm(obj=user)
    if not form.validate_on_submit():
        return render_template("staff/profile.html", form=form, user=user), (
            422 if form.errors else 200
        )
    upload_dir = current_app.config["UPLOAD_DIR"]
    old_photo, new_photo = user.photo, None
    upload = form.photo.data
    if upload and getattr(upload, "filename", ""):
        try:
            new_photo = save_portrait(upload.stream, upload_dir)
        except DomainError as refusal:  # a file we cannot take as a photo: a bad request
            refuse_into(form, refusal)
            return render_template("staff/profile.html", form=form, user=user), 400
    try:
        perform(save_profile, user, form, new_photo)
    except Exception:
        delete_portrait(new_photo, upload_dir)  # not saved: no row will ever name this file
        raise
    if user.photo != old_photo:
        delete_portrait(old_photo, upload_dir)
    flash(_("Uw profiel is opgeslagen."), "ok")
    return redirect(url_for("staff.profile"), code=303)
