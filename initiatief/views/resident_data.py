"""The resident's rights on "Mijn initiatieven": download their data, ask to delete it."""

import json
from datetime import date

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer

from ..dates.planning import today_local
from ..forms.resident import EmptyForm
from ..models import Initiative, utcnow
from ..resident_session import SESSION_KEY, current_resident_email
from ..services.data_requests import (
    DeletionOutcome,
    one_month_after,
    pending_request,
    request_deletion,
)
from ..services.resident_access import initiative_for_resident, initiatives_of, resident_email
from ..services.resident_rights import own_data
from .data_labels import data_label, data_sections, data_value
from .transactions import perform
from .viewing import record_view

bp = Blueprint("resident_data", __name__, url_prefix="/mijn")

# The done page is reached after the session may have ended: what was done
# travels in a signed, short-lived argument instead.
DONE_SALT = "gegevens-verwijderd"
DONE_MAX_AGE = 24 * 60 * 60


@bp.context_processor
def readable_data():
    return {"data_label": data_label, "data_sections": data_sections, "data_value": data_value}


@bp.app_template_global()
def pending_data_request(initiative: Initiative):
    """The deletion request still waiting for this initiative, for the status and staff pages."""
    return pending_request(initiative)


@bp.after_request
def personal_pages_are_not_cached(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def _login_redirect():
    return redirect(url_for("resident.login", volgende=request.path))


@bp.get("/mijn-gegevens")
def my_data():
    """Everything we hold about the resident, readable and printable; audited as a view."""
    email = current_resident_email()
    if email is None:
        return _login_redirect()
    data = record_view(own_data, email, action="view")
    return render_template("resident/data_view.html", data=data, email=email)


@bp.get("/mijn-gegevens.json")
def my_data_json():
    """The same as one JSON file (UTF-8), downloaded; audited as an export."""
    email = current_resident_email()
    if email is None:
        return _login_redirect()
    data = record_view(own_data, email, action="export")
    now = utcnow()
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    response = current_app.response_class(body, content_type="application/json; charset=utf-8")
    filename = f"mijn-gegevens-{today_local(now).isoformat()}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _concerned(number: str | None) -> tuple[str | None, list[Initiative]]:
    """The resident's address and the initiatives a deletion is about (one, or all).

    Another resident's number, or one that does not exist, is a 404.
    """
    email = current_resident_email()
    if email is None:
        return None, []
    if number is None:
        return email, initiatives_of(email)
    initiative = initiative_for_resident(number, email)
    if initiative is None:
        abort(404)
    return email, [initiative]


def _confirm_page(initiatives: list[Initiative], number: str | None):
    today = today_local(utcnow())
    rows = [
        {"initiative": i, "pending": pending_request(i), "closed": i.is_closed} for i in initiatives
    ]
    return render_template(
        "resident/data_delete.html",
        rows=rows,
        number=number,
        form=EmptyForm(),
        answer_before=one_month_after(today),
    )


@bp.get("/gegevens-verwijderen", defaults={"number": None})
@bp.get("/initiatief/<number>/gegevens-verwijderen")
def confirm_delete(number: str | None):
    """What is removed, what is kept and why; one button that does it."""
    email, initiatives = _concerned(number)
    if email is None:
        return _login_redirect()
    return _confirm_page(initiatives, number)


@bp.post("/gegevens-verwijderen", defaults={"number": None})
@bp.post("/initiatief/<number>/gegevens-verwijderen")
def delete(number: str | None):
    """Closed initiatives are anonymised now, running ones become a request.

    anonymise ends the resident's sessions when no live initiative of theirs is
    left; this browser's session is then cleared too and the done page is
    shown without one.
    """
    if not EmptyForm().validate():
        abort(400)
    email, initiatives = _concerned(number)
    if email is None:
        return _login_redirect()
    now = utcnow()
    outcome = perform(request_deletion, initiatives, now)
    if resident_email(session.get(SESSION_KEY), now) is None:
        session.clear()
    return redirect(url_for("resident_data.deleted", u=_sign(outcome)), code=303)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=DONE_SALT)


def _sign(outcome: DeletionOutcome) -> str:
    requested = [[number, due.isoformat()] for number, due in outcome.requested]
    return _serializer().dumps({"r": outcome.removed, "q": requested})


def _unsign(signed: str) -> DeletionOutcome | None:
    """The outcome carried by the link; None once it is old; 400 when tampered with."""
    try:
        raw = _serializer().loads(signed, max_age=DONE_MAX_AGE)
    except SignatureExpired:
        return None
    except BadData:  # a forged or mangled argument
        abort(400)
    try:
        return DeletionOutcome(
            removed=[str(n) for n in raw["r"]],
            requested=[(str(n), date.fromisoformat(d)) for n, d in raw["q"]],
        )
    except (KeyError, TypeError, ValueError):
        abort(400)


@bp.get("/gegevens-verwijderd")
def deleted():
    """The done page; works without a session (it may just have ended)."""
    signed = request.args.get("u", "")
    outcome = _unsign(signed) if signed else None
    return render_template(
        "resident/data_deleted.html",
        outcome=outcome,
        signed_in=current_resident_email() is not None,
    )
