"""Verbeteracties (issue 15): the list, one action with its before/after figures, the form,
and the residents' remarks that may become ideas.

Every staff role reads; only coördinatoren and beheerders write (403 for the
rest). A resident's remark is their own words: each page that shows one writes
its audit line (views/viewing.py) and nothing else.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ...dates.planning import load_calendar, today_local
from ...extensions import db
from ...forms.improvements import FIGURES, STATUSES, ActionFilterForm, ActionForm, IdeasForm
from ...inputs import parse_id
from ...models import ActionFigure, ActionStatus, Journey, Phase, Role, Team, User, utcnow
from ...services import audit
from ...services.bottlenecks import MIN_GROUP_SIZE
from ...services.errors import DomainError
from ...services.improvements import effect, ideas, listing
from ...services.improvements.actions import ActionData, create_action, may_write, update_action
from ..transactions import perform, refusal_status, refuse_into
from ..viewing import record_view
from . import bp, role_required

STAFF_ROLES = (Role.MEDEWERKER, Role.COORDINATOR, Role.BEHEERDER)
WRITERS = (Role.COORDINATOR, Role.BEHEERDER)
FILTER_KEYS = ("status", "klantreis", "fase", "team", "eigenaar")


def _phases() -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(Phase.id, Phase.name, Journey.name)
        .join(Journey, Journey.id == Phase.journey_id)
        .order_by(Journey.name, Journey.id, Phase.position)
    )
    return [(phase_id, f"{journey}: {name}") for phase_id, name, journey in rows]


def _teams():
    return db.session.execute(select(Team).order_by(Team.name)).scalars().all()


def _staff():
    query = select(User).where(User.active.is_(True)).order_by(User.name)
    return db.session.execute(query).scalars().all()


def _seen(remarks) -> None:
    """Audit the look at residents' remarks: one line per initiative shown."""
    numbers = [remark.number for remark in remarks]
    if numbers:
        record_view(audit.record_numbers, actor=current_user, action="view", numbers=numbers)


@bp.app_template_global("action_labels")
def _labels():
    return {"figure": dict(FIGURES), "status": dict(STATUSES)}


@bp.get("/verbeteracties")
@role_required(*STAFF_ROLES)
def improvements():
    form = ActionFilterForm(formdata=request.args)
    journeys = db.session.execute(select(Journey).order_by(Journey.name)).scalars().all()
    owners = [(user.id, user.name) for user in _staff()]
    form.set_choices(journeys, _phases(), _teams(), owners, _("Alle"))
    args = {key: request.args[key] for key in FILTER_KEYS if request.args.get(key)}
    if not form.validate():
        page = render_template("staff/improvements.html", form=form, found=None, args=args)
        return page, 400
    filters = listing.ActionFilters(
        status=form.status.data or None,
        journey_id=parse_id(form.klantreis.data),
        phase_id=parse_id(form.fase.data),
        team_id=parse_id(form.team.data),
        owner_id=parse_id(form.eigenaar.data),
    )
    found = listing.list_actions(filters, current_user, parse_id(request.args.get("pagina")) or 1)
    return render_template("staff/improvements.html", form=form, found=found, args=args)


@bp.get("/verbeteracties/<int:action_id>")
@role_required(*STAFF_ROLES)
def improvement(action_id: int):
    action = listing.visible_action(current_user, action_id) or abort(404)
    today = today_local(utcnow())
    remark = None
    if action.feedback_id is not None:
        remark = ideas.visible_remark(action.feedback_id, current_user)
    result = effect.compare(action, current_user, today, load_calendar())
    page = render_template(
        "staff/improvement.html",
        action=action,
        remark=remark,
        effect=result,
        min_group=MIN_GROUP_SIZE,
        cap=effect.MAX_WORKING_DAYS,
        today=today,
        may_write=may_write(current_user),
    )
    _seen([remark] if remark else [])
    return page


def _form(action=None) -> ActionForm:
    """The form with its lists; an action's owner whose account was closed stays in the
    list (and selected), so saving another change does not drop the owner unseen."""
    form = ActionForm()
    owners = [(user.id, user.name) for user in _staff()]
    owner = action.owner if action is not None else None
    if owner is not None and not owner.active:
        owners.append((owner.id, _("%(name)s (account gesloten)", name=owner.name)))
    form.set_choices(_phases(), _teams(), owners)
    return form


def _data(form: ActionForm, feedback_id: int | None = None) -> ActionData:
    return ActionData(
        title=form.title.data or "",
        reason=form.reason.data or "",
        figure=form.figure.data or "",
        status=form.status.data or "",
        starts_on=form.starts_on.data,
        notes=form.notes.data or "",
        feedback_id=feedback_id,
        **form.ids(),
    )


def _form_page(form, *, action=None, remark=None, problem=None, status=200):
    page = render_template(
        "staff/improvement_form.html", form=form, action=action, remark=remark, problem=problem
    )
    _seen([remark] if remark else [])
    return page, status


def _asked_remark(raw: str | None):
    """The remark named by ?opmerking= or the hidden field: None when none; 404 when unknown."""
    if not raw:
        return None
    feedback_id = parse_id(raw)
    found = ideas.visible_remark(feedback_id, current_user) if feedback_id else None
    return found or abort(404)


@bp.route("/verbeteracties/nieuw", methods=["GET", "POST"])
@role_required(*WRITERS)
def improvement_new():
    form = _form()
    if request.method == "GET":
        remark = _asked_remark(request.args.get("opmerking"))
        asked_phase = request.args.get("fase")
        if asked_phase:
            phase_id = parse_id(asked_phase)
            if phase_id is None or db.session.get(Phase, phase_id) is None:
                abort(404)
            form.phase.data = str(phase_id)
        form.figure.data = ActionFigure.MEDIAN_DAYS.value
        form.status.data = ActionStatus.IDEA.value
        form.opmerking.data = str(remark.feedback_id) if remark else ""
        return _form_page(form, remark=remark)
    remark = _asked_remark(form.opmerking.data)
    if not form.validate():
        return _form_page(form, remark=remark, status=422)
    data = _data(form, remark.feedback_id if remark else None)
    try:
        action = perform(
            create_action, data, actor=current_user, now=utcnow(), today=today_local(utcnow())
        )
    except DomainError as refusal:
        problem = refuse_into(form, refusal)
        return _form_page(form, remark=remark, problem=problem, status=refusal_status(refusal))
    flash(_("De verbeteractie is vastgelegd."), "ok")
    return redirect(url_for("staff.improvement", action_id=action.id), code=303)


@bp.route("/verbeteracties/<int:action_id>/bewerken", methods=["GET", "POST"])
@role_required(*WRITERS)
def improvement_edit(action_id: int):
    action = listing.visible_action(current_user, action_id) or abort(404)
    remark = None
    if action.feedback_id is not None:
        remark = ideas.visible_remark(action.feedback_id, current_user)
    form = _form(action)
    if request.method == "GET":
        form.title.data, form.reason.data, form.notes.data = (
            action.title,
            action.reason,
            action.notes,
        )
        form.phase.data = str(action.phase_id)
        form.figure.data, form.status.data = action.figure, action.status
        form.team.data = str(action.team_id or "")
        form.owner.data = str(action.owner_id or "")
        form.starts_on.data = action.starts_on
        form.version.data = str(action.version)
        return _form_page(form, action=action, remark=remark)
    if not form.validate():
        return _form_page(form, action=action, remark=remark, status=422)
    try:
        perform(
            update_action,
            action,
            _data(form),
            expected_version=parse_id(form.version.data),
            actor=current_user,
            now=utcnow(),
            today=today_local(utcnow()),
        )
    except DomainError as refusal:
        problem = refuse_into(form, refusal)
        action = db.session.get(type(action), action_id) or abort(404)
        return _form_page(
            form, action=action, remark=remark, problem=problem, status=refusal_status(refusal)
        )
    flash(_("De wijzigingen zijn opgeslagen."), "ok")
    return redirect(url_for("staff.improvement", action_id=action_id), code=303)


@bp.get("/verbeteracties/ideeen")
@role_required(*STAFF_ROLES)
def resident_ideas():
    today = today_local(utcnow())
    form = IdeasForm(formdata=request.args)
    form.today = today
    args = {key: request.args[key] for key in ("van", "tot") if request.args.get(key)}
    if not form.validate():
        page = render_template("staff/resident_ideas.html", form=form, found=None, args=args)
        return page, 400
    start, end = form.period(today)
    page_number = parse_id(request.args.get("pagina")) or 1
    found = ideas.resident_ideas(start, end, current_user, page_number)
    page = render_template(
        "staff/resident_ideas.html",
        form=form,
        found=found,
        start=start,
        end=end,
        args=args,
        may_write=may_write(current_user),
    )
    _seen(found.rows)
    return page
