"""The staff workspace at /medewerker: sign-in, worklist, one initiative, its actions."""

from datetime import timedelta
from functools import wraps

from flask import Blueprint, abort, current_app, flash, redirect, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from ...extensions import db, login_manager
from ...models import User, utcnow

bp = Blueprint("staff", __name__, url_prefix="/medewerker")

login_manager.login_view = "staff.login"
login_manager.login_message = "Log in om verder te gaan."
login_manager.login_message_category = "info"
login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Only an active account whose session version still matches."""
    try:
        raw_id, raw_version = user_id.split(":")
        user = db.session.get(User, int(raw_id))
    except (ValueError, TypeError):
        return None
    if user is None or not user.active or str(user.session_version) != raw_version:
        return None
    return user


@bp.before_request
def end_idle_sessions():
    """After STAFF_IDLE_MINUTES without a request the staff session ends."""
    if not current_user.is_authenticated:
        return None
    now = utcnow()
    idle = timedelta(minutes=current_app.config["STAFF_IDLE_MINUTES"])
    seen = session.get("staff_seen")
    if seen is not None and now.timestamp() - seen > idle.total_seconds():
        logout_user()
        session.pop("staff_seen", None)
        flash(_("U was een tijd niet actief. Log opnieuw in."), "info")
        return redirect(url_for("staff.login"))
    session["staff_seen"] = now.timestamp()
    return None


@bp.after_request
def staff_pages_are_not_cached(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def role_required(*roles: str):
    """Signed in, and one of these roles; otherwise 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator


from . import actions, assisted, auth, dashboard, initiative, personal_data, profile, worklist  # noqa: E402,F401,I001
from . import data_requests  # noqa: E402,F401  (the resident's deletion requests)
from . import improvements  # noqa: E402,F401  (verbeteracties, issue 15)
from . import journey_picture  # noqa: E402,F401  (the klantreis picture, issue 15)
