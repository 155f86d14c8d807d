"""Staff edit their own public profile and portrait, as residents will see it."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...extensions import db
from ...forms.staff import ProfileForm
from ...models import User
from ...services.photos import PhotoRejected, delete_portrait, save_portrait
from . import bp


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
        except PhotoRejected as rejected:
            form.photo.errors = [rejected.message]
            return render_template("staff/profile.html", form=form, user=user), 400
    for field in ("name", "job_title", "phone", "reachable", "introduction"):
        setattr(user, field, (getattr(form, field).data or "").strip())
    if new_photo:
        user.photo = new_photo
    elif form.remove_photo.data:
        user.photo = None
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        delete_portrait(new_photo, upload_dir)
        raise
    if user.photo != old_photo:
        delete_portrait(old_photo, upload_dir)
    flash(_("Uw profiel is opgeslagen."), "ok")
    return redirect(url_for("staff.profile"), code=303)
