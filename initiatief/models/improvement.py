"""Learning from the journey: the norm we want per phase, and what we change to get there.

Both belong to coördinatoren, not to the beheer configuration: a desired norm
is a goal shown next to the norm residents are promised, never promised itself.
An improvement action (verbeteractie) names the phase it means to improve and,
optionally, the dashboard figure it should move and the resident remark it came
from. It holds staff-written text only: a remark stays in Feedback, linked, so
removing a resident's data never has to look here.
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .feedback import Feedback
from .journey import Phase
from .organisation import Team, User
from .types import UTCDateTime, utcnow

DESIRED_DAYS_MAX = 999


class ActionStatus(StrEnum):
    IDEA = "idee"
    RUNNING = "loopt"
    DONE = "klaar"
    STOPPED = "gestopt"


class ActionFigure(StrEnum):
    """The figure of its phase an action means to move, from the dashboard's outcome rows."""

    MEDIAN_DAYS = "doorlooptijd"  # median working days in the phase, pauses excluded; lower
    WITHIN_NORM = "binnen_norm"  # share of visits done within the norm; higher
    PROMISE_KEPT = "belofte"  # share of promised dates kept; higher


class DesiredNorm(db.Model):
    """The norm a coördinator wants for a phase, in the phase's own unit (working days
    when the phase has no norm of its own)."""

    __tablename__ = "desired_norms"
    __table_args__ = (CheckConstraint(f"days BETWEEN 1 AND {DESIRED_DAYS_MAX}", name="days"),)

    phase_id: Mapped[int] = mapped_column(
        ForeignKey("phases.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    days: Mapped[int] = mapped_column(Integer)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    phase: Mapped[Phase] = relationship()
    set_by: Mapped[User | None] = relationship()


class ImprovementAction(db.Model):
    """One verbeteractie: what, why, for which phase (and team), who owns it, since when.

    starts_on is empty while it is an idea; the before/after comparison needs it.
    team_id empty means the whole municipality. Edits carry the version the
    coördinator saw (version_id_col), so a conflicting edit is refused.
    """

    __tablename__ = "improvement_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text, default="")
    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id", ondelete="CASCADE"), index=True)
    figure: Mapped[str] = mapped_column(String(20), default=ActionFigure.MEDIAN_DAYS)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    feedback_id: Mapped[int | None] = mapped_column(
        ForeignKey("feedback.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default=ActionStatus.IDEA, index=True)
    starts_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    phase: Mapped[Phase] = relationship()
    team: Mapped[Team | None] = relationship()
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    feedback: Mapped[Feedback | None] = relationship()
