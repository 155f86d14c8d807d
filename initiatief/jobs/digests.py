"""Scheduled summaries to staff: the weekoverzicht per medewerker and the mislukte mails digest."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import and_, func, or_, select

from ..dates.planning import today_local
from ..extensions import db
from ..mail.outbox import any_queued
from ..mail.staff_mails import active_staff, queue_staff, safe_title, staff_link
from ..models import (
    CallbackRequest,
    Initiative,
    MailStatus,
    OutboxMail,
    Phase,
    PhaseVisit,
    Role,
    Status,
    User,
)
from ..rendering import format_day, format_moment
from ..services.scoping import scope
from ..urls import external_url

DIGEST_KIND = "mislukte_mails"
# Rows at most this long before the previous digest count again: a mail in
# flight while that digest was made may have failed just after it.
DIGEST_SLACK = timedelta(minutes=10)
# The digest lists this many failed mails; the count covers all of them.
DIGEST_MAX_ROWS = 50


@dataclass
class Section:
    title: str
    items: list[dict] = field(default_factory=list)


def _item(initiative: Initiative, note: str) -> dict:
    return {
        "number": initiative.number,
        "title": safe_title(initiative),
        "note": note,
        "link": staff_link(initiative.number),
    }


def _week_sections(user: User, today: date) -> list[Section]:
    """What needs action this week in the user's scope (services.scoping), as sections.

    Overdue and due this week (up to Sunday) are the user's open, running
    initiatives; call-backs the open ones in scope; new intakes those in the
    first phase of a team the user belongs to.
    """
    week_end = today + timedelta(days=6 - today.weekday())
    statement = (
        select(Initiative, PhaseVisit, Phase)
        .join(
            PhaseVisit,
            and_(PhaseVisit.initiative_id == Initiative.id, PhaseVisit.left_at.is_(None)),
        )
        .join(Phase, Phase.id == PhaseVisit.phase_id)
        .where(
            Initiative.status.in_([Status.ACTIVE, Status.PAUSED]),
            # Only what can be listed: running and due by Sunday, or in the first phase.
            or_(
                and_(Initiative.status == Status.ACTIVE, PhaseVisit.due_on <= week_end),
                Phase.position == 1,
            ),
        )
        .order_by(PhaseVisit.due_on, Initiative.id)
    )
    rows = db.session.execute(scope(statement, user)).tuples().all()
    own_teams = {team.id for team in user.teams}
    overdue = Section(_("Te laat"))
    due = Section(_("Termijn deze week"))
    new = Section(_("Nieuw in uw team"))
    for initiative, visit, phase in rows:
        running = initiative.status == Status.ACTIVE and visit.due_on is not None
        if running and visit.due_on < today:
            note = _("was %(date)s", date=format_day(visit.due_on))
            overdue.items.append(_item(initiative, note))
        elif running and visit.due_on <= week_end:
            due.items.append(_item(initiative, format_day(visit.due_on)))
        if phase.position == 1 and initiative.team_id in own_teams:
            new.items.append(_item(initiative, phase.name))
    calls = Section(_("Terugbellen"))
    open_calls = (
        select(Initiative, func.min(CallbackRequest.created_at))
        .join(CallbackRequest, CallbackRequest.initiative_id == Initiative.id)
        .where(CallbackRequest.handled_at.is_(None))
        .group_by(Initiative.id)
        .order_by(Initiative.id)
    )
    for initiative, asked in db.session.execute(scope(open_calls, user)).tuples():
        calls.items.append(_item(initiative, _("gevraagd %(moment)s", moment=format_moment(asked))))
    return [s for s in (overdue, due, calls, new) if s.items]


def send_weekly_overviews(now: datetime) -> int:
    """Weekoverzicht to each active medewerker with something to do in their scope.

    Nothing is sent to someone with nothing to do. The trigger (Monday 07.30
    Amsterdam time) decides the day; the key weekly:<user>:<ISO year-week> keeps
    it to one per week whenever the job runs. Commits once; returns mails queued.
    """
    today = today_local(now)
    year, week, _weekday = today.isocalendar()
    queued = 0
    for user in active_staff(Role.MEDEWERKER):
        key = f"weekly:{user.id}:{year}-W{week:02d}"
        if any_queued(key):
            continue
        sections = _week_sections(user, today)
        if not sections:
            continue
        count = len({item["number"] for section in sections for item in section.items})
        subject = ngettext(
            "Uw weekoverzicht van week %(week)d: %(num)d initiatief",
            "Uw weekoverzicht van week %(week)d: %(num)d initiatieven",
            count,
            week=week,
        )
        queued += queue_staff(
            "staff_weekly",
            user,
            key=key,
            kind="weekoverzicht",
            subject=subject,
            now=now,
            sections=sections,
            week=week,
            worklist=external_url("staff.worklist"),
        )
    db.session.commit()
    return queued


def _previous_digest() -> datetime | None:
    """When the last digest was made: created_at, or send_after when that is earlier
    (created_at is the wall clock; send_after is the `now` the job was given)."""
    row = db.session.execute(
        select(func.max(OutboxMail.created_at), func.max(OutboxMail.send_after)).where(
            OutboxMail.kind == DIGEST_KIND
        )
    ).one()
    moments = [moment for moment in row if moment is not None]
    return min(moments) if moments else None


def send_failed_mail_digest(now: datetime) -> int:
    """Mislukte mails to every active beheerder, at most once per Amsterdam day, and only
    when mails failed for good since the previous digest.

    OutboxMail has no 'failed at': a failed row's send_after is the moment of its
    last try, so failures since the previous digest are those with send_after
    after it (less DIGEST_SLACK, so a mail in flight then is not missed; one may
    be listed twice). Without a previous digest every failed mail counts. Key
    failed-digest:<date>:<user>. Commits once; returns mails queued.
    """
    today = today_local(now)
    prefix = f"failed-digest:{today.isoformat()}:"
    if any_queued(prefix):
        return 0
    statement = select(OutboxMail).where(OutboxMail.status == MailStatus.FAILED)
    previous = _previous_digest()
    if previous is not None:
        statement = statement.where(OutboxMail.send_after >= previous - DIGEST_SLACK)
    failed = list(db.session.scalars(statement.order_by(OutboxMail.id)))
    if not failed:
        return 0
    rows = [
        {
            "id": row.id,
            "kind": row.kind,
            "number": row.initiative.number if row.initiative else "",
            "link": staff_link(row.initiative.number) if row.initiative else "",
            "error": " ".join(row.last_error.split())[:200],
        }
        for row in failed[:DIGEST_MAX_ROWS]
    ]
    subject = ngettext(
        "Mislukte mails: %(num)d mail niet bezorgd",
        "Mislukte mails: %(num)d mails niet bezorgd",
        len(failed),
    )
    queued = 0
    for user in active_staff(Role.BEHEERDER):
        queued += queue_staff(
            "staff_failed_mails",
            user,
            key=f"{prefix}{user.id}",
            kind=DIGEST_KIND,
            subject=subject,
            now=now,
            rows=rows,
            count=len(failed),
            more=len(failed) - len(rows),
            since=format_moment(previous) if previous else "",
        )
    db.session.commit()
    return queued
