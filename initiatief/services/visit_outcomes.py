"""Counts how each phase visit went, in SQL, once: when it ends (models/outcome.py).

The dashboard reads these rows instead of joining every visit to the calendar,
its pauses and its initiative on every request. Nothing counts them behind the
services' backs: a service that ends or changes a visit calls count_outcomes;
a change of closed days calls rebuild_outcomes after rebuilding the calendar;
bulk loaders and `flask count-outcomes` call count_all; the nightly job
(jobs/dashboard.py) keeps the calendar ahead of today. Working days are counted
as WorkCalendar counts them: the days after entering up to and including
leaving, pauses counted the same way. This module uses calendar_table, never
the other way round.
"""

import time
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

import click
from flask.cli import with_appcontext
from sqlalchemy import (
    Connection,
    bindparam,
    case,
    delete,
    false,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy.orm import aliased

from ..dates.planning import today_local
from ..extensions import db
from ..models import (
    CalendarDay,
    Initiative,
    Pause,
    Phase,
    PhaseVisit,
    Status,
    VisitOutcome,
    utcnow,
)
from .calendar_table import ensure_calendar, last_day, last_reportable_day


def pause_days():
    """Paused working days per ended visit, split by whether we waited on the initiatiefnemer."""
    started, ended = aliased(CalendarDay), aliased(CalendarDay)
    span = ended.working_index - started.working_index
    on_resident = Pause.waiting_on == "initiatiefnemer"
    query = (
        select(
            Pause.visit_id.label("visit_id"),
            func.sum(case((on_resident, span), else_=0)).label("initiator"),
            func.sum(case((on_resident, 0), else_=span)).label("third"),
        )
        .join(started, started.day == Pause.started_on)
        .join(ended, ended.day == Pause.ended_on)
        .group_by(Pause.visit_id)
    )
    return query


def outcome_rows(visit_ids=None):
    """SELECT of the visit_outcomes rows for ended visits (all, or those of visit_ids: a
    list or an expanding bind parameter)."""
    entered, left, promised = aliased(CalendarDay), aliased(CalendarDay), aliased(CalendarDay)
    pauses = pause_days()
    if visit_ids is not None:
        pauses = pauses.where(Pause.visit_id.in_(visit_ids))
    pauses = pauses.subquery()
    initiator = func.coalesce(pauses.c.initiator, 0)
    third = func.coalesce(pauses.c.third, 0)
    net = left.working_index - entered.working_index - initiator - third
    # Within the norm: left on or before the promised date moved on by the paused days.
    within = left.working_index - initiator - third <= promised.working_index
    query = (
        select(
            PhaseVisit.id,
            PhaseVisit.initiative_id,
            PhaseVisit.phase_id,
            Phase.journey_id,
            Initiative.team_id,
            Initiative.contact_id,
            Initiative.wijk_id,
            Initiative.theme,
            PhaseVisit.left_on,
            net,
            initiator,
            third,
            promised.working_index.is_not(None),
            func.coalesce(within, false()),
            func.coalesce(PhaseVisit.left_on <= PhaseVisit.promised_on, false()),
        )
        .join(Initiative, Initiative.id == PhaseVisit.initiative_id)
        .join(Phase, Phase.id == PhaseVisit.phase_id)
        .join(entered, entered.day == PhaseVisit.entered_on)
        .join(left, left.day == PhaseVisit.left_on)
        .outerjoin(promised, promised.day == PhaseVisit.promised_on)
        .outerjoin(pauses, pauses.c.visit_id == PhaseVisit.id)
        .where(
            PhaseVisit.left_on.is_not(None),
            PhaseVisit.skipped == false(),
            # Ended by stopping the initiative: the phase was not finished.
            or_(Initiative.status != Status.STOPPED, PhaseVisit.left_at != Initiative.closed_at),
        )
    )
    if visit_ids is not None:
        query = query.where(PhaseVisit.id.in_(visit_ids))
    return query


COLUMNS = [
    "visit_id",
    "initiative_id",
    "phase_id",
    "journey_id",
    "team_id",
    "contact_id",
    "wijk_id",
    "theme",
    "left_on",
    "working_days",
    "paused_initiator_days",
    "paused_third_days",
    "promised",
    "within_norm",
    "promise_kept",
]


@lru_cache(maxsize=1)
def _statements():
    """The delete and insert for a list of visit ids, built once: every phase move uses them."""
    ids = bindparam("visit_ids", expanding=True)
    return (
        delete(VisitOutcome).where(VisitOutcome.visit_id.in_(ids)),
        insert(VisitOutcome).from_select(COLUMNS, outcome_rows(ids)),
    )


def record_outcomes(conn: Connection, visit_ids: list[int]) -> None:
    """Write the outcomes of these visits again (none for one that is open, skipped or stopped)."""
    forget, count = _statements()
    for start in range(0, len(visit_ids), 500):
        chunk = {"visit_ids": visit_ids[start : start + 500]}
        conn.execute(forget, chunk)
        conn.execute(count, chunk)


def rebuild_outcomes(conn: Connection) -> None:
    """Count every ended visit again, e.g. after the working-day calendar changed."""
    conn.execute(delete(VisitOutcome))
    conn.execute(insert(VisitOutcome).from_select(COLUMNS, outcome_rows()))


def extend_calendar(until: date, connection: Connection | None = None) -> int:
    """Make the working-day calendar reach until; returns the days added.

    An empty calendar (a new or upgraded database) means no outcome could be
    counted yet: they are all counted as soon as it is built.
    """
    conn = connection or db.session.connection()
    was_empty = last_day(conn) is None
    added = ensure_calendar(until, conn)
    if was_empty:
        rebuild_outcomes(conn)
    return added


def count_outcomes(visits: Iterable[PhaseVisit]) -> None:
    """Count the outcomes of these visits again, after a service ended or changed them.

    Called by every service that sets left_at, entered_at, promised_on, skipped
    or phase_id of a visit, or stops an initiative. Flushes first (the visits'
    Amsterdam dates are set on flush) and makes the calendar reach the dates
    counted. Open visits have no outcome yet and are passed over.
    """
    db.session.flush()
    ended = [v for v in visits if v.left_on is not None]
    if not ended:
        return
    conn = db.session.connection()
    days = [d for v in ended for d in (v.left_on, v.promised_on) if d is not None]
    extend_calendar(max(days), conn)
    record_outcomes(conn, sorted({v.id for v in ended}))


def count_all(conn: Connection) -> None:
    """After a bulk load (which calls no service): the calendar far enough, every outcome."""
    latest = conn.execute(
        select(func.max(PhaseVisit.left_on), func.max(PhaseVisit.promised_on))
    ).one()
    horizon = last_reportable_day(today_local(utcnow()))
    ensure_calendar(max([d for d in latest if d is not None] + [horizon]), conn)
    rebuild_outcomes(conn)


@click.command("count-outcomes")
@with_appcontext
def count_outcomes_command() -> None:
    """Count every ended phase visit again for the dashboard (after an upgrade or a bulk import).

    The nightly job does this too when it finds the calendar empty, but until
    then the dashboard says its figures are not ready: run this once after
    `flask db upgrade` instead.
    """
    started = time.perf_counter()
    with db.engine.begin() as conn:
        count_all(conn)
        total = conn.execute(select(func.count()).select_from(VisitOutcome)).scalar_one()
    click.echo(f"{total} afgeronde faseverblijven geteld in {time.perf_counter() - started:.1f} s.")
