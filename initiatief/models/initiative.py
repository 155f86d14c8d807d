"""The initiative, the person behind it, and its stays in phases and pauses."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .journey import Journey, Phase
from .organisation import Team, User, Wijk
from .types import UTCDateTime, amsterdam_date, job_moment, utcnow


class Status(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


class ContactPreference(StrEnum):
    EMAIL = "email"
    PHONE = "telefoon"
    LETTER = "brief"


class NumberSequence(db.Model):
    """The last public number handed out per year (INI-2026-0042)."""

    __tablename__ = "number_sequences"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Initiative(db.Model):
    """An idea of residents and its whole life at the municipality."""

    __tablename__ = "initiatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text)  # Markdown, rendered sanitised
    theme: Mapped[str] = mapped_column(String(40))
    wijk_id: Mapped[int | None] = mapped_column(ForeignKey("wijken.id"))
    location: Mapped[str] = mapped_column(String(200), default="")
    support: Mapped[list[str]] = mapped_column(JSON, default=list)
    amount_euros: Mapped[int | None] = mapped_column(Integer)
    wished_start: Mapped[date | None] = mapped_column(Date)

    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), default=Status.ACTIVE, index=True)
    outcome: Mapped[str | None] = mapped_column(String(300))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # False once the resident's data is anonymised (services.anonymise): with the
    # partial index below, the retention job reads only what is due, never the history.
    holds_personal_data: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Optimistic locking: a second, conflicting edit is refused instead of overwriting.
    version: Mapped[int] = mapped_column(Integer, default=1)

    wijk: Mapped[Wijk | None] = relationship()
    journey: Mapped[Journey] = relationship()
    team: Mapped[Team | None] = relationship()
    contact: Mapped[User | None] = relationship()
    initiator: Mapped["Initiator"] = relationship(
        back_populates="initiative", uselist=False, cascade="all, delete-orphan"
    )
    visits: Mapped[list["PhaseVisit"]] = relationship(
        back_populates="initiative", order_by="PhaseVisit.entered_at, PhaseVisit.id"
    )

    __mapper_args__ = {"version_id_col": version}
    # The dashboard counts initiatives open in a period, per month and per team or person,
    # from these indexes alone.
    __table_args__ = (
        Index("ix_initiatives_open_period", "submitted_at", "closed_at", "team_id", "contact_id"),
        Index("ix_initiatives_closed", "closed_at", "status"),
        Index(
            "ix_initiatives_closed_with_personal_data",
            "closed_at",
            postgresql_where=text("holds_personal_data AND closed_at IS NOT NULL"),
            sqlite_where=text("holds_personal_data = 1 AND closed_at IS NOT NULL"),
        ),
    )

    @property
    def current_visit(self) -> "PhaseVisit | None":
        open_visits = [v for v in self.visits if v.left_at is None]
        return open_visits[-1] if open_visits else None

    @property
    def is_closed(self) -> bool:
        return self.status in (Status.FINISHED, Status.STOPPED)


class Initiator(db.Model):
    """The resident behind one initiative: all their personal data lives here.

    One row per initiative, so export and anonymisation after closing touch one
    place. A resident is recognised across initiatives by the e-mail address.
    """

    __tablename__ = "initiators"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), unique=True
    )
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), index=True)  # stored lower-case
    phone: Mapped[str] = mapped_column(String(40), default="")
    contact_preference: Mapped[str] = mapped_column(String(20), default=ContactPreference.EMAIL)
    postal_address: Mapped[str] = mapped_column(String(300), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    co_initiators: Mapped[str] = mapped_column(String(500), default="")
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Non-essential mails switched off by the resident.
    mail_opt_out: Mapped[bool] = mapped_column(Boolean, default=False)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The language of every page and mail for this resident (i18n.SUPPORTED): chosen
    # at the intake, changed when the signed-in resident switches language.
    language: Mapped[str] = mapped_column(String(5), default="nl", server_default="nl")

    initiative: Mapped[Initiative] = relationship(back_populates="initiator")


class PhaseVisit(db.Model):
    """One stay of an initiative in a phase.

    due_on is computed and stored at entry, so later edits of a norm never
    rewrite what the resident was promised; promised_on keeps the first promise.
    entered_on and left_on are the Amsterdam dates of the two moments, kept by
    the model itself (keep_visit_dates), so SQL can count days without time zones.
    """

    __tablename__ = "phase_visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id"), index=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id"), index=True)
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    entered_on: Mapped[date] = mapped_column(Date)
    promised_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    left_on: Mapped[date | None] = mapped_column(Date, index=True)
    skipped: Mapped[bool] = mapped_column(Boolean, default=False)
    paused_working_days: Mapped[int] = mapped_column(Integer, default=0)
    # Why the due date moved, told to the resident as is.
    delay_reason: Mapped[str] = mapped_column(Text, default="")
    # When each mail job must look at this visit again: never later than the first
    # moment it could have something to do (a new row: at once; models.job_moments).
    next_checkin_at: Mapped[datetime] = job_moment()
    next_overdue_at: Mapped[datetime] = job_moment()
    next_warning_at: Mapped[datetime] = job_moment()
    next_escalation_at: Mapped[datetime] = job_moment()

    initiative: Mapped[Initiative] = relationship(back_populates="visits")
    phase: Mapped[Phase] = relationship()
    pauses: Mapped[list["Pause"]] = relationship(
        back_populates="visit", order_by="Pause.started_at"
    )

    # Open visits, oldest first: the dashboard's "past twice the norm" list stops early.
    __table_args__ = (
        Index(
            "ix_phase_visits_open_entered",
            "entered_at",
            postgresql_where=text("left_on IS NULL"),
            sqlite_where=text("left_on IS NULL"),
        ),
        *(
            Index(
                f"ix_phase_visits_open_{column}",
                column,
                postgresql_where=text("left_on IS NULL"),
                sqlite_where=text("left_on IS NULL"),
            )
            for column in (
                "next_checkin_at",
                "next_overdue_at",
                "next_warning_at",
                "next_escalation_at",
            )
        ),
    )


class Pause(db.Model):
    """The clock stops while waiting for the initiatiefnemer or a third party."""

    __tablename__ = "pauses"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("phase_visits.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_on: Mapped[date] = mapped_column(Date)  # Amsterdam dates, see PhaseVisit
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_on: Mapped[date | None] = mapped_column(Date)
    waiting_on: Mapped[str] = mapped_column(String(20))  # initiatiefnemer | derde
    reason: Mapped[str] = mapped_column(Text)
    # When the reminder job must look again (see PhaseVisit.next_checkin_at).
    next_reminder_at: Mapped[datetime] = job_moment()

    visit: Mapped[PhaseVisit] = relationship(back_populates="pauses")

    # The few pauses still running, found without reading every pause.
    __table_args__ = (
        Index(
            "ix_pauses_running",
            "visit_id",
            postgresql_where=text("ended_on IS NULL"),
            sqlite_where=text("ended_on IS NULL"),
        ),
        Index(
            "ix_pauses_running_next_reminder_at",
            "next_reminder_at",
            postgresql_where=text("ended_on IS NULL"),
            sqlite_where=text("ended_on IS NULL"),
        ),
    )


def _keep_dates(target, start: str, end: str) -> None:
    """<start>_on and <end>_on follow the moments <start>_at and <end>_at, whoever sets them."""
    if getattr(target, f"{start}_at") is None:
        setattr(target, f"{start}_at", utcnow())
    for moment in (start, end):
        setattr(target, f"{moment}_on", amsterdam_date(getattr(target, f"{moment}_at")))


@event.listens_for(PhaseVisit, "before_insert")
@event.listens_for(PhaseVisit, "before_update")
def keep_visit_dates(mapper, connection, visit: PhaseVisit) -> None:
    _keep_dates(visit, "entered", "left")


@event.listens_for(Pause, "before_insert")
@event.listens_for(Pause, "before_update")
def keep_pause_dates(mapper, connection, pause: Pause) -> None:
    _keep_dates(pause, "started", "ended")
