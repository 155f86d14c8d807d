"""Gesloten dagen: days the municipality is closed, which do not count as working days."""

from datetime import date

from flask import abort, url_for
from flask_babel import gettext as _

from ...forms.admin import ClosedDayForm
from ...models import utcnow
from ...models.types import local
from ...rendering import format_day
from ...services.config import closed_days as service
from ...services.errors import DomainError
from ..transactions import refuse_into
from . import bp, done, form_page, run


def closed_days_page(form: ClosedDayForm, problem=None):
    return form_page(
        "admin/closed_days.html",
        form,
        problem,
        days=service.closed_days(),
        today=local(utcnow()).date(),
    )


@bp.route("/gesloten-dagen", methods=["GET", "POST"])
def closed_days():
    form = ClosedDayForm()
    if not form.validate_on_submit():
        return closed_days_page(form)
    try:
        run(service.add_closed_day, form.day.data, form.reason.data)
    except DomainError as refused:
        return closed_days_page(form, refuse_into(form, refused))
    return done(
        _("%(day)s is toegevoegd als gesloten dag.", day=format_day(form.day.data)),
        url_for("admin.closed_days"),
    )


@bp.post("/gesloten-dagen/<day>/verwijderen")
def delete_closed_day(day: str):
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        abort(404)
    try:
        run(service.delete_closed_day, parsed)
    except DomainError as refused:
        return closed_days_page(ClosedDayForm(formdata=None), refused.message)
    return done(
        _("%(day)s is geen gesloten dag meer.", day=format_day(parsed)),
        url_for("admin.closed_days"),
    )
