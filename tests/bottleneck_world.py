"""A small hand-built history for the dashboard tests; the right answers are worked out by hand.

Period: 1 March to 30 April 2026; today is Monday 4 May 2026. Closed day: Friday
13 March. Public holidays inside: Good Friday 3 April, Easter Monday 6 April,
Koningsdag 27 April. Moments are Amsterdam wall-clock times (winter +1 until
29 March, summer +2 after), stored in UTC like the app does.

Initiatives (team Noord: Anna, Bram; team Zuid: Cor):
  A1  Noord Anna   submitted 2 Mar           active      K1
  A2  Noord Anna   submitted 2 Mar           finished 29 Apr      K2
  A3  Noord Bram   submitted 20 Mar 23.30    active      K3
  A4  Zuid  Cor    submitted 13 Apr          active      K4   theme spelen
  A5  Noord Anna   submitted 2 Mar           stopped 6 Mar        K5 (ended by the stop)
  A6  Noord Anna   submitted 2 Feb           finished 31 Mar 23.30  K6 (left in February)
  A7  Noord Bram   submitted 20 Feb          active      K7 (left 1 May, after the period)
  A8  Noord Bram   submitted 10 Mar          active      K8 (skipped)
  A9  Zuid  Cor    submitted 20 Apr          active      K9 (open, due 5 May)
  A10 Noord Anna   submitted 16 Mar          active      K10 (open, due 30 Mar: overdue, late)
  A11 Noord Bram   submitted 3 Mar           paused      K11 (open, paused since 4 Mar)
  A12 Zuid  Cor    submitted 27 Mar 18.00    active      O1
  A13 Zuid  Cor    submitted 30 Mar          stopped 30 Apr 23.30   O2
  A14 Zuid  Cor    submitted 1 May           active      (after the period)
  A15 Noord Anna   submitted 5 Jan           finished 10 Feb  (before the period)
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from initiatief.extensions import db
from initiatief.models import (
    CallbackRequest,
    ClosedDay,
    Feedback,
    Initiative,
    OutboxMail,
    Pause,
    PhaseVisit,
    Status,
)
from initiatief.models.types import AMSTERDAM
from initiatief.services.visit_outcomes import count_outcomes
from tests.factories import make_world

PERIOD = (date(2026, 3, 1), date(2026, 4, 30))
TODAY = date(2026, 5, 4)


def amsterdam_at(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """An Amsterdam wall-clock moment in 2026, as aware UTC."""
    return datetime(2026, month, day, hour, minute, tzinfo=AMSTERDAM).astimezone(UTC)


@dataclass
class BottleneckWorld:
    world: object
    initiatives: dict[str, Initiative] = field(default_factory=dict)
    phases: dict[str, int] = field(default_factory=dict)

    def number(self, key: str) -> str:
        return self.initiatives[key].number

    def numbers(self, *keys: str) -> set[str]:
        return {self.number(k) for k in keys}

    def rows(self) -> list:
        """The world's rows and the initiatives: adding them to a session adds them all."""
        return [*self.world.rows(), *self.initiatives.values()]


def build() -> BottleneckWorld:
    world = make_world()
    db.session.add(ClosedDay(day=date(2026, 3, 13), reason="Studiedag"))
    phases = {p.name: p for p in world.journey.phases}
    ontvangen, kennis = phases["Ontvangen"], phases["Kennismaking"]
    noord, zuid = world.teams["noord"], world.teams["zuid"]
    anna, bram, cor = (world.staff[k] for k in ("anna", "bram", "cor"))
    made = BottleneckWorld(world, phases={"O": ontvangen.id, "K": kennis.id})

    def initiative(key, team, contact, submitted, status=Status.ACTIVE, closed=None, **extra):
        item = Initiative(
            number=f"INI-2026-{len(made.initiatives) + 1:04d}",
            title=f"Initiatief {key}",
            summary="Samenvatting",
            description="Beschrijving",
            theme=extra.get("theme", "groen"),
            wijk=world.wijken["haven" if team is zuid else "centrum"],
            journey=world.journey,
            team=team,
            contact=contact,
            status=status,
            submitted_at=submitted,
            closed_at=closed,
        )
        db.session.add(item)
        made.initiatives[key] = item
        return item

    stays = []

    def visit(item, phase, entered, left=None, promised=None, due=None, skipped=False):
        stay = PhaseVisit(
            initiative=item,
            phase=phase,
            entered_at=entered,
            left_at=left,
            promised_on=promised,
            due_on=due or promised,
            skipped=skipped,
        )
        db.session.add(stay)
        stays.append(stay)
        return stay

    def pause(stay, started, ended, waiting_on):
        db.session.add(
            Pause(
                visit=stay,
                started_at=started,
                ended_at=ended,
                waiting_on=waiting_on,
                reason="Wacht",
            )
        )

    a1 = initiative("A1", noord, anna, amsterdam_at(3, 2, 9))
    visit(a1, kennis, amsterdam_at(3, 2), amsterdam_at(3, 16), promised=date(2026, 3, 16))
    a2 = initiative("A2", noord, anna, amsterdam_at(3, 2, 9), Status.FINISHED, amsterdam_at(4, 29))
    k2 = visit(
        a2,
        kennis,
        amsterdam_at(3, 2),
        amsterdam_at(3, 27),
        promised=date(2026, 3, 16),
        due=date(2026, 3, 20),
    )
    pause(k2, amsterdam_at(3, 9), amsterdam_at(3, 16), "initiatiefnemer")
    a3 = initiative("A3", noord, bram, amsterdam_at(3, 20, 23, 30))
    visit(
        a3,
        kennis,
        amsterdam_at(3, 20, 23, 30),
        amsterdam_at(4, 1, 0, 30),
        promised=date(2026, 4, 7),
    )
    a4 = initiative("A4", zuid, cor, amsterdam_at(4, 13, 9), theme="spelen")
    visit(a4, kennis, amsterdam_at(4, 13), amsterdam_at(4, 28), promised=date(2026, 4, 28))
    a5 = initiative("A5", noord, anna, amsterdam_at(3, 2, 9), Status.STOPPED, amsterdam_at(3, 6))
    visit(a5, kennis, amsterdam_at(3, 2), amsterdam_at(3, 6), promised=date(2026, 3, 16))
    a6 = initiative(
        "A6", noord, anna, amsterdam_at(2, 2, 9), Status.FINISHED, amsterdam_at(3, 31, 23, 30)
    )
    visit(a6, kennis, amsterdam_at(2, 2), amsterdam_at(2, 16), promised=date(2026, 2, 16))
    a7 = initiative("A7", noord, bram, amsterdam_at(2, 20, 9))
    visit(a7, kennis, amsterdam_at(4, 14), amsterdam_at(5, 1), promised=date(2026, 4, 29))
    a8 = initiative("A8", noord, bram, amsterdam_at(3, 10, 9))
    visit(a8, kennis, amsterdam_at(3, 10), amsterdam_at(3, 10), skipped=True)
    a9 = initiative("A9", zuid, cor, amsterdam_at(4, 20, 9))
    visit(a9, kennis, amsterdam_at(4, 20), promised=date(2026, 5, 5))
    a10 = initiative("A10", noord, anna, amsterdam_at(3, 16, 9))
    visit(a10, kennis, amsterdam_at(3, 16), promised=date(2026, 3, 30))
    a11 = initiative("A11", noord, bram, amsterdam_at(3, 3, 9), Status.PAUSED)
    k11 = visit(a11, kennis, amsterdam_at(3, 3), promised=date(2026, 3, 17))
    pause(k11, amsterdam_at(3, 4), None, "derde")
    a12 = initiative("A12", zuid, cor, amsterdam_at(3, 27, 18))
    visit(a12, ontvangen, amsterdam_at(3, 27, 18), amsterdam_at(3, 31), promised=date(2026, 3, 31))
    a13 = initiative(
        "A13", zuid, cor, amsterdam_at(3, 30, 9), Status.STOPPED, amsterdam_at(4, 30, 23, 30)
    )
    o2 = visit(a13, ontvangen, amsterdam_at(3, 30), amsterdam_at(4, 2), promised=date(2026, 4, 1))
    pause(o2, amsterdam_at(3, 31), amsterdam_at(4, 1), "derde")
    initiative("A14", zuid, cor, amsterdam_at(5, 1, 9))
    initiative("A15", noord, anna, amsterdam_at(1, 5, 9), Status.FINISHED, amsterdam_at(2, 10))
    count_outcomes(stays)  # as the services do when they end a visit

    def verdict(key, given, score, remark="", followed=None, visited=(), **scores):
        db.session.add(
            Feedback(
                initiative=made.initiatives[key],
                journey=world.journey,
                created_at=given,
                verdict=score,
                remark=remark,
                followed_up_at=followed,
                phases=list(visited),
                **scores,
            )
        )

    verdict(
        "A2",
        amsterdam_at(4, 29, 12),
        3,
        "Fijn contact",
        visited=[kennis],
        contact_score=5,
        speed_score=4,
    )
    verdict("A5", amsterdam_at(3, 10), 1, "Het duurde lang", visited=[kennis], speed_score=1)
    verdict("A13", amsterdam_at(4, 30, 23, 30), 2, visited=[ontvangen])
    verdict("A15", amsterdam_at(2, 12), 1, "Niemand belde")
    verdict("A6", amsterdam_at(4, 1), 1, followed=amsterdam_at(4, 2), visited=[kennis])

    def callback(key, asked, handled=None):
        db.session.add(
            CallbackRequest(
                initiative=made.initiatives[key], phone="06 1", created_at=asked, handled_at=handled
            )
        )

    callback("A10", amsterdam_at(4, 30))
    callback("A4", amsterdam_at(4, 20), handled=amsterdam_at(4, 21))
    callback("A12", amsterdam_at(4, 27))

    def mail(n, created, status="failed", key=None):
        db.session.add(
            OutboxMail(
                key=f"test:{n}",
                kind="weekoverzicht" if key is None else "ontvangstbevestiging",
                initiative=made.initiatives[key] if key else None,
                to_address="iemand@example.org",
                subject=f"Mail {n}",
                text_body="x",
                html_body="x",
                message_id=f"<{n}@test>",
                status=status,
                created_at=created,
                last_error="550 onbekend adres",
            )
        )

    mail(1, amsterdam_at(3, 5), key="A1")
    mail(2, amsterdam_at(4, 6))
    mail(3, amsterdam_at(2, 1), key="A1")
    mail(4, amsterdam_at(3, 5), status="sent", key="A1")
    mail(5, amsterdam_at(4, 10), key="A4")
    db.session.flush()
    return made
