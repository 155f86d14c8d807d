"""`flask seed-demo --initiatives N` for large N: demo histories written in bulk.

The small demo (demo/seed.py) goes through the ORM and the real services, which
is right for 36 initiatives and hours for a million. This path simulates the same
histories in plain Python (lives.py), turns them into rows (rows.py, extras.py)
and writes them in chunks of one transaction each (writer.py), so memory stays
flat however many initiatives are asked for. The dates come from the same
working-day calendar (calendar.py), so the rows are what the services would
have written.
"""

import math
import random
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta

from sqlalchemy import select

from initiatief.dates.planning import load_calendar
from initiatief.extensions import db
from initiatief.models import NumberSequence
from initiatief.models.types import local
from initiatief.services.visit_outcomes import count_all

from ..reference import load_world
from .calendar import FastCalendar
from .chunk import Ids
from .extras import Extras
from .lives import Life, LifeMaker, Moment
from .people import People
from .rows import RowMaker
from .world import WorldSpec
from .writer import ChunkWriter

YEARS = 3  # submissions spread over this many years before now
CHUNK = 5_000  # initiatives per transaction
FAILED_MAILS = (5, 40)  # at least, at most


def number_for(year: int, serial: int) -> str:
    """The public number as services/intake.next_number writes it."""
    return f"INI-{year}-{serial:04d}"


def seed_bulk(
    now: datetime,
    count: int,
    seed: int,
    *,
    chunk: int = CHUNK,
    fast: bool = True,
    echo: Callable[[str], None] = print,
) -> dict[str, int]:
    """Add count initiatives with histories up to now, written in chunks; returns row counts.

    Needs seed_reference_data() committed first. Commits every chunk itself
    (a generator, not a service), so an interrupted run leaves whole initiatives.
    Deterministic for the same seed, now and reference data.
    """
    world = load_world()
    if not world.complete:
        raise LookupError("demo reference data missing: call seed_reference_data(now) first")
    spec = WorldSpec(world)
    db.session.commit()
    local_now = local(now)
    today = local_now.date()
    now_moment: Moment = (today, local_now.hour * 60 + local_now.minute)
    first_day = today - timedelta(days=365 * YEARS)
    calendar = FastCalendar(
        load_calendar(), first_day - timedelta(days=30), today + timedelta(days=365 * 3)
    )
    writer = ChunkWriter(db.engine, fast=fast)
    rng = random.Random(seed)
    ids = Ids(writer.first_ids())
    maker = RowMaker(rng, calendar, now_moment, ids)
    lives, extras, people = LifeMaker(rng, calendar, now_moment), Extras(maker, rng), People(rng)
    serials = _serials_so_far()
    totals = dict.fromkeys(maker.rows, 0)
    recent: list[tuple[int, str, str, Moment]] = []  # for the failed mails, bounded below
    started, done = time.perf_counter(), 0
    for submitted in submissions(rng, first_day, today, count):
        journey, wijk, who, speed = spec.pick(rng)
        idea = people.idea(journey.slug)
        life = lives.live(journey.slug, journey.phases, submitted, speed, "geld" in idea.support)
        resident = people.resident(wijk.name if wijk else None)
        year = submitted[0].year
        serials[year] = serials.get(year, 0) + 1
        number = number_for(year, serials[year])
        initiative_id = maker.initiative(
            life,
            number,
            idea,
            people.description(idea),
            resident,
            wijk.id if wijk else None,
            journey.id,
            who,
        )
        through = maker.history(initiative_id, life, who, idea.support)
        extras.callback(initiative_id, life, resident["phone"], who)
        extras.verdict(initiative_id, journey.id, life, through, who, _slow(life))
        if (today - submitted[0]).days < 60 and len(recent) < 500:
            recent.append((initiative_id, number, resident["email"], submitted))
        done += 1
        if done % chunk == 0:
            _write(writer, maker, totals)
            _progress(echo, done, count, started)
    _failed_mails(extras, rng, recent, count, now_moment)
    _write(writer, maker, totals)
    writer.finish(serials)
    if done % chunk:
        _progress(echo, done, count, started)
    echo("Doorlooptijden van afgeronde fases tellen (voor het dashboard)...")
    with db.engine.begin() as conn:
        count_all(conn)
    return totals


def _write(writer, maker: RowMaker, totals: dict[str, int]) -> None:
    for name, rows in (chunk := maker.take_rows()).items():
        totals[name] += len(rows)
    writer.write(chunk)


def _serials_so_far() -> dict[int, int]:
    """The counters as they are, so numbers continue after any already handed out."""
    rows = db.session.execute(select(NumberSequence.year, NumberSequence.last)).all()
    return {year: last for year, last in rows}


def _slow(life: Life) -> bool:
    """Some stay took more than twice as long as promised (in calendar days)."""
    for stay in life.stays:
        if stay.promised_on is None or stay.left is None:
            continue
        entered = stay.entered[0]
        if (stay.left[0] - entered).days > 2 * (stay.promised_on - entered).days:
            return True
    return False


def _failed_mails(
    extras: Extras, rng: random.Random, recent: list, count: int, now: Moment
) -> None:
    """A few mails the mail server refused, in the last two weeks, for recent initiatives."""
    low, high = FAILED_MAILS
    wanted = min(high, max(low, count // 20_000), len(recent))
    for initiative_id, number, address, submitted in rng.sample(recent, wanted):
        day = max(submitted[0], now[0] - timedelta(days=rng.randint(0, 14)))
        at = (day, rng.randint(8 * 60, 19 * 60))
        if at <= submitted or at > now:
            at = submitted
        extras.failed_mail(initiative_id, number, address, at)


def _progress(echo: Callable[[str], None], done: int, count: int, started: float) -> None:
    seconds = time.perf_counter() - started
    rate = done / seconds if seconds else 0.0
    left = (count - done) / rate if rate else 0.0
    echo(
        f"  {_dutch(done)} van {_dutch(count)} initiatieven ({100 * done / count:.0f} %), "
        f"{_dutch(round(rate))} per seconde, nog ongeveer {left / 60:.0f} minuten"
    )


def _dutch(number: int) -> str:
    """1.000.000: thousands separated by points, as Dutch readers expect."""
    return f"{number:,}".replace(",", ".")


def submissions(rng: random.Random, first: date, today: date, count: int) -> Iterator[Moment]:
    """count submission moments from first up to yesterday, in time order.

    More on weekdays than at the weekend, a spring peak and a summer and Christmas
    dip, and a growing number over the years (the product gets known).
    """
    days = [first + timedelta(days=n) for n in range((today - first).days)]
    weights = [_weight(day, index / max(1, len(days) - 1)) for index, day in enumerate(days)]
    total = sum(weights)
    running, handed = 0.0, 0
    for day, weight in zip(days, weights, strict=True):
        running += weight
        upto = round(running * count / total)
        minutes = sorted(rng.randint(7 * 60, 22 * 60 + 50) for _ in range(upto - handed))
        handed = upto
        for minute in minutes:
            yield day, minute


def _weight(day: date, progress: float) -> float:
    weekday = (1.0, 1.0, 1.0, 0.95, 0.85, 0.45, 0.35)[day.weekday()]
    season = 1 + 0.25 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 110) / 365)
    if day.month == 8 or (day.month == 12 and day.day >= 20):
        season *= 0.6
    return weekday * season * (0.7 + 0.6 * progress)
