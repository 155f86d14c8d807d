"""Medewerkers: staff accounts, their role and teams, and getting them (back) in or out."""

from flask import abort, render_template, url_for
from flask_babel import gettext as _

from ...extensions import db
from ...forms.admin import ROLE_LABELS, EmptyForm, NewUserForm, UserForm
from ...models import Role, User, utcnow
from ...services.config import organisation as service
from ...services.errors import DomainError
from ..transactions import refuse_into
from . import actor, bp, done, form_page, run


def user_or_404(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


@bp.get("/medewerkers")
def users():
    return render_template(
        "admin/users.html", users=service.staff_members(), roles=ROLE_LABELS, now=utcnow()
    )


def with_team_choices(form):
    form.team_ids.choices = [(t.id, t.name) for t in service.teams()]
    return form


def password_page(user: User, password: str, new: bool):
    """The one-time password, shown once: rendered from the POST itself, never stored or
    put in the (readable) session cookie; the page is not cached (no-store)."""
    return render_template("admin/password.html", user=user, password=password, new=new)


@bp.route("/medewerkers/nieuw", methods=["GET", "POST"])
def new_user():
    form = with_team_choices(NewUserForm(role=Role.MEDEWERKER.value))
    if not form.validate_on_submit():
        return form_page("admin/user_form.html", form, user=None)
    try:
        user, password = run(
            service.create_user,
            name=form.name.data,
            email=form.email.data,
            role=form.role.data,
            team_ids=form.team_ids.data or [],
        )
    except DomainError as refused:
        problem = refuse_into(form, refused)
        return form_page("admin/user_form.html", form, problem, user=None)
    return password_page(user, password, new=True)


def user_page(user: User, form, problem=None):
    return form_page(
        "admin/user_form.html",
        form,
        problem,
        user=user,
        is_self=user.id == actor().id,
        open_initiatives=service.open_initiatives_of(user),
        buttons=EmptyForm(),
    )


@bp.route("/medewerkers/<int:user_id>", methods=["GET", "POST"])
def user(user_id: int):
    user = user_or_404(user_id)
    form = with_team_choices(UserForm(obj=user))
    if not form.is_submitted():
        form.team_ids.data = [t.id for t in user.teams]
    if not form.validate_on_submit():
        return user_page(user, form)
    try:
        run(
            service.update_user,
            user,
            actor(),
            name=form.name.data,
            role=form.role.data,
            team_ids=form.team_ids.data or [],
        )
    except DomainError as refused:
        return user_page(user, form, refuse_into(form, refused))
    return done(
        _("De gegevens van %(name)s zijn opgeslagen.", name=user.name), url_for("admin.users")
    )


def account_problem(user_id: int, message: str):
    """The account page again, with why a button did not work at the top."""
    user = user_or_404(user_id)
    form = with_team_choices(UserForm(formdata=None, obj=user))
    form.team_ids.data = [t.id for t in user.teams]
    return user_page(user, form, message)


def account_action(user_id: int, operation, message: str):
    """One button on the account: call the service, or show why not on the account page."""
    user = user_or_404(user_id)
    try:
        run(operation, user)
    except DomainError as refused:
        return account_problem(user_id, refused.message)
    return done(message % {"name": user.name}, url_for("admin.user", user_id=user.id))


@bp.post("/medewerkers/<int:user_id>/uitzetten")
def disable_user(user_id: int):
    user = user_or_404(user_id)
    message = _("Het account van %(name)s staat uit. Alle sessies zijn beëindigd.")
    count = service.open_initiatives_of(user)
    if count:
        message += " " + _(
            "Let op: %(count)s lopende initiatieven hebben deze persoon als contactpersoon. "
            "Vraag een coördinator om ze over te dragen.",
            count=count,
        )
    return account_action(user_id, lambda u: service.disable_user(u, actor()), message)


@bp.post("/medewerkers/<int:user_id>/aanzetten")
def enable_user(user_id: int):
    return account_action(
        user_id, service.enable_user, _("Het account van %(name)s staat weer aan.")
    )


@bp.post("/medewerkers/<int:user_id>/app-loskoppelen")
def reset_second_factor(user_id: int):
    return account_action(
        user_id,
        lambda u: service.reset_second_factor(u, actor()),
        _(
            "De app voor inlogcodes van %(name)s is losgekoppeld. Bij de volgende keer "
            "inloggen koppelt %(name)s een nieuwe app."
        ),
    )


@bp.post("/medewerkers/<int:user_id>/wachtwoord")
def new_password(user_id: int):
    user = user_or_404(user_id)
    try:
        password = run(service.new_password, user, actor())
    except DomainError as refused:
        return account_problem(user_id, refused.message)
    return password_page(user, password, new=False)
