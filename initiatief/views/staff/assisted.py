"""For residents who are not online: an intake taken by phone or at the desk, and a letter."""

from datetime import datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...dates.planning import load_calendar, today_local
from ...dates.timeline import build_timeline
from ...extensions import db
from ...forms.intake import AssistedIntakeForm
from ...models import Role, User, utcnow
from ...services import audit
from ...services.intake import submit_initiative
from ..transactions import perform
from ..viewing import record_view
from . import bp, role_required
from .initiative import initiative_or_404


def submit_for_resident(form: AssistedIntakeForm, staff: User, now: datetime):
    """Submit the intake staff took; they typed in personal data, so it is audited as a change."""
    initiative = submit_initiative(
        form.to_data(), now, entered_by=staff, language=form.language.data
    )
    audit.record(
        actor=staff,
        action="create",
        initiative=initiative,
        now=now,
        origin=request.remote_addr or "",
    )
    return initiative


@bp.route("/intake", methods=["GET", "POST"])
@role_required(Role.COORDINATOR, Role.BEHEERDER)
def assisted_intake():
    form = AssistedIntakeForm()
    form.load_choices()
    if not form.validate_on_submit():
        return render_template("staff/assisted_intake.html", form=form), (
            422 if form.errors else 200
        )
    staff = db.session.get(User, current_user.id)
    initiative = perform(submit_for_resident, form, staff, utcnow())
    flash(
        _(
            "Ingediend als %(number)s. Print de brief voor de inwoner of lees hem voor.",
            number=initiative.number,
        ),
        "ok",
    )
    return redirect(url_for("staff.letter", number=initiative.number), code=303)


@bp.get("/initiatief/<number>/brief")
@login_required
def letter(number: str):
    """The status page as a letter: address, what happens when, who helps, how to reach them."""
    initiative = initiative_or_404(number)
    if initiative.initiator.anonymised_at is not None:
        message = _("De gegevens van de inwoner zijn verwijderd: er is geen adres meer.")
        return render_template("errors/error.html", code=410, message=message), 410
    record_view(audit.record, actor=current_user, action="print", initiative=initiative)
    now = utcnow()
    timeline = build_timeline(initiative, load_calendar(), today_local(now))
    return render_template(
        "staff/letter.html", initiative=initiative, timeline=timeline, today=today_local(now)
    )
