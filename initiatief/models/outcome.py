"""How a phase visit went, written once when it ends: the dashboard's fact table."""

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class VisitOutcome(db.Model):
    """One visit that ended by moving on (not skipped, not ended by stopping the initiative).

    Derived data, kept by services/visit_outcomes.py whenever a visit ends and
    rebuilt with the working-day calendar. Team, contact, wijk and theme are those
    of the initiative when the visit ended, so a later reassignment does not move
    work already done. Days are working days; working_days excludes the pauses.
    """

    __tablename__ = "visit_outcomes"

    visit_id: Mapped[int] = mapped_column(
        ForeignKey("phase_visits.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id"))
    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    wijk_id: Mapped[int | None] = mapped_column(ForeignKey("wijken.id"))
    theme: Mapped[str] = mapped_column(String(40))
    left_on: Mapped[date] = mapped_column(Date, index=True)
    working_days: Mapped[int] = mapped_column(Integer)
    paused_initiator_days: Mapped[int] = mapped_column(Integer)
    paused_third_days: Mapped[int] = mapped_column(Integer)
    promised: Mapped[bool] = mapped_column(Boolean)  # a date was promised at entry
    within_norm: Mapped[bool] = mapped_column(Boolean)
    promise_kept: Mapped[bool] = mapped_column(Boolean)
