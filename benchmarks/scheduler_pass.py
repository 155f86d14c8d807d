"""Scheduler pass: seconds and SQL statements of each periodic job over N open initiatives.

Not a test. Run from the project root:

    .venv/bin/python -m benchmarks.scheduler_pass --initiatives 10000
        [--postgres postgresql+psycopg://root@127.0.0.1:5432/schedbench]

Builds a database with the migrations, fills it with the demo generator
(seed_demo_initiatives: phase visits with due dates, some late, pauses, events,
call-backs) until it holds N active initiatives, next to the paused, finished and
stopped ones the demo mixes in, then calls every job in scheduler.JOBS except the
mail dispatcher once with the same `now`, each in its own app context as the
scheduler does, and then a second pass that must queue nothing.

SQLite runs on a fresh file in a temporary folder. PostgreSQL runs only when a URL
is given: the database must be empty (no tables in the public schema) or one this
benchmark made before (it has the marker table); its public schema is dropped and
made again, so use a database for this benchmark only.
"""

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER_TABLE = "benchmark_scheduler_pass"
# Monday 9 March 2026, 10.00 Amsterdam time: an office hour of a working day, so
# the Monday weekoverzicht and the office-hours staff jobs would all run now.
DEFAULT_NOW = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
# Initiatives per seed_demo_initiatives call (one commit each): its resident generator
# has 520 names and loops for ever past them.
BATCH = 400
# Extra open call-backs, beyond the demo's one per batch: this share of the active
# initiatives with a phone number, asked 0 to 6 working days ago (some overdue).
CALLBACK_SHARE = 0.02
FAILED_MAILS = 25  # failed outbox rows, so the mislukte mails digest has work


class StatementCounter:
    """Counts the SQL statements an engine sends (before_cursor_execute)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.count += 1


def prepare_postgres(url: str, marker: str = MARKER_TABLE) -> None:
    """Refuse a database with someone else's tables; otherwise start from an empty schema.

    The marker table says a benchmark made the database: each benchmark names its own.
    """
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            tables = set(inspect(conn).get_table_names(schema="public"))
            if tables and marker not in tables:
                raise SystemExit(
                    f"{url} holds tables ({', '.join(sorted(tables)[:5])}, ...) this benchmark "
                    "did not make; give it a database of its own"
                )
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
            conn.execute(text(f"CREATE TABLE {marker} (made_at timestamptz)"))
            conn.execute(text(f"INSERT INTO {marker} VALUES (now())"))  # noqa: S608 (a constant)
    finally:
        engine.dispose()


def make_app(url: str, upload_dir: str):
    from flask_migrate import upgrade

    from initiatief import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "UPLOAD_DIR": upload_dir})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    return app


def fill(app, now: datetime, active: int, seed: int) -> dict:
    """Demo initiatives in batches until `active` of them are active; returns counts."""
    from sqlalchemy import func, select

    from demo import seed_demo_initiatives, seed_reference_data
    from initiatief.extensions import db
    from initiatief.models import CallbackRequest, Event, Initiative, Pause, PhaseVisit, Status

    rng = random.Random(seed)
    with app.app_context():
        seed_reference_data(now)
        db.session.commit()
        have = 0
        while have < active:
            made = seed_demo_initiatives(now, BATCH, rng)
            db.session.commit()
            have += sum(1 for initiative in made if initiative.status == Status.ACTIVE)
            db.session.expunge_all()
            print(f"  ... {have} active", file=sys.stderr, flush=True)
        _add_callbacks(now, rng)
        _add_failed_mails(now)
        db.session.commit()

        def count(model) -> int:
            return db.session.scalar(select(func.count()).select_from(model))

        statuses = dict(
            db.session.execute(select(Initiative.status, func.count()).group_by(Initiative.status))
            .tuples()
            .all()
        )
        late = db.session.scalar(
            select(func.count())
            .select_from(PhaseVisit)
            .join(Initiative, Initiative.id == PhaseVisit.initiative_id)
            .where(
                PhaseVisit.left_at.is_(None),
                Initiative.status == Status.ACTIVE,
                PhaseVisit.due_on < now.date(),
            )
        )
        open_calls = db.session.scalar(
            select(func.count())
            .select_from(CallbackRequest)
            .where(CallbackRequest.handled_at.is_(None))
        )
        counts = {
            "initiatives": sum(statuses.values()),
            **statuses,
            "late": late,
            "visits": count(PhaseVisit),
            "pauses": count(Pause),
            "events": count(Event),
            "open call-backs": open_calls,
        }
        db.session.remove()
    return counts


def _add_callbacks(now: datetime, rng: random.Random) -> None:
    """Open 'bel mij terug' requests on some active initiatives, a few of them overdue."""
    from sqlalchemy import select

    from demo.history import Clock
    from initiatief.dates.planning import load_calendar
    from initiatief.extensions import db
    from initiatief.models import CallbackRequest, Event, EventKind, Initiative, Status

    clock = Clock(now, load_calendar(), rng)
    initiatives = db.session.scalars(
        select(Initiative).where(Initiative.status == Status.ACTIVE).order_by(Initiative.id)
    ).all()
    for initiative in initiatives:
        if not initiative.initiator.phone or rng.random() >= CALLBACK_SHARE:
            continue
        asked = clock.office(clock.back(clock.today, rng.randint(0, 6)))
        entered = initiative.current_visit.entered_at
        asked = min(max(asked, entered + timedelta(hours=1)), now)
        db.session.add(
            CallbackRequest(
                initiative_id=initiative.id,
                phone=initiative.initiator.phone,
                preferred_moment="Na 17.00 uur",
                created_at=asked,
            )
        )
        db.session.add(
            Event(
                initiative_id=initiative.id,
                kind=EventKind.CALLBACK_ASKED,
                created_at=asked,
                data={},
            )
        )
    db.session.flush()


def _add_failed_mails(now: datetime) -> None:
    """Mails that failed for good yesterday, for the mislukte mails digest."""
    from sqlalchemy import select

    from initiatief.extensions import db
    from initiatief.mail.outbox import queue_mail
    from initiatief.models import Initiative, MailStatus

    initiatives = db.session.scalars(
        select(Initiative).order_by(Initiative.id).limit(FAILED_MAILS)
    ).all()
    for number, initiative in enumerate(initiatives):
        row = queue_mail(
            key=f"bench-failed:{number}",
            kind="status_gewijzigd",
            to=initiative.initiator.email,
            subject=f"Uw initiatief {initiative.number}",
            text="Beste bewoner,\n",
            html="<p>Beste bewoner,</p>\n",
            initiative=initiative,
            send_after=now - timedelta(days=1),
        )
        row.status = MailStatus.FAILED
        row.attempts = 8
        row.last_error = "550 5.1.1 mailbox unavailable"
    db.session.flush()


def one_pass(app, now: datetime, counter: StatementCounter) -> list[tuple[str, float, int, int]]:
    """Every job but the dispatcher once at `now`; (job, seconds, mails queued, statements)."""
    from initiatief.extensions import db
    from initiatief.scheduler import JOBS

    rows = []
    for job in JOBS:
        if job.id == "dispatch_mail":
            continue
        with app.app_context():
            try:
                counter.count = 0
                started = time.perf_counter()
                queued = job.func(now)
                seconds = time.perf_counter() - started
                rows.append((job.id, seconds, int(queued or 0), counter.count))
            finally:
                db.session.remove()
    return rows


def run(name: str, url: str, active: int, seed: int, now: datetime) -> dict:
    from sqlalchemy import event

    from initiatief.extensions import db

    with tempfile.TemporaryDirectory() as uploads:
        app = make_app(url, uploads)
        started = time.perf_counter()
        counts = fill(app, now, active, seed)
        fill_seconds = time.perf_counter() - started
        counter = StatementCounter()
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            first = one_pass(app, now, counter)
            second = one_pass(app, now, counter)
        finally:
            event.remove(engine, "before_cursor_execute", counter)
            engine.dispose()
    return {"name": name, "fill": fill_seconds, "counts": counts, "passes": [first, second]}


def report(result: dict) -> None:
    counts = result["counts"]
    print(f"\n{result['name']}: filled in {result['fill']:.1f} s")
    print("  " + ", ".join(f"{value} {key}" for key, value in counts.items()))
    for number, rows in enumerate(result["passes"], start=1):
        print(f"  pass {number}")
        print(f"  {'job':<28} {'seconds':>8} {'mails':>6} {'statements':>10}")
        for job, seconds, queued, statements in rows:
            print(f"  {job:<28} {seconds:>8.2f} {queued:>6} {statements:>10}")
        total = Counter()
        for _, seconds, queued, statements in rows:
            total.update({"seconds": seconds, "queued": queued, "statements": statements})
        print(
            f"  {'total':<28} {total['seconds']:>8.2f} {total['queued']:>6} "
            f"{total['statements']:>10}"
        )


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=10_000, help="active initiatives")
    parser.add_argument("--postgres", help="a PostgreSQL URL (a database for this benchmark only)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--now", type=_moment, default=DEFAULT_NOW, help="the pass's moment, ISO (UTC)"
    )
    parser.add_argument("--skip-sqlite", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.postgres:
        prepare_postgres(args.postgres)  # refuse early, before the SQLite run
    results = []
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
            results.append(run("SQLite", url, args.initiatives, args.seed, args.now))
            report(results[-1])
    if args.postgres:
        results.append(run("PostgreSQL", args.postgres, args.initiatives, args.seed, args.now))
        report(results[-1])
    repeated = sum(queued for r in results for _, _, queued, _ in r["passes"][1])
    print(f"\nsecond pass queued {repeated} mails (must be 0)")
    return 0 if repeated == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
