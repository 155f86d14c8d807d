"""Wijken en teams: which team covers which wijk, who is in a team, who takes unrouted intakes."""

from flask import abort, render_template, url_for
from flask_babel import gettext as _

from ...extensions import db
from ...forms.admin import TeamForm, WijkForm
from ...models import Team, Wijk
from ...services.config import organisation as service
from ...services.errors import DomainError
from ..transactions import refuse_into
from . import bp, done, form_page, run


@bp.get("/teams")
def organisation():
    return render_template(
        "admin/organisation.html",
        teams=service.teams(),
        loose_wijken=[w for w in service.wijken() if w.team is None],
    )


def team_form(team: Team | None) -> TeamForm:
    form = TeamForm(obj=team)
    form.member_ids.choices = [
        (u.id, f"{u.name}" if u.active else _("%(name)s (account uitgezet)", name=u.name))
        for u in service.staff_members()
    ]
    if team is not None and not form.is_submitted():
        form.member_ids.data = [u.id for u in team.members]
    return form


def save_team(team: Team | None):
    form = team_form(team)
    if not form.validate_on_submit():
        return form_page("admin/team_form.html", form, team=team)
    try:
        saved, previous = run(
            service.save_team,
            team,
            name=form.name.data,
            email=form.email.data or "",
            takes_unrouted=form.takes_unrouted.data,
            member_ids=form.member_ids.data or [],
        )
    except DomainError as refused:
        problem = refuse_into(form, refused)
        return form_page("admin/team_form.html", form, problem, team=team)
    message = _("Het team %(name)s is opgeslagen.", name=saved.name)
    if previous is not None:
        message += " " + _(
            "Initiatieven zonder bekende wijk gaan nu naar dit team, niet meer naar %(other)s.",
            other=previous.name,
        )
    return done(message, url_for("admin.organisation"))


@bp.route("/teams/nieuw", methods=["GET", "POST"])
def new_team():
    return save_team(None)


@bp.route("/teams/<int:team_id>", methods=["GET", "POST"])
def team(team_id: int):
    return save_team(db.session.get(Team, team_id) or abort(404))


def save_wijk(wijk: Wijk | None):
    form = WijkForm(obj=wijk)
    # String values: the select macro compares them with the data as text.
    form.team_id.choices = [("0", _("Geen team: het team voor onbekende wijken helpt"))] + [
        (str(t.id), t.name) for t in service.teams()
    ]
    if not form.is_submitted():
        form.team_id.data = (wijk.team_id or 0) if wijk else 0
    if not form.validate_on_submit():
        return form_page("admin/wijk_form.html", form, wijk=wijk)
    try:
        saved = run(service.save_wijk, wijk, name=form.name.data, team_id=form.team_id.data or None)
    except DomainError as refused:
        problem = refuse_into(form, refused)
        return form_page("admin/wijk_form.html", form, problem, wijk=wijk)
    return done(
        _("De wijk %(name)s is opgeslagen.", name=saved.name), url_for("admin.organisation")
    )


@bp.route("/wijken/nieuw", methods=["GET", "POST"])
def new_wijk():
    return save_wijk(None)


@bp.route("/wijken/<int:wijk_id>", methods=["GET", "POST"])
def wijk(wijk_id: int):
    return save_wijk(db.session.get(Wijk, wijk_id) or abort(404))
