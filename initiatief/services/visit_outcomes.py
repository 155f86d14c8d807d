"""Counts how each phase visit went, in SQL, once: when it ends (models/outcome.py).

The dashboard reads these rows instead of joining every visit to the calendar,
its pauses and its initiative on every request. They follow the visits
automatically: after each flush, visits whose left_at changed get their outcome
written again (record_outcomes); bulk loaders and calendar changes call
rebuild_outcomes. Working days are counted as WorkCalendar counts them: the days
after entering up to and including leaving, pauses counted the same way.
"""

import time
from datetime import date
from functools import lru_cache

import click
from flask.cli import with_appcontext
from sqlalchemy import (
    Connection,
    bindparam,
    case,
    delete,
    event,
    false,
    func,
    insert,
    inspect,
    or_,
    select,
)
from sqlalchemy.orm import Session, aliased

from ..models import (
    CalendarDay,
    Initiative,
    Pause,
    Phase,
    PhaseVisit,
    Status,
    VisitOutcome,
)


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
    """The delete and insert for a list of visit ids, built once: a flush hook runs often."""
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


# A visit's outcome changes when one of these changes.
TRACKED = ("left_at", "entered_at", "promised_on", "skipped", "phase_id")


def count_all(conn: Connection) -> None:
    """After a bulk load (which skips the flush hooks): the calendar far enough, every outcome."""
    from .calendar_table import calendar_is_empty, ensure_calendar

    latest = conn.execute(
        select(func.max(PhaseVisit.left_on), func.max(PhaseVisit.promised_on))
    ).one()
    until = max([d for d in latest if d is not None], default=date.today())
    if calendar_is_empty(conn):
        ensure_calendar(until, conn)  # counts the outcomes as it builds the calendar
        return
    ensure_calendar(until, conn)
    rebuild_outcomes(conn)


def _before_flush(session: Session, flush_context, instances) -> None:
    """Remember the visits this flush writes with a changed end, start or promise."""
    pending = session.info.setdefault("outcome_visits", [])
    for item in (*session.new, *session.dirty):
        if isinstance(item, PhaseVisit):
            state = inspect(item)
            if any(state.attrs[name].history.has_changes() for name in TRACKED):
                pending.append(item)


def _after_flush(session: Session, flush_context) -> None:
    from .calendar_table import ensure_calendar

    visits = session.info.pop("outcome_visits", [])
    ended = [v for v in visits if v.left_at is not None and v.id is not None]
    if not ended:
        return
    conn = session.connection()
    days = [d for v in ended for d in (v.left_on, v.promised_on) if d is not None]
    ensure_calendar(max(days), conn)
    record_outcomes(conn, sorted({v.id for v in ended}))


def _forget_pending(session: Session, previous_transaction) -> None:
    """A flush that failed and was rolled back leaves nothing to count."""
    session.info.pop("outcome_visits", None)


def keep_outcomes_current() -> None:
    """Register the flush hooks once (create_app calls this)."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_soft_rollback", _forget_pending)


@click.command("count-outcomes")
@with_appcontext
def count_outcomes_command() -> None:
    """Count every ended phase visit again for the dashboard (after an upgrade or a bulk import).

    The dashboard does this itself on first use, but on a large database that
    first page would wait for it; run this once after `flask db upgrade` instead.
    """
    from ..extensions import db

    started = time.perf_counter()
    with db.engine.begin() as conn:
        count_all(conn)
        total = conn.execute(select(func.count()).select_from(VisitOutcome)).scalar_one()
    click.echo(f"{total} afgeronde faseverblijven geteld in {time.perf_counter() - started:.1f} s.")
