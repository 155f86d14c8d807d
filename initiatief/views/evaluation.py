"""The answer to the evaluation mail: the link picks an answer, the button sends it."""

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ..extensions import db
from ..models import utcnow
from ..services.evaluation import (
    VERDICTS,
    TokenExpired,
    existing_verdict,
    initiative_for_token,
    record_verdict,
)

bp = Blueprint("evaluation", __name__, url_prefix="/evaluatie")

LABELS = {"tevreden": _l("Tevreden"), "neutraal": _l("Neutraal"), "ontevreden": _l("Ontevreden")}


class VerdictForm(FlaskForm):
    verdict = RadioField(
        _l("Hoe tevreden bent u over de hulp van de gemeente?"),
        choices=[(v, LABELS[v]) for v in VERDICTS],
        validators=[InputRequired(message=_l("Kies een antwoord."))],
    )
    remark = TextAreaField(
        _l("Wilt u iets toelichten?"),
        validators=[Optional(), Length(max=2000, message=_l("Maximaal 2.000 tekens."))],
    )


@bp.after_request
def not_cached(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def _initiative_or_page(token: str):
    try:
        initiative = initiative_for_token(token)
    except TokenExpired:
        return None, (render_template("evaluation/expired.html"), 410)
    if initiative is None:
        return None, (render_template("evaluation/expired.html"), 404)
    if existing_verdict(initiative) is not None:
        return None, (
            render_template("evaluation/thanks.html", initiative=initiative, again=True),
            200,
        )
    return initiative, None


@bp.route("/<token>", methods=["GET", "HEAD", "POST"])
def answer(token: str):
    """GET shows the chosen answer with a button; only the POST records it."""
    initiative, page = _initiative_or_page(token)
    if page:
        return page
    form = VerdictForm()
    if request.method != "POST":
        chosen = request.args.get("antwoord")
        form.verdict.data = chosen if chosen in VERDICTS else None
        return render_template("evaluation/answer.html", form=form, initiative=initiative)
    if not form.validate():
        return render_template("evaluation/answer.html", form=form, initiative=initiative), 422
    record_verdict(initiative, form.verdict.data, form.remark.data or "", utcnow())
    db.session.commit()
    return render_template("evaluation/thanks.html", initiative=initiative, again=False)
