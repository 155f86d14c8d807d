"""The municipality's side: wijken, teams and staff with their public profile."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime


class Role(StrEnum):
    MEDEWERKER = "medewerker"
    COORDINATOR = "coordinator"
    BEHEERDER = "beheerder"


team_members = Table(
    "team_members",
    db.metadata,
    Column("team_id", ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Team(db.Model):
    """A wijkteam; intakes are routed to the team that covers their wijk."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    # Takes intakes whose wijk the resident did not know.
    takes_unrouted: Mapped[bool] = mapped_column(Boolean, default=False)

    wijken: Mapped[list["Wijk"]] = relationship(back_populates="team", order_by="Wijk.name")
    members: Mapped[list["User"]] = relationship(
        secondary=team_members, back_populates="teams", order_by="User.name"
    )


class Wijk(db.Model):
    """A neighbourhood as residents know it."""

    __tablename__ = "wijken"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))

    team: Mapped[Team | None] = relationship(back_populates="wijken")


class User(db.Model):
    """A staff member; the public profile fields are shown to residents."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20), default=Role.MEDEWERKER)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Raised on logout or disabling, so every older session stops working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    # Lock-out after repeated failures; the cool-down ends at locked_until.
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set once the staff member proved their authenticator app works.
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last accepted one-time code's time step, so a code cannot be used twice.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    job_title: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    reachable: Mapped[str] = mapped_column(String(200), default="")
    introduction: Mapped[str] = mapped_column(Text, default="")
    # File name under instance/uploads/photos; served through a view, never from static/.
    photo: Mapped[str | None] = mapped_column(String(80))

    teams: Mapped[list[Team]] = relationship(secondary=team_members, back_populates="members")

    # Flask-Login: the session holds id and session version together, so raising
    # the version (logout, disabling) ends every session of this account.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def initials(self) -> str:
        """Up to two capitals for the contact card when there is no photo."""
        words = [w for w in self.name.split() if w[:1].isupper()]
        if not words:
            return self.name[:1].upper()
        return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()
