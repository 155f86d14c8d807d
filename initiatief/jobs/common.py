"""What the mail jobs share: a resident mail once per key, and the open visits that are due.

Staff mails and the once-per-key lookups are in mail (staff_mails, outbox): a
service sends the same staff mails, and nothing may import jobs.
"""

from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import selectinload

from ..dates.planning import WorkCalendar
from ..extensions import db
from ..mail.notices import queue_resident_mail
from ..mail.outbox import is_queued
from ..models import Initiative, PhaseVisit, Status, is_due


def queue_resident(
    initiative: Initiative, *, key: str, kind: str, now: datetime, urgent: bool = False, **values
) -> bool:
    """Queue the resident mail of this texts kind once per key; True when a row was added.

    The same rules as the mails staff actions cause (mail.notices): nothing to an
    anonymised resident or one without an address, nothing non-essential after
    the opt-out, and sent between 08.00 and 20.00 Amsterdam time. The key is
    checked before composing, so a repeated run renders nothing. Only flushes.
    """
    if is_queued(key):
        return False
    queued = queue_resident_mail(initiative, key=key, kind=kind, now=now, urgent=urgent, **values)
    return queued is not None


def due_visits(
    moment: str, now: datetime, *, with_initiator: bool = False
) -> list[tuple[Initiative, PhaseVisit]]:
    """Open visits whose moment (a PhaseVisit.next_*_at column) has come, with their initiative.

    Any status: the job decides, and stores NEVER for an initiative that is not
    active (models.job_moments looks again when the status changes). The partial
    index on the column makes this a range scan of what is due.
    with_initiator: load each initiative's initiator too, in a few queries for all
    (for jobs that mail residents), instead of one query per initiative later.
    """
    statement = (
        select(Initiative, PhaseVisit)
        .join(PhaseVisit, PhaseVisit.initiative_id == Initiative.id)
        .where(
            PhaseVisit.left_on.is_(None),
            PhaseVisit.left_at.is_(None),
            is_due(getattr(PhaseVisit, moment), now),
        )
        .order_by(Initiative.id)
    )
    if with_initiator:
        statement = statement.options(selectinload(Initiative.initiator))
    return list(db.session.execute(statement).tuples())


def is_running(initiative: Initiative) -> bool:
    """Only active initiatives get these mails: while paused or closed the clock stands."""
    return initiative.status == Status.ACTIVE


class NextLooks:
    """The next moments a job found for the rows it read, in one column, written at the end.

    Written only where the row still holds the value the job read: a change
    committed meanwhile reset it (models.job_moments.reset_stamp), and a moment
    computed from the state before that change must not overwrite the reset.
    The last moment stored for a row wins; an unchanged moment is not written.
    """

    def __init__(self, model, column: str) -> None:
        self.table = model.__table__
        self.column = column
        self.found: dict[int, dict] = {}

    def store(self, row, when: datetime) -> None:
        found = self.found.setdefault(row.id, {"row_id": row.id, "read": getattr(row, self.column)})
        found["next"] = when

    def write(self) -> None:
        changed = [found for found in self.found.values() if found["next"] != found["read"]]
        if not changed:
            return
        column = self.table.c[self.column]
        db.session.execute(
            update(self.table)
            .where(
                self.table.c.id == bindparam("row_id"),
                column.is_not_distinct_from(bindparam("read")),
            )
            .values({self.column: bindparam("next")}),
            changed,
        )


def first_day_within(calendar: WorkCalendar, end: date, working_days: int) -> date:
    """The first day from which end is at most working_days working days away
    (calendar.working_days_between(day, end) <= working_days from that day on)."""
    day, counted = end, 0
    while True:
        if calendar.is_working_day(day):
            if counted == working_days:
                return day
            counted += 1
        day -= timedelta(days=1)
