"""The beheerder's configuration at /beheer: journeys, closed days, teams, staff, mail texts.

Every route is for beheerders only: the guard runs before each request of this
blueprint, so a route added later cannot forget it.
"""

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from ...models import Role, User
from ...services.errors import DomainError
from ..staff import end_idle_sessions, role_required, staff_pages_are_not_cached
from ..transactions import perform

bp = Blueprint("admin", __name__, url_prefix="/beheer")

CONFLICT = _l("Iemand anders veranderde dit net ook. Bekijk de gegevens en probeer het opnieuw.")


# The staff idle timeout counts here too, before the role check; pages are never cached.
bp.before_request(end_idle_sessions)
bp.after_request(staff_pages_are_not_cached)


@bp.before_request
@role_required(Role.BEHEERDER)
def beheerders_only():
    """Anonymous visitors go to the login page; other roles get 403."""
    return None


def actor() -> User:
    """The signed-in beheerder as a row of this session."""
    return db.session.get(User, current_user.id)


def run(operation: Callable[..., Any], *args, **kwargs) -> Any:
    """perform() one service; a lost race on a unique value becomes a refusal.

    The services check names first, so an IntegrityError here means someone
    else saved the same name at the same moment.
    """
    try:
        return perform(operation, *args, **kwargs)
    except IntegrityError as error:
        raise DomainError(CONFLICT) from error


def form_page(template: str, form, problem=None, **context):
    """Render a form page; 422 when it carries errors or a problem, so nothing typed is lost."""
    status = 422 if form.errors or problem else 200
    return render_template(template, form=form, problem=problem, **context), status


def done(message, endpoint_url: str):
    """Post/Redirect/Get after a change, with what happened as a flash."""
    flash(message, "ok")
    return redirect(endpoint_url, code=303)


@bp.get("/")
def index():
    return render_template("admin/index.html")


from . import audit, calendar, journeys, mail_texts, organisation, retention, staff  # noqa: E402,F401,I001
