"""The answer to the evaluation mail: the link picks an answer, the button sends it.

The token in the URL names one initiative; nothing here takes an initiative id
from anywhere else. GET and HEAD only show the page (mail scanners open links).
"""

from flask import Blueprint, current_app, render_template, request

from ..forms.evaluation import VerdictForm
from ..models import utcnow
from ..services.evaluation import existing_verdict, record_verdict
from ..signed_links import VERDICTS, TokenExpired, initiative_for_token
from .transactions import perform

bp = Blueprint("evaluation", __name__, url_prefix="/evaluatie")


@bp.after_request
def not_cached(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def _thanks(initiative, feedback, again: bool):
    """The thank-you page; an unhappy resident reads who gets in touch and how."""
    return render_template(
        "evaluation/thanks.html",
        initiative=initiative,
        feedback=feedback,
        again=again,
        call_back=bool(feedback and feedback.follow_up_requested),
        has_phone=bool(initiative.initiator and initiative.initiator.phone),
    )


def _initiative_or_page(token: str):
    try:
        initiative = initiative_for_token(token)
    except TokenExpired:
        return None, (render_template("evaluation/expired.html", expired=True), 410)
    if initiative is None:
        return None, (render_template("evaluation/expired.html", expired=False), 404)
    feedback = existing_verdict(initiative)
    if feedback is not None:
        return None, (_thanks(initiative, feedback, again=True), 200)
    return initiative, None


def _answer_page(form, initiative, status: int = 200):
    return render_template("evaluation/answer.html", form=form, initiative=initiative), status


@bp.route("/<token>", methods=["GET", "HEAD", "POST"])
def answer(token: str):
    """GET shows the chosen answer with a button; only the POST records it, once."""
    initiative, page = _initiative_or_page(token)
    if page:
        return page
    form = VerdictForm()
    if request.method != "POST":
        chosen = request.args.get("antwoord")
        form.verdict.data = chosen if chosen in VERDICTS else None
        return _answer_page(form, initiative)
    if not form.validate():
        return _answer_page(form, initiative, 422)
    feedback = perform(
        record_verdict,
        initiative,
        form.verdict.data,
        utcnow(),
        scores=form.scores(),
        remark=form.remark.data or "",
    )
    if feedback is None:  # a second POST at the same moment: the first one counts
        current_app.logger.info("evaluation for initiative %s was already answered", initiative.id)
        return _thanks(initiative, existing_verdict(initiative), again=True)
    return _thanks(initiative, feedback, again=False)
