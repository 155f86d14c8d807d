"""The klantreis picture (issue 15): per phase the promise, the goal, the experience.

GET /medewerker/klantreis shows one journey over a period (the dashboard's
period rules), as far as the viewer may see it; the CSV is its table. The
desired norms (gewenste klantreis) are set by coördinatoren and beheerders on
/medewerker/klantreis/gewenst. Reading pages write nothing but the audit lines
of the residents' remarks shown (views/viewing.py).
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ...dates.planning import today_local
from ...extensions import db
from ...forms.journey_picture import JourneyPictureForm, desired_norm_form
from ...inputs import parse_id
from ...models import Journey, Phase, Role, Team, utcnow
from ...services import audit, bottlenecks, desired_norms, journey_picture
from ...services.errors import DomainError
from ..transactions import perform, refusal_status, refuse_into
from ..viewing import record_view
from . import bp, role_required
from .dashboard import not_ready_message
from .dashboard_format import csv_download
from .journey_picture_parts import (
    actor_text,
    desired_text,
    norm_text,
    picture_chart,
    picture_table,
    unit_words,
)

STAFF_ROLES = (Role.MEDEWERKER, Role.COORDINATOR, Role.BEHEERDER)
WRITERS = (Role.COORDINATOR, Role.BEHEERDER)
FILTER_KEYS = ("van", "tot", "klantreis", "team")


def _journeys() -> list[Journey]:
    return list(db.session.scalars(select(Journey).order_by(Journey.name, Journey.id)))


def _form(today):
    form = JourneyPictureForm(formdata=request.args)
    form.today = today
    form.set_choices(
        _journeys(), db.session.scalars(select(Team).order_by(Team.name)), _("Alle teams")
    )
    return form


def _filter_args() -> dict[str, str]:
    return {key: request.args[key] for key in FILTER_KEYS if request.args.get(key)}


def _page(form, status: int = 200, **values):
    values.setdefault("picture", None)
    page = render_template(
        "staff/journey_picture.html",
        form=form,
        args=_filter_args(),
        can_write=current_user.role in WRITERS,
        **values,
    )
    return page, status


def _read(today):
    """The form and the picture, or the page that says why there is none."""
    form = _form(today)
    if not form.validate():
        return form, None, _page(form, 400)
    journey_id = parse_id(form.klantreis.data) or journey_picture.default_journey_id()
    if journey_id is None:
        return form, None, _page(form, 200, no_journey=True)
    form.klantreis.data = str(journey_id)
    filters = form.filters(today)
    try:
        picture = journey_picture.build_picture(filters, current_user, today)
    except bottlenecks.FiguresNotReady as error:
        return form, None, _page(form, 503, not_ready=not_ready_message(error))
    return form, picture, None


@bp.get("/klantreis", endpoint="journey_picture")
@role_required(*STAFF_ROLES)
def journey_picture_view():
    today = today_local(utcnow())
    form, picture, refused = _read(today)
    if refused:
        return refused
    # The residents' remarks are their own words: each initiative shown is audited.
    numbers = journey_picture.remark_numbers(picture)
    if numbers:
        record_view(audit.record_numbers, actor=current_user, action="view", numbers=numbers)
    return _page(
        form,
        picture=picture,
        table=picture_table(picture),
        chart=picture_chart(picture),
        norm_text=norm_text,
        desired_text=desired_text,
        actor_text=actor_text,
        csv_args={**_filter_args(), "klantreis": str(picture.journey_id)},
    )


@bp.get("/klantreis.csv", endpoint="journey_picture_csv")
@role_required(*STAFF_ROLES)
def journey_picture_csv_view():
    today = today_local(utcnow())
    _unused, picture, refused = _read(today)
    if refused:
        return refused
    filename = f"klantreis-{picture.journey_id}-{today.isoformat()}.csv"
    return csv_download(picture_table(picture), filename)


def _norm_page(journey, phases, form, status=200, message=None):
    page = render_template(
        "staff/desired_norms.html",
        journey=journey,
        rows=form.phase_fields(phases),
        form=form,
        message=message,
        norm_text=_norm_of,
    )
    return page, status


def _norm_of(phase: Phase) -> str:
    if phase.norm_days is None:
        return _("De norm staat per initiatief.")
    return _("Huidige norm: %(norm)s.", norm=unit_words(phase.norm_unit, phase.norm_days))


@bp.route("/klantreis/gewenst", methods=["GET", "POST"])
@role_required(*WRITERS)
def desired_norm():
    source = request.form if request.method == "POST" else request.args
    journey_id = parse_id(source.get("klantreis")) or journey_picture.default_journey_id()
    journey = db.session.get(Journey, journey_id) if journey_id else None
    if journey is None:
        abort(404)
    phases = list(journey.phases)
    if request.method == "GET":
        current = desired_norms.current_norms(journey.id)
        form = desired_norm_form(phases, None, current)
        form.klantreis.data = str(journey.id)
        return _norm_page(journey, phases, form)
    form = desired_norm_form(phases, request.form)
    form.klantreis.data = str(journey.id)
    if not form.validate():
        return _norm_page(journey, phases, form, 400)
    try:
        changed = perform(
            desired_norms.set_desired_norms,
            journey.id,
            form.wanted(phases),
            form.seen(phases),
            current_user,
            utcnow(),
        )
    except DomainError as refusal:
        return _norm_page(
            journey, phases, form, refusal_status(refusal), refuse_into(form, refusal)
        )
    if changed:
        flash(_("De gewenste normen zijn opgeslagen."), "success")
    else:
        flash(_("Er was niets veranderd. Er is niets opgeslagen."), "info")
    return redirect(url_for("staff.journey_picture", klantreis=journey.id), code=303)
