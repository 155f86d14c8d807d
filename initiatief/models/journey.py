"""Journeys (klantreizen), their phases with service norms, and closed days."""

from datetime import date
from enum import StrEnum

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


class NormUnit(StrEnum):
    WORKING_DAYS = "werkdagen"
    CALENDAR_DAYS = "kalenderdagen"


class Actor(StrEnum):
    """Who is expected to act in a phase: shown to residents as 'wie is aan zet'."""

    MUNICIPALITY = "gemeente"
    INITIATOR = "initiatiefnemer"
    TOGETHER = "samen"


class Journey(db.Model):
    """An ordered list of phases an initiative goes through."""

    __tablename__ = "journeys"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    # The journey new intakes start in, until triage chooses another.
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)

    phases: Mapped[list["Phase"]] = relationship(
        back_populates="journey", order_by="Phase.position", cascade="all, delete-orphan"
    )


class Phase(db.Model):
    """One step of a journey, with its norm and what the resident may expect."""

    __tablename__ = "phases"
    __table_args__ = (UniqueConstraint("journey_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))
    # Markdown: "wat kunt u verwachten".
    expectation: Mapped[str] = mapped_column(Text, default="")
    # None: the norm is set per initiative (e.g. Uitvoering).
    norm_days: Mapped[int | None] = mapped_column(Integer)
    norm_unit: Mapped[str] = mapped_column(String(20), default=NormUnit.WORKING_DAYS)
    actor: Mapped[str] = mapped_column(String(20), default=Actor.MUNICIPALITY)
    # What the resident must do when they are aan zet, in a short sentence.
    resident_task: Mapped[str] = mapped_column(String(300), default="")
    mail_on_enter: Mapped[bool] = mapped_column(Boolean, default=True)
    # Send a 'stand van zaken' when nothing resident-visible happened for this many days.
    checkin_after_days: Mapped[int | None] = mapped_column(Integer)

    journey: Mapped[Journey] = relationship(back_populates="phases")


class ClosedDay(db.Model):
    """A day the municipality is closed besides weekends and public holidays."""

    __tablename__ = "closed_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    reason: Mapped[str] = mapped_column(String(200), default="")
