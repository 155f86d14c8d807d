"""The worklist: what needs attention, within the staff member's scope."""

from dataclasses import replace

from flask import render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from ...dates.planning import today_local
from ...extensions import db
from ...inputs import parse_id
from ...models import Journey, Phase, Team, User, Wijk, utcnow
from ...services.intake import THEMES
from ...services.worklist import SORTS, VIEWS, WorklistQuery, load_worklist, start_view
from . import bp


def _int(name: str) -> int | None:
    return parse_id(request.args.get(name))


def read_query() -> WorklistQuery:
    """Filters from the query string; anything unknown falls back to a default."""
    view = request.args.get("weergave", "mijn")
    sort = request.args.get("sorteer", "termijn")
    return WorklistQuery(
        view=view if view in VIEWS else "mijn",
        phase=request.args.get("fase", "")[:120],
        wijk_id=_int("wijk"),
        team_id=_int("team"),
        journey_id=_int("klantreis"),
        theme=request.args.get("thema", "")[:40],
        contact_id=_int("contactpersoon"),
        text=request.args.get("zoek", "")[:120],
        sort=sort if sort in SORTS else "termijn",
        page=_int("pagina") or 1,
    )


def filter_options() -> dict:
    names = db.session.execute(select(Phase.name).distinct().order_by(Phase.name)).scalars()
    return {
        "phases": list(names),
        "wijken": db.session.execute(select(Wijk).order_by(Wijk.name)).scalars().all(),
        "teams": db.session.execute(select(Team).order_by(Team.name)).scalars().all(),
        "journeys": db.session.execute(select(Journey).order_by(Journey.name)).scalars().all(),
        "contacts": db.session.execute(
            select(User).where(User.active.is_(True)).order_by(User.name)
        )
        .scalars()
        .all(),
        "themes": THEMES,
    }


@bp.get("/")
@login_required
def worklist():
    query = read_query()
    today = today_local(utcnow())
    if "weergave" not in request.args:
        query = replace(query, view=start_view(current_user, today))
    page = load_worklist(current_user, query, today)
    args = {k: v for k, v in request.args.items() if k != "pagina" and v}
    return render_template(
        "staff/worklist.html",
        query=query,
        page=page,
        today=today,
        options=filter_options(),
        args=args,
        views=VIEWS,
    )
