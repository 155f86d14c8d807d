"""A coördinator exports or anonymises one initiative's resident data on request (AVG).

Both need a written reason and both are audited with it. Anonymising has a
confirm step that says what goes and what stays; the work is the same function
the retention job and the resident's own request use (services.anonymise).
The pages themselves show no personal data, only the initiative.
"""

import json

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...forms.personal_data import AnonymiseForm, ExportForm
from ...models import Role, User, utcnow
from ...services import audit
from ...services.anonymise import Cause, anonymise
from ...services.personal_data import initiative_data
from ..transactions import perform
from . import bp, role_required
from .initiative import initiative_or_404

COORDINATORS = (Role.COORDINATOR, Role.BEHEERDER)


def data_page(initiative, export_form=None, anonymise_form=None, code: int = 200):
    page = render_template(
        "staff/personal_data.html",
        initiative=initiative,
        export_form=export_form or ExportForm(formdata=None),
        anonymise_form=anonymise_form or AnonymiseForm(formdata=None),
    )
    return page, code


@bp.get("/initiatief/<number>/gegevens")
@role_required(*COORDINATORS)
def personal_data(number: str):
    return data_page(initiative_or_404(number))


@bp.post("/initiatief/<number>/gegevens/export")
@role_required(*COORDINATORS)
def export_data(number: str):
    """The JSON file, audited as an export with the reason given."""
    initiative = initiative_or_404(number)
    form = ExportForm()
    if not form.validate():
        return data_page(initiative, export_form=form, code=422)
    now = utcnow()
    data = initiative_data(initiative, now)
    perform(
        audit.record,
        actor=current_user,
        action="export",
        initiative=initiative,
        now=now,
        origin=request.remote_addr or "",
        reason=form.reason.data.strip(),
    )
    filename = f"gegevens-{initiative.number}-{now:%Y-%m-%d}.json"
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.post("/initiatief/<number>/gegevens/anonimiseren")
@role_required(*COORDINATORS)
def anonymise_data(number: str):
    """The confirm step first, then (bevestigd=ja, from its button) the anonymising itself.

    The confirm page says what goes and what stays, and carries the reason along.
    """
    initiative = initiative_or_404(number)
    form = AnonymiseForm()
    if not form.validate():
        return data_page(initiative, anonymise_form=form, code=422)
    if request.form.get("bevestigd") != "ja":
        if initiative.initiator is None or initiative.initiator.anonymised_at is not None:
            return data_page(initiative, code=409)
        return render_template("staff/anonymise_confirm.html", initiative=initiative, form=form)
    now = utcnow()
    reason = form.reason.data.strip()
    actor = db.session.get(User, current_user.id)
    # The reason goes on the event and on the audit line anonymise writes.
    done = perform(anonymise, [initiative.id], now=now, cause=Cause.STAFF, actor=actor, note=reason)
    if done:
        flash(_("De gegevens van de inwoner zijn verwijderd."), "ok")
    else:
        flash(_("De gegevens van de inwoner waren al verwijderd."), "info")
    return redirect(url_for("staff.initiative", number=number), code=303)
