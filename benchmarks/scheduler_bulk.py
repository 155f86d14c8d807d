"""Scheduler pass at 100,000 active initiatives on PostgreSQL: seconds, statements, rows read.

Not a test. Run from the project root:

    .venv/bin/python -m benchmarks.scheduler_bulk --initiatives 100000 \\
        --postgres postgresql+psycopg://root@127.0.0.1:5432/schedbench

The ORM fill of scheduler_pass.py takes minutes per 10,000; this one writes the
initiatives with the bulk demo generator (seed_bulk: three years of histories up
to `now`, about 16 % still active) and then makes every finished or stopped one
active again in bulk SQL: its last visit is reopened as if entered 0 to 6 days
ago (by id), due 28 days after that, so none is late or asks a check-in. Then every job in
scheduler.JOBS except the mail dispatcher runs once at `now` (pass 1: the first
pass after an upgrade, which queues what is due; before it, every event's HTML
is stored as `flask render-event-html` does after an upgrade), and again at the same `now`
(pass 2: the quiet pass, nothing new to send), then once more after ANALYZE
(pass 3: the same, with the planner statistics autovacuum gives within a minute
of pass 1's updates), and with --later-hours once more that much later; each
job in its own app context as the scheduler runs them. Per job: seconds, mails
queued, SQL statements, and rows read (the sum of the cursor's rowcount over
statements that return rows; psycopg reports the rows returned) and rows
written (the same over the others).

PostgreSQL only: the database must be empty or one this benchmark made (marker
table benchmark_scheduler_bulk); its public schema is dropped and made again.
"""

import argparse
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, timedelta

from sqlalchemy import event, func, select, text

from benchmarks.scheduler_pass import DEFAULT_NOW, _moment, make_app, prepare_postgres

MARKER_TABLE = "benchmark_scheduler_bulk"
REOPEN_SPREAD_DAYS = 7  # reopened visits entered 0 .. 6 days before now: no check-in due yet
REOPEN_NORM_DAYS = 28  # and due this many calendar days after entering


class Reads:
    """Statements, rows read and rows written, from the cursor after each statement."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.statements = self.read = self.written = 0

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.statements += 1
        rows = max(cursor.rowcount, 0)
        if cursor.description is not None:
            self.read += rows
        else:
            self.written += rows


def fill(app, now, count: int, seed: int) -> dict[str, int]:
    """seed_bulk up to now, then every closed initiative active again; returns counts."""
    from demo import seed_reference_data
    from demo.bulk import seed_bulk
    from initiatief.dates.planning import today_local
    from initiatief.extensions import db
    from initiatief.models import CallbackRequest, Initiative, Pause, PhaseVisit

    with app.app_context():
        seed_reference_data(now)
        db.session.commit()
        seed_bulk(now, count, seed, echo=lambda line: print(line, file=sys.stderr, flush=True))
        reopen = {
            "now": now.astimezone(UTC).replace(tzinfo=None),
            "today": today_local(now),
            "spread": REOPEN_SPREAD_DAYS,
            "norm": REOPEN_NORM_DAYS,
        }
        with db.engine.begin() as conn:
            conn.execute(
                text("""
                WITH last AS (
                    SELECT DISTINCT ON (v.initiative_id) v.id
                    FROM phase_visits v JOIN initiatives i ON i.id = v.initiative_id
                    WHERE i.status IN ('finished', 'stopped')
                    ORDER BY v.initiative_id, v.entered_at DESC, v.id DESC
                )
                UPDATE phase_visits v SET
                    entered_at = :now - make_interval(days => v.initiative_id % :spread),
                    entered_on = :today - v.initiative_id % :spread,
                    due_on = :today - v.initiative_id % :spread + :norm,
                    promised_on = :today - v.initiative_id % :spread + :norm,
                    left_at = NULL, left_on = NULL, paused_working_days = 0
                FROM last WHERE v.id = last.id
                """),
                reopen,
            )
            conn.execute(
                text("""
                UPDATE initiatives SET status = 'active', closed_at = NULL, outcome = NULL
                WHERE status IN ('finished', 'stopped')
                """)
            )
        store_event_html(app)
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))

        def count_of(statement) -> int:
            return db.session.scalar(statement)

        statuses = dict(
            db.session.execute(select(Initiative.status, func.count()).group_by(Initiative.status))
            .tuples()
            .all()
        )
        open_visits = select(func.count()).where(PhaseVisit.left_at.is_(None))
        return {
            **{f"{status} initiatives": n for status, n in sorted(statuses.items())},
            "open visits": count_of(open_visits.select_from(PhaseVisit)),
            "open visits late": count_of(
                open_visits.select_from(PhaseVisit).where(PhaseVisit.due_on < today_local(now))
            ),
            "running pauses": count_of(
                select(func.count()).select_from(Pause).where(Pause.ended_at.is_(None))
            ),
            "open call-backs": count_of(
                select(func.count())
                .select_from(CallbackRequest)
                .where(CallbackRequest.handled_at.is_(None))
            ),
        }


def store_event_html(app) -> None:
    """Every event's HTML, stored by `flask render-event-html` as after an upgrade.

    seed_bulk writes events without it; a database in use has it from the moment
    each event is written, so the passes would otherwise measure a one-off backfill
    of 20,000 rows in the nightly event_html job instead of a quiet pass.
    """
    result = app.test_cli_runner().invoke(args=["render-event-html"])
    if result.exit_code != 0:
        raise SystemExit(f"render-event-html failed: {result.output}")
    print(f"  event HTML: {result.output.strip()}", flush=True)


def one_pass(app, now, reads: Reads) -> list[tuple[str, float, int, int, int, int]]:
    """Every job but the dispatcher once at now; (job, s, mails, statements, read, written)."""
    from initiatief.extensions import db
    from initiatief.scheduler import JOBS

    rows = []
    for job in JOBS:
        if job.id == "dispatch_mail":
            continue
        with app.app_context():
            try:
                reads.reset()
                started = time.perf_counter()
                queued = job.func(now)
                seconds = time.perf_counter() - started
                queued = queued if isinstance(queued, int) else 0
                rows.append((job.id, seconds, queued, reads.statements, reads.read, reads.written))
            finally:
                db.session.remove()
    return rows


def report(counts: dict[str, int], fill_seconds: float, passes: list) -> None:
    print(f"\nPostgreSQL: filled in {fill_seconds:.0f} s")
    print("  " + ", ".join(f"{value} {key}" for key, value in counts.items()))
    for title, rows in passes:
        print(f"  {title}")
        print(
            f"  {'job':<28} {'seconds':>8} {'mails':>6} {'statements':>10} "
            f"{'rows read':>10} {'written':>8}"
        )
        total = Counter()
        for job, seconds, queued, statements, read, written in rows:
            print(
                f"  {job:<28} {seconds:>8.2f} {queued:>6} {statements:>10} {read:>10} {written:>8}"
            )
            total.update(
                {
                    "seconds": seconds,
                    "queued": queued,
                    "statements": statements,
                    "read": read,
                    "written": written,
                }
            )
        print(
            f"  {'total':<28} {total['seconds']:>8.2f} {total['queued']:>6} "
            f"{total['statements']:>10} {total['read']:>10} {total['written']:>8}"
        )


def analyze(engine) -> None:
    """Fresh planner statistics, as autovacuum gives them within a minute of pass 1's
    updates: the moment indexes are only chosen once the planner knows few rows are due."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--initiatives", type=int, default=100_000, help="initiatives written (all made active)"
    )
    parser.add_argument("--postgres", required=True, help="a PostgreSQL URL for this benchmark")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--now", type=_moment, default=DEFAULT_NOW, help="the pass's moment, ISO (UTC)"
    )
    parser.add_argument(
        "--later-hours",
        type=int,
        default=0,
        help="also run a pass this many hours after now (the next quiet runs)",
    )
    args = parser.parse_args(argv)

    prepare_postgres(args.postgres, MARKER_TABLE)
    with tempfile.TemporaryDirectory() as uploads:
        app = make_app(args.postgres, uploads)
        started = time.perf_counter()
        counts = fill(app, args.now, args.initiatives, args.seed)
        fill_seconds = time.perf_counter() - started
        reads = Reads()
        from initiatief.extensions import db

        with app.app_context():
            engine = db.engine
        event.listen(engine, "after_cursor_execute", reads)
        try:
            passes = [
                ("pass 1", one_pass(app, args.now, reads)),
                (
                    "pass 2, at once (planner statistics of before pass 1)",
                    one_pass(app, args.now, reads),
                ),
            ]
            analyze(engine)
            passes.append(
                ("pass 3, after ANALYZE (as autovacuum does)", one_pass(app, args.now, reads))
            )
            if args.later_hours:
                later = args.now + timedelta(hours=args.later_hours)
                passes.append((f"pass 4, {args.later_hours} h later", one_pass(app, later, reads)))
        finally:
            event.remove(engine, "after_cursor_execute", reads)
            engine.dispose()
    report(counts, fill_seconds, passes)
    repeated = sum(row[2] for _, rows in passes[1:] for row in rows)
    print(f"\nthe passes after the first queued {repeated} mails (must be 0)")
    return 0 if repeated == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
