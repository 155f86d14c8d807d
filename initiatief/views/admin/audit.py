"""Logboek: who viewed, printed, exported, changed or anonymised residents' personal data.

Page and CSV read the same filter form and the same query, so the download is
exactly the filtered list. Looking at the log is not a look at a resident's
data (it names staff and initiative numbers only), so it writes no entry itself.
"""

from flask import Response, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from ...dates.planning import today_local
from ...extensions import db
from ...forms.audit import AuditFilterForm
from ...inputs import parse_id
from ...models import User, utcnow
from ...models.types import local
from ...rendering import format_day
from ...services import audit_log
from ...services.audit_log import AuditFilters
from ...services.paging import paginate
from ..staff.dashboard_format import to_csv
from ..staff.dashboard_tables import Cell, Column, Table
from . import bp

FILTER_KEYS = ("nummer", "medewerker", "van", "tot")


def _form() -> AuditFilterForm:
    form = AuditFilterForm(formdata=request.args)
    form.today = today_local(utcnow())
    staff = db.session.execute(select(User).order_by(User.name)).scalars()
    form.set_staff(staff, _("Alle medewerkers"))
    return form


def _filters(form: AuditFilterForm) -> AuditFilters | None:
    """The validated form as filters; None (with the error on the field) for an unknown number."""
    initiative_id = None
    if form.nummer.data and form.nummer.data.strip():
        initiative_id = audit_log.initiative_id_for(form.nummer.data)
        if initiative_id is None:
            form.nummer.errors = [
                _("Er is geen initiatief met dit nummer. Schrijf het zoals INI-2026-0042.")
            ]
            return None
    return AuditFilters(
        initiative_id=initiative_id,
        user_id=form.user_id,
        start=form.van.data,
        end=form.tot.data,
    )


def _args() -> dict[str, str]:
    return {key: request.args[key] for key in FILTER_KEYS if request.args.get(key)}


def when_text(moment) -> str:
    """'3 maart 2026 16.30', Amsterdam time."""
    clock = local(moment)
    return f"{format_day(moment)} {clock.hour:02d}.{clock.minute:02d}"


def _rows(found: list) -> list[dict]:
    """Each entry as the page and the CSV show it."""
    names = audit_log.staff_names([row.AuditEntry.actor for row in found])
    return [
        {
            "when": row.AuditEntry.created_at,
            "when_text": when_text(row.AuditEntry.created_at),
            "who": audit_log.actor_label(row.AuditEntry.actor, names),
            "what": audit_log.action_label(row.AuditEntry),
            "number": row.number,
            "result": audit_log.result_label(row.AuditEntry.result),
            "origin": row.AuditEntry.origin,
            "reason": row.AuditEntry.reason,
        }
        for row in found
    ]


def _invalid(form):
    page = render_template("admin/audit.html", form=form, rows=None, args=_args())
    return page, 400


@bp.get("/audit")
def audit():
    form = _form()
    if not form.validate():
        return _invalid(form)
    filters = _filters(form)
    if filters is None:
        return _invalid(form)
    found = paginate(audit_log.entries(filters), parse_id(request.args.get("pagina")) or 1)
    return render_template(
        "admin/audit.html",
        form=form,
        rows=_rows(found.rows),
        total=found.total,
        page=found.page,
        pages=found.pages,
        args=_args(),
    )


def audit_table(rows: list[dict]) -> Table:
    """The list as a dashboard table, so the CSV follows the dashboard's rules."""
    columns = [
        Column(_("Wanneer"), "moment"),
        Column(_("Wie")),
        Column(_("Wat")),
        Column(_("Initiatief")),
        Column(_("Resultaat")),
        Column(_("Herkomst")),
        Column(_("Reden")),
    ]
    keys = ("when", "who", "what", "number", "result", "origin", "reason")
    return Table(
        slug="audit",
        caption=_("Logboek persoonsgegevens"),
        columns=columns,
        rows=[[Cell(row[key] if row[key] is not None else "") for key in keys] for row in rows],
    )


@bp.get("/audit.csv")
def audit_csv():
    form = _form()
    if not form.validate():
        return _invalid(form)
    filters = _filters(form)
    if filters is None:
        return _invalid(form)
    found = db.session.execute(audit_log.entries(filters)).all()
    body = to_csv(audit_table(_rows(found)))
    filename = f"logboek-{today_local(utcnow()).isoformat()}.csv"
    return Response(
        body,
        mimetype="text/csv",
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )
