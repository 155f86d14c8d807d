"""Configuring the organisation: teams, the wijken they cover, and staff accounts.

Changes to staff accounts are not about residents' personal data, so they write
no AuditEntry. A beheerder cannot lock themself out: they cannot disable their
own account, change their own role or reset their own sign-in.
"""

import secrets
from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ...extensions import db
from ...models import Initiative, Role, Status, Team, User, Wijk
from .. import staff_auth
from ..errors import DomainError

# No 0/O, 1/l/i: a one-time password is read aloud or typed over from a screen.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 (an alphabet, not a password)
PASSWORD_GROUPS = 4  # four groups of four: about 79 bits


def teams() -> list[Team]:
    """Every team by name, for lists and the choices in forms."""
    return list(db.session.execute(select(Team).order_by(Team.name)).scalars())


def wijken() -> list[Wijk]:
    """Every wijk by name."""
    return list(db.session.execute(select(Wijk).order_by(Wijk.name)).scalars())


def staff_members() -> list[User]:
    """Every staff account by name, disabled ones too (they can be enabled again)."""
    return list(db.session.execute(select(User).order_by(User.name)).scalars())


def _unique(model, column, value: str, current_id: int | None, message, field: str) -> str:
    """value stripped, refused when another row has it already (ignoring case)."""
    value = value.strip()
    query = select(model.id).where(func.lower(column) == value.lower())
    if current_id is not None:
        query = query.where(model.id != current_id)
    if db.session.execute(query).first() is not None:
        raise DomainError(message, field)
    return value


def _by_ids(model, ids: Iterable[int]) -> list:
    ids = list(ids)
    if not ids:
        return []
    return list(db.session.execute(select(model).where(model.id.in_(ids))).scalars())


def save_team(
    team: Team | None,
    *,
    name: str,
    email: str,
    takes_unrouted: bool,
    member_ids: Iterable[int],
) -> tuple[Team, Team | None]:
    """Create or change a team; returns it and the team that gave up unrouted intakes.

    At most one team takes intakes whose wijk is unknown: choosing this team
    moves that task here, so routing never has to pick between two.
    """
    name = _unique(
        Team,
        Team.name,
        name,
        team.id if team else None,
        _l("Er is al een team met deze naam."),
        "name",
    )
    if team is None:
        team = Team()
        db.session.add(team)
    team.name = name
    team.email = email.strip().lower() or None
    team.members = _by_ids(User, member_ids)
    previous = None
    if takes_unrouted and not team.takes_unrouted:
        query = select(Team).where(Team.takes_unrouted.is_(True))
        for other in db.session.execute(query).scalars().all():
            if other is not team:
                other.takes_unrouted = False
                previous = other
        db.session.flush()
    team.takes_unrouted = takes_unrouted
    db.session.flush()
    return team, previous


def save_wijk(wijk: Wijk | None, *, name: str, team_id: int | None) -> Wijk:
    """Create or change a wijk; without a team its intakes go to the unrouted team."""
    name = _unique(
        Wijk,
        Wijk.name,
        name,
        wijk.id if wijk else None,
        _l("Er is al een wijk met deze naam."),
        "name",
    )
    if wijk is None:
        wijk = Wijk()
        db.session.add(wijk)
    wijk.name = name
    wijk.team = db.session.get(Team, team_id) if team_id else None
    db.session.flush()
    return wijk


def generate_password() -> str:
    """A random one-time password like 'k7pm-x3qa-9rtw-hn4e', shown to the beheerder once."""
    groups = (
        "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(PASSWORD_GROUPS)
    )
    return "-".join(groups)


def create_user(*, name: str, email: str, role: str, team_ids: Iterable[int]) -> tuple[User, str]:
    """A new staff account with a one-time password; returns the account and that password.

    Only the hash is stored. At the first sign-in they link an authenticator app.
    """
    email = _unique(
        User,
        User.email,
        email,
        None,
        _l("Er is al een medewerker met dit e-mailadres."),
        "email",
    ).lower()
    password = generate_password()
    user = User(
        name=name.strip(),
        email=email,
        role=Role(role),
        password_hash=staff_auth.hash_password(password),
        active=True,
    )
    user.teams = _by_ids(Team, team_ids)
    db.session.add(user)
    db.session.flush()
    return user, password


def _not_self(user: User, actor: User, message) -> None:
    if user.id == actor.id:
        raise DomainError(message)


def update_user(user: User, actor: User, *, name: str, role: str, team_ids: Iterable[int]) -> None:
    """Change name, role and teams; a beheerder keeps their own role."""
    if user.id == actor.id and role != user.role:
        raise DomainError(
            _l("U kunt uw eigen rol niet veranderen. Vraag dit aan een andere beheerder."), "role"
        )
    user.name = name.strip()
    user.role = Role(role)
    user.teams = _by_ids(Team, team_ids)
    db.session.flush()


def open_initiatives_of(user: User) -> int:
    """How many running initiatives have this person as contact (to reassign after disabling)."""
    return db.session.execute(
        select(func.count())
        .select_from(Initiative)
        .where(
            Initiative.contact_id == user.id,
            Initiative.status.in_([Status.ACTIVE, Status.PAUSED]),
        )
    ).scalar_one()


def disable_user(user: User, actor: User) -> None:
    """Disable the account; every open session of it ends at its next request."""
    _not_self(user, actor, _l("U kunt uw eigen account niet uitzetten."))
    staff_auth.disable(user)
    db.session.flush()


def enable_user(user: User) -> None:
    """Enable the account again, with a clean slate of failed attempts."""
    user.active = True
    user.failed_logins = 0
    user.locked_until = None
    db.session.flush()


def reset_second_factor(user: User, actor: User) -> None:
    """Unlink the authenticator app (lost phone); they link a new one at the next sign-in."""
    _not_self(
        user,
        actor,
        _l("U kunt uw eigen inlogcode-app niet loskoppelen. Vraag dit aan een andere beheerder."),
    )
    user.totp_secret = None
    user.totp_confirmed_at = None
    user.totp_last_step = None
    staff_auth.end_all_sessions(user)
    db.session.flush()


def new_password(user: User, actor: User) -> str:
    """A fresh one-time password (forgotten password); ends their sessions, returns it."""
    _not_self(
        user, actor, _l("U kunt hier niet uw eigen wachtwoord maken. Vraag een andere beheerder.")
    )
    password = generate_password()
    user.password_hash = staff_auth.hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    staff_auth.end_all_sessions(user)
    db.session.flush()
    return password
