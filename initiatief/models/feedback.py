"""The resident's verdict at the end of an initiative, and the follow-up it may ask for."""

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, SmallInteger, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .journey import Journey, Phase
from .organisation import User
from .types import UTCDateTime, utcnow

# The phases the initiative really went through (not skipped) when the verdict came in,
# so verdicts can be grouped per phase in SQL.
feedback_phases = Table(
    "feedback_phases",
    db.metadata,
    Column("feedback_id", ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True),
    Column("phase_id", ForeignKey("phases.id", ondelete="CASCADE"), primary_key=True, index=True),
)

# Optional questions about the process and the outcome, each on a scale of 1 to 5.
ASPECTS = ("contact", "clarity", "speed", "cooperation", "outcome")


def _score(name: str, low: int, high: int) -> CheckConstraint:
    return CheckConstraint(f"{name} IS NULL OR {name} BETWEEN {low} AND {high}", name=name)


class Feedback(db.Model):
    """One verdict per initiative: the answer from the mail plus the optional questions.

    verdict: 1 ontevreden, 2 neutraal, 3 tevreden. The aspect scores run from
    1 (slecht) to 5 (heel goed) and are empty when the resident skipped them.
    An unhappy verdict can ask a coördinator to call back (follow_up_requested).
    """

    __tablename__ = "feedback"
    __table_args__ = (
        CheckConstraint("verdict BETWEEN 1 AND 3", name="verdict"),
        *(_score(f"{aspect}_score", 1, 5) for aspect in ASPECTS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), unique=True
    )
    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    verdict: Mapped[int] = mapped_column(SmallInteger)
    contact_score: Mapped[int | None] = mapped_column(SmallInteger)
    clarity_score: Mapped[int | None] = mapped_column(SmallInteger)
    speed_score: Mapped[int | None] = mapped_column(SmallInteger)
    cooperation_score: Mapped[int | None] = mapped_column(SmallInteger)
    outcome_score: Mapped[int | None] = mapped_column(SmallInteger)
    remark: Mapped[str] = mapped_column(Text, default="")
    # Set when an unhappy verdict asks a coördinator to call the resident back.
    follow_up_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    followed_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    followed_up_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    follow_up_note: Mapped[str] = mapped_column(Text, default="")

    initiative = relationship("Initiative")
    journey: Mapped[Journey] = relationship()
    phases: Mapped[list[Phase]] = relationship(secondary=feedback_phases, order_by=Phase.position)
    followed_up_by: Mapped[User | None] = relationship()
