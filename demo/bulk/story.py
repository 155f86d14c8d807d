"""What happens during one stay of a bulk demo initiative: a pause, an extension, news.

The events carry the data keys of services/actions/clock.py (paused, resumed,
replanned) and the update texts of the small demo.
"""

from datetime import date, timedelta
from functools import lru_cache

from initiatief.models import EventKind
from initiatief.rendering import format_day

from .. import ideas
from . import phrases
from .calendar import FastCalendar
from .chunk import Chunk
from .lives import Stay, utc


@lru_cache(maxsize=4096)
def _day_text(day: date) -> str:
    """format_day through Babel is slow; the same few thousand dates come back often."""
    return format_day(day)


def tell_story(
    maker: Chunk,
    initiative_id: int,
    visit_id: int,
    stay: Stay,
    contact_id: int,
    support: tuple[str, ...],
) -> None:
    """What happened during a stay: a pause, an extension, updates, notes, a reply."""
    rng, add = maker.rng, maker.event
    pause = stay.pause
    if pause is not None:
        pause_id = maker.ids.take("pauses")
        reasons = [r for w, r in ideas.PAUSES if w == pause.waiting_on]
        reason = rng.choice(reasons)
        maker.rows["pauses"].append(
            {
                "id": pause_id,
                "visit_id": visit_id,
                "started_at": utc(pause.started),
                "started_on": pause.started[0],
                "ended_at": utc(pause.ended) if pause.ended else None,
                "ended_on": pause.ended[0] if pause.ended else None,
                "waiting_on": pause.waiting_on,
                "reason": reason,
            }
        )
        add(
            initiative_id,
            EventKind.PAUSED,
            pause.started,
            contact_id,
            {"visit_id": visit_id, "pause_id": pause_id, "waiting_on": pause.waiting_on},
            body=reason,
        )
        if pause.ended is not None:
            before = stay.extension.old_due if stay.extension else stay.due_on
            previous = _back(maker.calendar, before, pause.days)
            add(
                initiative_id,
                EventKind.RESUMED,
                pause.ended,
                contact_id,
                {
                    "visit_id": visit_id,
                    "pause_id": pause_id,
                    "paused_working_days": pause.days,
                    "previous_due_on": _iso(previous),
                    "due_on": _iso(before),
                },
            )
    extension = stay.extension
    if extension is not None:
        add(
            initiative_id,
            EventKind.REPLANNED,
            extension.at,
            contact_id,
            {
                "visit_id": visit_id,
                "old_due_on": _iso(extension.old_due),
                "new_due_on": _iso(extension.new_due),
            },
            body=maker.rows["phase_visits"][-1]["delay_reason"],
        )
    late = stay.due_on is not None and (stay.left or maker.now)[0] > stay.due_on
    needs = {*support, "late"} if late else set(support)
    updates = [t for need, t in ideas.UPDATES.get(stay.phase.name, ()) if need in needs]
    updates += [t for need, t in ideas.UPDATES.get(stay.phase.name, ()) if need is None]
    if updates and rng.random() < 0.6:
        moment = maker.between(stay.entered, stay.left)
        if moment is not None:
            meeting = maker.calendar.next_working_day(moment[0] + timedelta(rng.randint(5, 12)))
            body = rng.choice(updates[:2]).format(
                colleague=rng.choice(ideas.COLLEAGUES), date=_day_text(meeting)
            )
            add(initiative_id, EventKind.UPDATE, moment, contact_id, {}, body, public=True)
            reply = maker.between(moment, stay.left) if rng.random() < 0.15 else None
            if reply is not None:
                add(
                    initiative_id,
                    EventKind.REPLY,
                    reply,
                    None,
                    {},
                    rng.choice(phrases.REPLIES),
                    public=True,
                )
    if rng.random() < 0.2:
        moment = maker.between(stay.entered, stay.left)
        if moment is not None:
            add(initiative_id, EventKind.NOTE, moment, contact_id, {}, rng.choice(ideas.NOTES))


def _back(calendar: FastCalendar, due: date | None, days: int) -> date | None:
    """The due date before a pause moved it by days (the inverse of add_working_days)."""
    if due is None or not days:
        return due
    return calendar.working_days_before(due, days)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
