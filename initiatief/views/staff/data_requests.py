"""The coördinator's answer to a resident's request to delete their data (AVG).

Two answers, each one form, one service call, one commit: remove now, or keep
until the initiative closes with a reason the resident reads. Only coördinators
and beheerders answer; a medewerker sees the request on the page, read-only.
"""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ...extensions import db
from ...models import Role, User, utcnow
from ...services import data_requests
from ...services.errors import DomainError
from ..transactions import perform, refusal_status, refuse_into
from . import bp, role_required
from .initiative import initiative_or_404, render_initiative


class RemoveNowForm(FlaskForm):
    note = TextAreaField(
        validators=[
            Optional(),
            Length(max=data_requests.NOTE_MAX, message=_l("De toelichting is te lang.")),
        ]
    )


class KeepForm(FlaskForm):
    reason = TextAreaField(
        validators=[
            DataRequired(
                message=_l("Schrijf waarom wij de gegevens nog nodig hebben. De inwoner leest dit.")
            ),
            Length(max=data_requests.ANSWER_MAX, message=_l("De reden is te lang.")),
        ]
    )


def _answer(number: str, form: FlaskForm, name: str, answer, done: str):
    """Validate, answer, commit once; on a problem the page again with what was typed."""
    initiative = initiative_or_404(number)
    form.problem = ""
    if not form.validate():
        return render_initiative(initiative, 422, **{name: form})
    try:
        request = data_requests.request_to_answer(initiative)
        perform(answer, request, actor=db.session.get(User, current_user.id), now=utcnow())
    except DomainError as refusal:
        form.problem = refuse_into(form, refusal) or ""
        return render_initiative(initiative, refusal_status(refusal), **{name: form})
    flash(done, "ok")
    return redirect(url_for("staff.initiative", number=number) + "#verwijderverzoek", code=303)


@bp.post("/initiatief/<number>/verwijderverzoek/nu-verwijderen")
@role_required(Role.COORDINATOR, Role.BEHEERDER)
def data_request_remove(number: str):
    form = RemoveNowForm()

    def answer(request, **common):
        data_requests.remove_now(request, note=form.note.data or "", **common)

    done = _("De gegevens zijn verwijderd. De inwoner krijgt bericht.")
    return _answer(number, form, "data_remove", answer, done)


@bp.post("/initiatief/<number>/verwijderverzoek/bewaren")
@role_required(Role.COORDINATOR, Role.BEHEERDER)
def data_request_keep(number: str):
    form = KeepForm()

    def answer(request, **common):
        data_requests.keep_until_closing(request, reason=form.reason.data, **common)

    done = _("Opgeslagen. De inwoner krijgt bericht waarom wij de gegevens nog bewaren.")
    return _answer(number, form, "data_keep", answer, done)
