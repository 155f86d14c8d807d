"""Demo initiatives: residents, their ideas, and a believable history in every phase."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from initiatief.dates.planning import WorkCalendar, load_calendar
from initiatief.extensions import db
from initiatief.models import (
    CallbackRequest,
    Event,
    EventKind,
    Initiative,
    Initiator,
    Pause,
    PhaseVisit,
    Status,
    User,
    Wijk,
)
from initiatief.models.types import local
from initiatief.rendering import format_day
from initiatief.services.intake import next_number
from initiatief.services.visit_outcomes import count_all
from initiatief.services.visits import enter_phase

from . import ideas
from .history import Clock, History, Plan, Stay, make_plans
from .improvements import add_improvements
from .reference import World, load_world
from .residents import Residents
from .verdicts import add_verdicts


@dataclass
class Draft:
    """Everything decided about one initiative before it gets its number."""

    plan: Plan
    history: History
    idea: ideas.Idea
    resident: dict
    wijk: Wijk | None
    contacts: list[User]  # the provisional contact, then the one confirmed at triage
    events: list[Event] = field(default_factory=list)


def seed_demo_initiatives(now: datetime, count: int, rng: random.Random) -> list[Initiative]:
    """Add count initiatives with a history up to now, in every phase of both journeys.

    Needs seed_reference_data() first. With count at least the number of phases
    (11), every phase has an active initiative in it. Numbers are handed out in
    order of submission by the intake's own counter, so real intakes continue
    after them. Queues no mail. Counts the visit outcomes for the dashboard.
    Adds and flushes; the caller commits.
    """
    world = load_world()
    if not world.complete:
        raise LookupError("demo reference data missing: call seed_reference_data(now) first")
    seeder = _Seeder(now, rng, world, load_calendar())
    journeys = [world.journeys["standaard"], world.journeys["klein"]]
    drafts = [seeder.draft(plan) for plan in make_plans(journeys, count, rng)]
    drafts.sort(key=lambda d: d.history.submitted_at)
    initiatives = [seeder.build(draft) for draft in drafts]
    seeder.add_callbacks(initiatives)
    db.session.flush()
    add_verdicts(initiatives, now, rng, world.coordinators)
    db.session.flush()
    add_improvements(world, now, seeder.calendar)
    # Histories written without the services: count the dashboard's facts as a bulk load does.
    count_all(db.session.connection())
    return initiatives


class _Seeder:
    """Turns plans into drafts, and drafts into rows; one random generator for all."""

    def __init__(
        self, now: datetime, rng: random.Random, world: World, calendar: WorkCalendar
    ) -> None:
        self.now, self.rng, self.world, self.calendar = now, rng, world, calendar
        self.clock = Clock(now, calendar, rng)
        self.residents = Residents(rng)

    def draft(self, plan: Plan) -> Draft:
        rng = self.rng
        history = self.clock.history(plan)
        wijken = sorted(self.world.wijken.values(), key=lambda w: w.name)
        # About one in ten residents does not know their wijk: the unrouted team takes those.
        wijk = None if rng.random() < 0.1 else rng.choice(wijken)
        team = wijk.team if wijk is not None else self.world.unrouted_team
        members = sorted(team.members, key=lambda u: u.email)
        contacts = [rng.choice(members)]
        if len(history.stays) > 1:
            contacts.append(rng.choice(members) if rng.random() < 0.2 else contacts[0])
        idea, resident = self.residents.idea(plan), self.residents.resident(wijk)
        return Draft(plan, history, idea, resident, wijk, contacts)

    def build(self, draft: Draft) -> Initiative:
        plan, history, idea, rng = draft.plan, draft.history, draft.idea, self.rng
        submitted = history.submitted_at
        contact = draft.contacts[-1]
        outcome = None
        if plan.status == Status.FINISHED:
            outcome = rng.choice(ideas.FINISHED)
        elif plan.status == Status.STOPPED:
            outcome = rng.choice(ideas.STOPS)
        wished = local(submitted).date() + timedelta(days=rng.randint(30, 120))
        initiative = Initiative(
            number=next_number(local(submitted).year),
            title=idea.title,
            summary=idea.summary,
            description=self.residents.description(idea),
            theme=idea.theme,
            wijk=draft.wijk,
            location=idea.location,
            support=list(idea.support),
            amount_euros=idea.amount if "geld" in idea.support else None,
            wished_start=wished if rng.random() < 0.6 else None,
            journey=plan.journey,
            team=draft.wijk.team if draft.wijk is not None else self.world.unrouted_team,
            contact=contact,
            status=plan.status,
            outcome=outcome,
            submitted_at=submitted,
            closed_at=history.closed_at,
        )
        initiative.initiator = Initiator(**draft.resident, consent_at=submitted)
        db.session.add(initiative)
        db.session.flush()

        add = self._collector(draft, initiative)
        add(EventKind.SUBMITTED, submitted)
        assigned = {"provisional": True, "team_id": initiative.team_id}
        add(EventKind.ASSIGNED, submitted, data={**assigned, "contact_id": draft.contacts[0].id})
        previous, skipped = None, []
        for stay in history.stays:
            visit = self._visit(initiative, stay)
            if stay.skipped:
                skipped.append(stay.phase.id)
                continue
            if previous is not None:
                actor = contact
                if previous.phase.position == 1:
                    actor = rng.choice(self.world.coordinators)
                    confirmed = {"provisional": False, "contact_id": contact.id}
                    add(EventKind.ASSIGNED, stay.entered_at, actor, data={**assigned, **confirmed})
                moved = {"from_phase_id": previous.phase.id, "to_phase_id": stay.phase.id}
                data = {**moved, "visit_id": visit.id, "skipped_phase_ids": skipped}
                add(EventKind.PHASE_CHANGED, stay.entered_at, actor, data=data)
            late_now = plan.late and stay is history.stays[-1]
            self._story(add, stay, visit, late_now)
            previous, skipped = stay, []
        if history.open_pause_at is not None:
            self._pause(add, initiative.current_visit, contact, history.open_pause_at, None)
        if history.closed_at is not None:
            closing = {"from_phase_id": previous.phase.id, "to_phase_id": None}
            data = {**closing, "status": plan.status, "outcome": outcome}
            add(EventKind.PHASE_CHANGED, history.closed_at, contact, data=data)
        # Added in time order, so ids read like the history does.
        db.session.add_all(sorted(draft.events, key=lambda e: e.created_at))
        return initiative

    def add_callbacks(self, initiatives: list[Initiative]) -> None:
        """One open 'bel mij terug' request, and one that was handled long ago."""
        rng = self.rng
        waiting = [i for i in initiatives if i.status == Status.ACTIVE and i.initiator.phone]
        if waiting:
            initiative = rng.choice(waiting)
            # Asked on the last working day, so it is not overdue yet.
            asked = self.clock.office(self.clock.back(self.clock.today, 1))
            entered = initiative.current_visit.entered_at
            if asked <= entered:
                asked = min(entered + timedelta(hours=1), self.now)
            self._callback(initiative, asked, None)
        done = [i for i in initiatives if i.status == Status.FINISHED and i.initiator.phone]
        if done:
            initiative = rng.choice(done)
            visit = [v for v in initiative.visits if not v.skipped][-2]
            asked = self.clock.between(visit.entered_at, visit.left_at)
            next_day = self.calendar.add_working_days(local(asked).date(), 1)
            self._callback(initiative, asked, self.clock.office(next_day))

    def _collector(self, draft: Draft, initiative: Initiative):
        def add(kind, moment, actor=None, public=False, body="", data=None):
            event = Event(
                initiative_id=initiative.id,
                kind=kind,
                created_at=moment,
                actor_id=actor.id if actor is not None else None,
                public=public,
                body=body,
                data=data or {},
            )
            draft.events.append(event)

        return add

    def _visit(self, initiative: Initiative, stay: Stay) -> PhaseVisit:
        if stay.skipped:
            # Never stayed in, so nothing was promised for it.
            visit = PhaseVisit(
                initiative=initiative,
                phase=stay.phase,
                entered_at=stay.entered_at,
                left_at=stay.left_at,
                skipped=True,
            )
            db.session.add(visit)
            return visit
        visit = enter_phase(initiative, stay.phase, stay.entered_at, self.calendar)
        visit.left_at = stay.left_at
        return visit

    def _story(self, add, stay: Stay, visit: PhaseVisit, late: bool) -> None:
        """What happened during a stay: updates, notes, a delay told, an ended pause."""
        rng, initiative = self.rng, visit.initiative
        contact = initiative.contact
        if late and rng.random() < 0.7:
            visit.delay_reason = rng.choice(ideas.DELAYS)
        if stay.pause is not None:
            self._pause(add, visit, contact, *stay.pause)
        support = {*initiative.support, "late"} if late else set(initiative.support)
        templates = [t for need, t in ideas.UPDATES.get(stay.phase.name, ()) if need in support]
        templates += [t for need, t in ideas.UPDATES.get(stay.phase.name, ()) if need is None]
        if templates and rng.random() < 0.6:
            moment = self.clock.between(stay.entered_at, stay.left_at)
            # A meeting a week or so later, on a working day.
            meeting = local(moment).date() + timedelta(days=rng.randint(5, 12))
            body = rng.choice(templates[:2]).format(
                colleague=rng.choice(ideas.COLLEAGUES),
                date=format_day(self.calendar.next_working_day(meeting)),
            )
            add(EventKind.UPDATE, moment, contact, public=True, body=body)
        if rng.random() < 0.2:
            moment = self.clock.between(stay.entered_at, stay.left_at)
            add(EventKind.NOTE, moment, contact, body=rng.choice(ideas.NOTES))

    def _pause(self, add, visit: PhaseVisit, contact: User, start, end) -> None:
        waiting_on, reason = self.rng.choice(ideas.PAUSES)
        db.session.add(
            Pause(visit=visit, started_at=start, ended_at=end, waiting_on=waiting_on, reason=reason)
        )
        add(EventKind.PAUSED, start, contact, data={"waiting_on": waiting_on, "reason": reason})
        if end is None:
            return
        # The promise moves by the working days the clock stood still.
        days = self.calendar.working_days_between(local(start).date(), local(end).date())
        visit.paused_working_days = days
        if visit.promised_on is not None:
            visit.due_on = self.calendar.add_working_days(visit.promised_on, days)
        add(EventKind.RESUMED, end, contact, data={"paused_working_days": days})

    def _callback(self, initiative: Initiative, asked: datetime, handled: datetime | None) -> None:
        contact = initiative.contact
        callback = CallbackRequest(
            initiative_id=initiative.id,
            phone=initiative.initiator.phone,
            preferred_moment=self.rng.choice(ideas.CALLBACK_MOMENTS),
            created_at=asked,
        )
        db.session.add(callback)
        db.session.add(Event(initiative_id=initiative.id, kind=EventKind.CALLBACK_ASKED,
                             created_at=asked, data={}))  # fmt: skip
        if handled is None:
            return
        callback.handled_at, callback.handled_by_id = handled, contact.id
        callback.note = "Teruggebeld. Vragen over de bonnetjes en de verantwoording beantwoord."
        db.session.add(Event(initiative_id=initiative.id, kind=EventKind.CALLBACK_HANDLED,
                             created_at=handled, actor_id=contact.id, data={}))  # fmt: skip
