"""One initiative as staff see it: what the resident sent, contact data, history, actions."""

from flask import abort, render_template
from flask_login import current_user, login_required
from sqlalchemy import select

from ...dates.planning import load_calendar, today_local
from ...dates.timeline import build_timeline
from ...extensions import db
from ...models import CallbackRequest, Event, Journey, Team, User, utcnow
from ...services import audit
from ...services.actions import OUTCOME_LABELS
from ...services.evaluation import existing_verdict
from ...services.follow_up import follow_up_pending
from ...services.scoping import visible_initiative
from ..viewing import record_view
from . import bp


def initiative_or_404(number: str):
    """Out of scope looks the same as not there: ids in URLs are never enough."""
    initiative = visible_initiative(current_user, number)
    if initiative is None:
        abort(404)
    return initiative


def page_context(initiative) -> dict:
    now = utcnow()
    events = (
        db.session.execute(
            select(Event)
            .where(Event.initiative_id == initiative.id)
            .order_by(Event.created_at.desc(), Event.id.desc())
        )
        .scalars()
        .all()
    )
    callbacks = (
        db.session.execute(
            select(CallbackRequest)
            .where(CallbackRequest.initiative_id == initiative.id)
            .order_by(CallbackRequest.created_at.desc())
        )
        .scalars()
        .all()
    )
    feedback = existing_verdict(initiative)
    return {
        "initiative": initiative,
        "feedback": feedback,
        "follow_up_pending": follow_up_pending(feedback),
        "timeline": build_timeline(initiative, load_calendar(), today_local(now)),
        "events": events,
        "callbacks": callbacks,
        "options": action_options(),
        "today": today_local(now),
    }


def action_options() -> dict[str, list[tuple]]:
    """Choices for the action forms, as (value, label) pairs."""
    journeys = db.session.execute(select(Journey).order_by(Journey.name)).scalars()
    teams = db.session.execute(select(Team).order_by(Team.name)).scalars()
    staff = db.session.execute(select(User).where(User.active.is_(True)).order_by(User.name))
    return {
        "journeys": [(j.id, j.name) for j in journeys],
        "teams": [(t.id, t.name) for t in teams],
        "staff": [
            (u.id, f"{u.name} ({u.job_title})" if u.job_title else u.name) for u in staff.scalars()
        ],
        "outcomes": list(OUTCOME_LABELS.items()),
    }


def render_initiative(initiative, status: int = 200, **forms):
    """The page, recording that this staff member saw the resident's contact data."""
    record_view(audit.record, actor=current_user, action="view", initiative=initiative)
    return render_template("staff/initiative.html", forms=forms, **page_context(initiative)), status


@bp.get("/initiatief/<number>")
@login_required
def initiative(number: str):
    return render_initiative(initiative_or_404(number))
