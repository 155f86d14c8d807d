"""Bewaartermijnen: how long personal data is kept, set by the beheerder (audited)."""

from flask import url_for
from flask_babel import gettext as _

from config import RETENTION_MIN_CLOSED_MONTHS, RETENTION_MIN_OUTBOX_DAYS

from ...forms.admin import RetentionForm
from ...models import utcnow
from ...services.config.retention import Periods, current_periods, set_periods
from ...services.errors import DomainError
from ..transactions import refuse_into
from . import actor, bp, done, form_page, run


def retention_page(form: RetentionForm, problem=None):
    return form_page(
        "admin/retention.html",
        form,
        problem,
        current=current_periods(),
        min_months=RETENTION_MIN_CLOSED_MONTHS,
        min_days=RETENTION_MIN_OUTBOX_DAYS,
    )


@bp.route("/bewaartermijnen", methods=["GET", "POST"])
def retention():
    current = current_periods()
    form = RetentionForm(
        data={"closed_months": current.closed_months, "outbox_days": current.outbox_days}
    )
    if not form.validate_on_submit():
        return retention_page(form)
    periods = Periods(form.closed_months.data, form.outbox_days.data)
    try:
        run(set_periods, periods, actor=actor(), now=utcnow())
    except DomainError as refused:
        return retention_page(form, refuse_into(form, refused))
    return done(
        _(
            "De bewaartermijnen zijn opgeslagen: %(months)s maanden en %(days)s dagen.",
            months=periods.closed_months,
            days=periods.outbox_days,
        ),
        url_for("admin.retention"),
    )
