"""Actions on one initiative: each is one form, one service call, one commit."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ...extensions import db
from ...forms import staff as forms
from ...inputs import parse_id
from ...models import CallbackRequest, Journey, Team, User, utcnow
from ...services import actions
from ...services.errors import DomainError, EditConflict
from ...services.evaluation import existing_verdict
from ...services.follow_up import mark_followed_up
from ..transactions import perform, refusal_status
from . import bp
from .initiative import initiative_or_404, render_initiative

FORMS = {
    "triage": forms.TriageForm,
    "advance": forms.AdvanceForm,
    "pause": forms.PauseForm,
    "resume": forms.ResumeForm,
    "extend": forms.ExtendForm,
    "update": forms.UpdateForm,
    "stop": forms.StopForm,
    "note": forms.NoteForm,
}

DONE = {
    "triage": _l("Opgeslagen. De inwoner krijgt bericht als de contactpersoon veranderde."),
    "advance": _l("Het initiatief staat in de volgende fase."),
    "pause": _l("De klok staat stil."),
    "resume": _l("De klok loopt weer."),
    "extend": _l("De termijn is verlengd. De inwoner krijgt bericht."),
    "update": _l("Uw bericht is verstuurd."),
    "stop": _l("Het initiatief is gestopt. De inwoner krijgt bericht."),
    "note": _l("De notitie is opgeslagen."),
}

# Fields the page shows their own error beside. The others are choices from a
# list, which only a changed page gets wrong: their message goes above the form.
INLINE_ERRORS = {"message", "reason", "body", "due_on", "new_due"}
BROKEN_PAGE = _l(
    "Deze pagina was niet compleet. Er is niets opgeslagen. "
    "Laad de pagina opnieuw en probeer het nog een keer."
)


def _entity(model, key):
    entity = db.session.get(model, key) if key else None
    if entity is None:
        abort(400)
    return entity


def call_service(action: str, form, initiative, version: int) -> None:
    """Call the one service that belongs to this action."""
    common = {
        "actor": db.session.get(User, current_user.id),
        "now": utcnow(),
        "expected_version": version,
    }
    if action == "triage":
        actions.triage(
            initiative,
            journey=_entity(Journey, form.journey.data),
            team=_entity(Team, form.team.data),
            contact=_entity(User, form.contact.data),
            **common,
        )
    elif action == "advance":
        actions.advance(
            initiative,
            message=form.message.data or "",
            skip=form.skip.data,
            due_on=form.due_on.data,
            **common,
        )
    elif action == "pause":
        actions.pause(
            initiative, waiting_on=form.waiting_on.data, reason=form.reason.data, **common
        )
    elif action == "resume":
        actions.resume(initiative, **common)
    elif action == "extend":
        actions.extend(initiative, new_due=form.new_due.data, reason=form.reason.data, **common)
    elif action == "update":
        actions.post_update(initiative, body=form.body.data, **common)
    elif action == "stop":
        actions.stop(
            initiative,
            outcome=form.outcome.data,
            reason=form.reason.data,
            message=form.message.data or "",
            **common,
        )
    elif action == "note":
        actions.add_note(initiative, body=form.body.data, **common)


@bp.post("/initiatief/<number>/actie/<action>")
@login_required
def act(number: str, action: str):
    """Validate, act, commit once; on a problem show the page again with what was typed.

    The version comes from a hidden field: when it is not a number the page was
    not ours or is broken, so nothing is saved and the person is asked to reload.
    Only the services' own refusals (DomainError) are shown as text, above the
    form; any other exception is a bug and gets the 500 page, never its message.
    """
    if action not in FORMS:
        abort(404)
    initiative = initiative_or_404(number)
    form = FORMS[action]()
    if action == "stop":
        form.outcome.choices = list(actions.OUTCOME_LABELS.items())
    form.problem = ""
    form.preview = action == "update" and request.form.get("preview") == "1"
    version = parse_id(form.version.data)
    if version is None:
        form.problem = BROKEN_PAGE
        return render_initiative(initiative, 400, **{action: form})
    if not form.validate():
        shown = (errors[0] for name, errors in form.errors.items() if name not in INLINE_ERRORS)
        form.problem = next(shown, "")
        return render_initiative(initiative, 422, **{action: form})
    if form.preview:
        return render_initiative(initiative, 200, **{action: form})
    try:
        perform(call_service, action, form, initiative, version)
    except DomainError as refusal:
        form.problem = refusal.message
        if isinstance(refusal, EditConflict):
            initiative = db.session.merge(initiative)
        return render_initiative(initiative, refusal_status(refusal), **{action: form})
    flash(DONE[action], "ok")
    return redirect(url_for("staff.initiative", number=number), code=303)


@bp.post("/initiatief/<number>/terugbelverzoek/<int:callback_id>")
@login_required
def handle_callback(number: str, callback_id: int):
    initiative = initiative_or_404(number)
    callback = db.session.get(CallbackRequest, callback_id)
    if callback is None or callback.initiative_id != initiative.id:
        abort(404)
    form = forms.CallbackHandledForm()
    if not form.validate():
        return render_initiative(initiative, 422)
    try:
        perform(
            actions.handle_callback,
            callback,
            note=form.note.data or "",
            actor=db.session.get(User, current_user.id),
            now=utcnow(),
        )
    except DomainError as refusal:
        flash(refusal.message, "info")
    else:
        flash(_("Genoteerd: u heeft gebeld."), "ok")
    return redirect(url_for("staff.initiative", number=number) + "#terugbellen-titel", code=303)


@bp.post("/initiatief/<number>/evaluatie/opgevolgd")
@login_required
def follow_up_done(number: str):
    """'Opgevolgd' after an unhappy evaluation: someone called the resident back.

    Scoped like every action. The verdict is found through the initiative (there
    is one per initiative), never by an id from the form. A second press shows
    the page again with a 409 and a Dutch message.
    """
    initiative = initiative_or_404(number)
    feedback = existing_verdict(initiative)
    if feedback is None:
        abort(404)
    form = forms.FollowUpForm()
    form.problem = ""
    if not form.validate():
        return render_initiative(initiative, 422, follow_up=form)
    actor = db.session.get(User, current_user.id)
    try:
        perform(mark_followed_up, feedback, actor, form.note.data or "", utcnow())
    except DomainError as refusal:
        form.problem = refusal.message
        return render_initiative(initiative, refusal_status(refusal), follow_up=form)
    flash(_("Genoteerd: de evaluatie is opgevolgd."), "ok")
    return redirect(url_for("staff.initiative", number=number) + "#evaluatie-titel", code=303)
