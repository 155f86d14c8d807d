"""The coördinator's bottleneck dashboard (DESIGN §5): page, CSV per table, drill-down lists.

All three read the same filter form and call the same service, so a figure, its
CSV row and the list behind it always agree. A medewerker sees only their own
teams' figures: the service scopes every query to the viewer. They write nothing
but the audit lines of residents' remarks shown (views/viewing.py).
"""

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...dates.planning import today_local
from ...extensions import db
from ...forms.dashboard import DashboardForm
from ...inputs import parse_id
from ...models import Initiative, Journey, Role, Team, User, Wijk, utcnow
from ...rendering import format_day
from ...services import audit, bottlenecks
from ...services.paging import paginate
from ..viewing import record_view
from . import bp, role_required
from .dashboard_charts import charts_for
from .dashboard_format import cell_text, csv_download, page_rows
from .dashboard_tables import TABLES, all_tables
from .drilldown_labels import describe

STAFF_ROLES = (Role.MEDEWERKER, Role.COORDINATOR, Role.BEHEERDER)
FILTER_KEYS = ("van", "tot", "klantreis", "wijk", "team", "contactpersoon", "thema")


@bp.app_template_filter("dashboard_cell")
def _dashboard_cell(value, kind: str = "text"):
    return cell_text(value, kind)


@bp.app_template_global("dashboard_rows")
def _dashboard_rows(table, args):
    return page_rows(table, args)


# The tables that show what residents wrote (their remarks with an evaluation).
RESIDENT_TEXT_TABLES = ("opmerkingen", "ontevreden")


def remarks_seen(board, action: str, tables=RESIDENT_TEXT_TABLES) -> None:
    """Audit the looks at residents' remarks: one line per initiative whose remark is shown."""
    numbers = []
    if "opmerkingen" in tables:
        numbers += [remark.number for remark in board.remarks]
    if "ontevreden" in tables:
        numbers += [item.number for item in board.unhappy if item.remark]
    if numbers:
        record_view(audit.record_numbers, actor=current_user, action=action, numbers=numbers)


def _form(today):
    """The filter form on the query string, with the lists of what exists to choose from."""
    form = DashboardForm(formdata=request.args)
    form.today = today
    form.set_choices(
        db.session.execute(select(Journey).order_by(Journey.name)).scalars(),
        db.session.execute(select(Wijk).order_by(Wijk.name)).scalars(),
        db.session.execute(select(Team).order_by(Team.name)).scalars(),
        db.session.execute(select(User).where(User.active.is_(True)).order_by(User.name))
        .scalars()
        .all(),
        _("Alle"),
    )
    return form


def _filter_args() -> dict[str, str]:
    """The filters as typed, to carry into the CSV and list links."""
    return {key: request.args[key] for key in FILTER_KEYS if request.args.get(key)}


def _invalid(form, today):
    """The page with the form and its errors, nothing computed: bad input is a 400."""
    page = render_template(
        "staff/dashboard.html", form=form, board=None, today=today, args=_filter_args()
    )
    return page, 400


def not_ready_message(error: bottlenecks.FiguresNotReady) -> str:
    return _(
        "De cijfers zijn nog niet klaar. Het dashboard telt werkdagen met een kalender die "
        "elke nacht wordt bijgewerkt, en die loopt nog niet tot en met %(day)s. Kijk morgen "
        "opnieuw, of vraag de technisch beheerder om nu 'flask count-outcomes' uit te voeren.",
        day=format_day(error.needed),
    )


def _not_ready(form, today, error: bottlenecks.FiguresNotReady):
    """The page with the form and why no figure is shown: counting now would give wrong ones."""
    page = render_template(
        "staff/dashboard.html",
        form=form,
        board=None,
        not_ready=not_ready_message(error),
        today=today,
        args=_filter_args(),
    )
    return page, 503


def _list_error(message: str, form, status: int):
    """The list page with only why there is no list."""
    page = render_template(
        "staff/dashboard_list.html", error=message, args=_filter_args(), form=form
    )
    return page, status


@bp.get("/dashboard")
@role_required(*STAFF_ROLES)
def dashboard():
    today = today_local(utcnow())
    form = _form(today)
    if not form.validate():
        return _invalid(form, today)
    filters = form.filters(today)
    try:
        board = bottlenecks.build_dashboard(filters, current_user, today)
    except bottlenecks.FiguresNotReady as error:
        return _not_ready(form, today, error)
    # The residents' remarks are their own words: each initiative shown is audited.
    remarks_seen(board, "view")
    tables = all_tables(board)
    return render_template(
        "staff/dashboard.html",
        form=form,
        board=board,
        filters=filters,
        tables=tables,
        charts=charts_for(board),
        min_group=bottlenecks.MIN_GROUP_SIZE,
        today=today,
        args=_filter_args(),
    )


@bp.get("/dashboard/<table>.csv")
@role_required(*STAFF_ROLES)
def dashboard_csv(table: str):
    if table not in TABLES:
        abort(404)
    today = today_local(utcnow())
    form = _form(today)
    if not form.validate():
        return _invalid(form, today)
    try:
        board = bottlenecks.build_dashboard(form.filters(today), current_user, today)
    except bottlenecks.FiguresNotReady as error:
        return _not_ready(form, today, error)
    if table in RESIDENT_TEXT_TABLES:
        remarks_seen(board, "export", (table,))
    return csv_download(TABLES[table](board), f"dashboard-{table}-{today.isoformat()}.csv")


@bp.get("/dashboard/lijst")
@role_required(*STAFF_ROLES)
def dashboard_list():
    today = today_local(utcnow())
    form = _form(today)
    figure = request.args.get("figuur", "")
    value = request.args.get("waarde") or None
    if not form.validate():
        return _invalid(form, today)
    filters = form.filters(today)
    try:
        statement = bottlenecks.initiatives_behind(figure, value, filters, current_user, today)
    except bottlenecks.NoSuchList:
        message = _("Deze lijst bestaat niet. Ga terug naar het dashboard en kies een getal.")
        return _list_error(message, form, 400)
    except bottlenecks.FiguresNotReady as error:
        return _list_error(not_ready_message(error), form, 503)
    statement = statement.options(selectinload(Initiative.team), selectinload(Initiative.contact))
    found = paginate(statement, parse_id(request.args.get("pagina")) or 1)
    return render_template(
        "staff/dashboard_list.html",
        error=None,
        form=form,
        title=describe(figure, value),
        rows=[row.Initiative for row in found.rows],
        total=found.total,
        page=found.page,
        pages=found.pages,
        args={**_filter_args(), "figuur": figure, **({"waarde": value} if value else {})},
        today=today,
    )
