"""The staff worklist: open initiatives within the user's scope, filtered, sorted, paged."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, func, or_, select

from ..extensions import db
from ..models import (
    CallbackRequest,
    DataRequest,
    DataRequestStatus,
    Initiative,
    Initiator,
    Pause,
    Phase,
    PhaseVisit,
    Status,
    User,
    team_members,
)
from .paging import paginate
from .scoping import scope, sees_everything

VIEWS = (
    "mijn",
    "team",
    "nieuw",
    "deze-week",
    "te-laat",
    "gepauzeerd",
    "terugbellen",
    "verwijderverzoek",
    "alle",
)
SORTS = ("termijn", "nieuwste", "oudste", "nummer")


@dataclass
class WorklistQuery:
    view: str = "mijn"
    phase: str = ""  # phase name: the same step across journeys
    wijk_id: int | None = None
    team_id: int | None = None
    journey_id: int | None = None
    theme: str = ""
    contact_id: int | None = None
    text: str = ""
    sort: str = "termijn"
    page: int = 1


@dataclass
class WorklistRow:
    initiative: Initiative
    visit: PhaseVisit | None
    open_pause: Pause | None = None
    open_callbacks: int = 0
    # The resident's request to delete their data, while waiting for an answer.
    data_request: DataRequest | None = None
    # The resident's language when it is not Dutch ("en"): staff know before they call.
    language: str = ""

    def days_left(self, today: date) -> int | None:
        if self.visit is None or self.visit.due_on is None:
            return None
        return (self.visit.due_on - today).days


@dataclass
class WorklistPage:
    rows: list[WorklistRow] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1


def _filtered(user: User, query: WorklistQuery, today: date):
    statement = (
        select(Initiative, PhaseVisit)
        .outerjoin(
            PhaseVisit,
            and_(PhaseVisit.initiative_id == Initiative.id, PhaseVisit.left_at.is_(None)),
        )
        .outerjoin(Phase, Phase.id == PhaseVisit.phase_id)
        .where(Initiative.status.in_([Status.ACTIVE, Status.PAUSED]))
    )
    statement = scope(statement, user)
    view = query.view
    if view == "mijn":
        statement = statement.where(Initiative.contact_id == user.id)
    elif view == "team":
        own_teams = select(team_members.c.team_id).where(team_members.c.user_id == user.id)
        statement = statement.where(Initiative.team_id.in_(own_teams))
    elif view == "nieuw":
        statement = statement.where(Phase.position == 1)
    elif view == "deze-week":
        statement = statement.where(PhaseVisit.due_on.between(today, today + timedelta(days=7)))
    elif view == "te-laat":
        statement = statement.where(PhaseVisit.due_on < today, Initiative.status == Status.ACTIVE)
    elif view == "gepauzeerd":
        statement = statement.where(Initiative.status == Status.PAUSED)
    elif view == "terugbellen":
        open_calls = select(CallbackRequest.initiative_id).where(
            CallbackRequest.handled_at.is_(None)
        )
        statement = statement.where(Initiative.id.in_(open_calls))
    elif view == "verwijderverzoek":
        open_requests = select(DataRequest.initiative_id).where(
            DataRequest.status == DataRequestStatus.OPEN
        )
        statement = statement.where(Initiative.id.in_(open_requests))
    if query.phase:
        statement = statement.where(Phase.name == query.phase)
    for column, value in (
        (Initiative.wijk_id, query.wijk_id),
        (Initiative.team_id, query.team_id),
        (Initiative.journey_id, query.journey_id),
        (Initiative.contact_id, query.contact_id),
    ):
        if value:
            statement = statement.where(column == value)
    if query.theme:
        statement = statement.where(Initiative.theme == query.theme)
    if query.text.strip():
        needle = f"%{query.text.strip().lower()}%"
        statement = statement.where(
            or_(
                func.lower(Initiative.number).like(needle),
                func.lower(Initiative.title).like(needle),
            )
        )
    return statement


def start_view(user: User, today: date) -> str:
    """The view a staff member lands on when they choose none: where their work waits.

    A coördinator (or beheerder) with untriaged intakes starts at "nieuw", because
    triage is their job; anyone else at their own initiatives, and with none of
    their own at their team's (a coördinator: all).
    """
    coordinates = sees_everything(user)
    candidates = ["nieuw", "mijn"] if coordinates else ["mijn"]
    for view in candidates:
        found = _filtered(user, WorklistQuery(view=view), today).limit(1)
        if db.session.execute(found).first() is not None:
            return view
    return "alle" if coordinates else "team"


ORDER = {
    "termijn": (PhaseVisit.due_on.is_(None), PhaseVisit.due_on, Initiative.id),
    "nieuwste": (Initiative.submitted_at.desc(), Initiative.id.desc()),
    "oudste": (Initiative.submitted_at, Initiative.id),
    "nummer": (Initiative.number,),
}


def load_worklist(user: User, query: WorklistQuery, today: date) -> WorklistPage:
    """One page of the worklist; the counting and paging happen in SQL."""
    statement = _filtered(user, query, today)
    ordered = statement.order_by(*ORDER.get(query.sort, ORDER["termijn"]))
    found = paginate(ordered, query.page)
    rows = [WorklistRow(initiative, visit) for initiative, visit in found.rows]
    _attach_pauses_and_callbacks(rows)
    return WorklistPage(rows=rows, total=found.total, page=found.page, pages=found.pages)


def _attach_pauses_and_callbacks(rows: list[WorklistRow]) -> None:
    """Four queries for the whole page (pauses, call-backs, deletion requests, languages)."""
    visit_ids = [r.visit.id for r in rows if r.visit is not None]
    initiative_ids = [r.initiative.id for r in rows]
    pauses = {
        p.visit_id: p
        for p in db.session.execute(
            select(Pause).where(Pause.visit_id.in_(visit_ids), Pause.ended_at.is_(None))
        ).scalars()
    }
    calls = dict(
        db.session.execute(
            select(CallbackRequest.initiative_id, func.count())
            .where(
                CallbackRequest.initiative_id.in_(initiative_ids),
                CallbackRequest.handled_at.is_(None),
            )
            .group_by(CallbackRequest.initiative_id)
        ).all()
    )
    requests = {
        r.initiative_id: r
        for r in db.session.execute(
            select(DataRequest).where(
                DataRequest.initiative_id.in_(initiative_ids),
                DataRequest.status == DataRequestStatus.OPEN,
            )
        ).scalars()
    }
    languages = dict(
        db.session.execute(
            select(Initiator.initiative_id, Initiator.language).where(
                Initiator.initiative_id.in_(initiative_ids), Initiator.language != "nl"
            )
        ).all()
    )
    for row in rows:
        row.open_pause = pauses.get(row.visit.id) if row.visit is not None else None
        row.open_callbacks = calls.get(row.initiative.id, 0)
        row.data_request = requests.get(row.initiative.id)
        row.language = languages.get(row.initiative.id, "")
