"""Klantreizen: the journeys, and their phases in order with norms and texts."""

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _

from ...extensions import db
from ...forms.admin import NO_NORM, JourneyForm, NewJourneyForm, PhaseForm
from ...models import Actor, Journey, NormUnit, Phase
from ...rendering import render_markdown
from ...services.config import journeys as service
from ...services.errors import DomainError
from ..transactions import refuse_into
from . import bp, done, form_page, run


def journey_or_404(journey_id: int) -> Journey:
    return db.session.get(Journey, journey_id) or abort(404)


def phase_or_404(phase_id: int) -> Phase:
    return db.session.get(Phase, phase_id) or abort(404)


@bp.get("/klantreizen")
def journeys():
    return render_template("admin/journeys.html", journeys=service.journeys())


@bp.route("/klantreizen/nieuw", methods=["GET", "POST"])
def new_journey():
    form = NewJourneyForm()
    if not form.validate_on_submit():
        return form_page("admin/journey_form.html", form, journey=None)
    try:
        journey = run(service.create_journey, form.name.data, form.description.data or "")
    except DomainError as refused:
        problem = refuse_into(form, refused)
        return form_page("admin/journey_form.html", form, problem, journey=None)
    return done(
        _("De klantreis is gemaakt. Voeg nu de fasen toe."),
        url_for("admin.journey", journey_id=journey.id),
    )


def render_journey(journey: Journey, form, problem=None):
    return form_page("admin/journey_form.html", form, problem, journey=journey)


def journey_problem(journey_id: int, message: str):
    """The journey page again, with why a button did not work at the top."""
    journey = journey_or_404(journey_id)
    return render_journey(journey, JourneyForm(formdata=None, obj=journey), message)


@bp.route("/klantreizen/<int:journey_id>", methods=["GET", "POST"])
def journey(journey_id: int):
    journey = journey_or_404(journey_id)
    form = JourneyForm(obj=journey)
    if not form.validate_on_submit():
        return render_journey(journey, form)
    try:
        run(
            service.update_journey,
            journey,
            form.name.data,
            form.description.data or "",
            form.is_default.data,
        )
    except DomainError as refused:
        return render_journey(journey, form, refuse_into(form, refused))
    return done(_("De klantreis is opgeslagen."), url_for("admin.journey", journey_id=journey.id))


def phase_data(form: PhaseForm) -> service.PhaseData:
    norm_days, norm_unit = form.norm
    return service.PhaseData(
        name=form.name.data,
        expectation=form.expectation.data or "",
        norm_days=norm_days,
        norm_unit=norm_unit,
        actor=form.actor.data,
        resident_task=form.resident_task.data or "",
        mail_on_enter=form.mail_on_enter.data,
        checkin_after_days=form.checkin_after_days.data,
    )


def phase_page(form: PhaseForm, journey: Journey, phase: Phase | None):
    """The phase form; 'Voorbeeld bekijken' shows the Markdown as residents read it."""
    preview = render_markdown(form.expectation.data or "") if _wants_preview() else None
    deletable = phase is not None and phase.id not in service.phases_in_use(journey)
    return form_page(
        "admin/phase_form.html",
        form,
        journey=journey,
        phase=phase,
        preview=preview,
        deletable=deletable,
    )


def _wants_preview() -> bool:
    return bool(request.form.get("voorbeeld"))


@bp.route("/klantreizen/<int:journey_id>/fasen/nieuw", methods=["GET", "POST"])
def new_phase(journey_id: int):
    journey = journey_or_404(journey_id)
    form = PhaseForm(
        norm_kind=NormUnit.WORKING_DAYS.value, actor=Actor.MUNICIPALITY.value, mail_on_enter=True
    )
    if _wants_preview() or not form.validate_on_submit():
        return phase_page(form, journey, None)
    phase = run(service.add_phase, journey, phase_data(form))
    return done(
        _("De fase %(name)s is toegevoegd.", name=phase.name),
        url_for("admin.journey", journey_id=journey.id),
    )


@bp.route("/fasen/<int:phase_id>", methods=["GET", "POST"])
def phase(phase_id: int):
    phase = phase_or_404(phase_id)
    form = PhaseForm(obj=phase)
    if request.method == "GET":
        form.norm_kind.data = NO_NORM if phase.norm_days is None else phase.norm_unit
    if _wants_preview() or not form.validate_on_submit():
        return phase_page(form, phase.journey, phase)
    run(service.update_phase, phase, phase_data(form))
    return done(
        _("De fase is opgeslagen. Termijnen die al lopen, blijven zoals ze waren."),
        url_for("admin.journey", journey_id=phase.journey_id),
    )


@bp.post("/fasen/<int:phase_id>/verplaatsen")
def move_phase(phase_id: int):
    phase = phase_or_404(phase_id)
    direction = {"omhoog": -1, "omlaag": 1}.get(request.form.get("richting", ""))
    if direction is None:
        abort(400)
    journey_id = phase.journey_id
    try:
        run(service.move_phase, phase, direction)
    except DomainError as refused:
        return journey_problem(journey_id, refused.message)
    return done(
        _("De fase %(name)s is verplaatst.", name=phase.name),
        url_for("admin.journey", journey_id=journey_id, _anchor="fasen"),
    )


@bp.post("/fasen/<int:phase_id>/verwijderen")
def delete_phase(phase_id: int):
    phase = phase_or_404(phase_id)
    journey_id, name = phase.journey_id, phase.name
    try:
        run(service.delete_phase, phase)
    except DomainError as refused:
        return journey_problem(journey_id, refused.message)
    return done(
        _("De fase %(name)s is verwijderd.", name=name),
        url_for("admin.journey", journey_id=journey_id, _anchor="fasen"),
    )
