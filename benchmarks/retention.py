"""Retention job: seconds, SQL statements and memory of anonymise_due and purge_old.

Not a test. Run from the project root:

    .venv/bin/python -m benchmarks.retention --initiatives 100000 --due 10000 \\
        --postgres postgresql+psycopg://root@127.0.0.1:5432/retentionbench
    .venv/bin/python -m benchmarks.retention --initiatives 20000 --due 2000 --sqlite

Builds a database with the migrations and fills it with the bulk demo generator
(`seed_bulk`, the path of `flask seed-demo --initiatives N`), in a child process so
that the peak RSS printed afterwards is the job's own. Then, in bulk, it makes every
initiative closed (finished or stopped, closed_at set): exactly --due of them,
drawn at random from those submitted before the cut-off, closed before the cut-off
of the retention period (12 months by default), the rest closed within the last
11 months. Every initiator gets a phone number; every initiative one sent mail
(its closing notice, to the initiator, sent when it closed); a fifth of them a
used login link and an (expired) session from then, and 3 % a live link and a
live session. Then VACUUM ANALYZE (ANALYZE on SQLite), the state after a night of
autovacuum.

Timed, each in its own app context as the scheduler runs them, with the same
`now`: jobs.retention.anonymise_due (pass 1: everything due), anonymise_due again
(pass 2: nothing due, must anonymise 0), and purge_old. Per step: seconds, SQL
statements (a before_cursor_execute counter), what it returned and the peak RSS so
far; for pass 1 also seconds per 1,000 anonymised, the statements that took most
time in all (grouped by their SQL with the parameter lists folded, named by the
function that sent them) and the due query's time per chunk, first to last.

Checked afterwards in SQL: exactly --due initiators anonymised, all of them
initiators of the chosen initiatives, none of the others touched, no address left
on their mails, no link or session left for an address only they used. The plans
of the due query (before pass 1 and after it) and of the slowest statement are
printed (`EXPLAIN (ANALYZE, BUFFERS)` on PostgreSQL, in a transaction rolled back).

SQLite runs on a fresh file in a temporary folder. PostgreSQL runs only when a
URL is given: the database must be empty or one this benchmark made (marker table
`benchmark_retention`); its public schema is dropped and made again.
"""

import argparse
import cProfile
import hashlib
import io
import multiprocessing
import os
import pstats
import random
import re
import resource
import statistics
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    event,
    func,
    insert,
    select,
    text,
)

from benchmarks.scheduler_pass import StatementCounter, make_app, prepare_postgres
from initiatief.models.types import UTCDateTime

MARKER_TABLE = "benchmark_retention"
# Tuesday 10 March 2026, 02.40 Amsterdam time: when the scheduler runs the job.
DEFAULT_NOW = datetime(2026, 3, 10, 1, 40, tzinfo=UTC)
RECENT_DAYS = 334  # the initiatives not due closed within this many days (11 months)
STOPPED_SHARE = 0.2  # of the open initiatives made closed, this share stopped
LINK_SHARE = 0.20  # initiatives whose address has a used link and an old session
LIVE_SHARE = 0.03  # initiatives whose address has a live link and a live session
BATCH = 5_000  # rows per insert of the added mails, links and sessions

# The chosen initiatives: which are due, with the address they had, for the checks.
plan_metadata = MetaData()
plan_table = Table(
    "benchmark_retention_plan",
    plan_metadata,
    Column("initiative_id", Integer, primary_key=True),
    Column("due", Boolean, nullable=False),
    Column("status", String(20), nullable=False),
    Column("closed_at", UTCDateTime, nullable=False),
    Column("email", String(254), nullable=False),
)


# --- filling -------------------------------------------------------------------------


def fill(app, count: int, due: int, seed: int, now: datetime) -> None:
    """The demo world, count bulk initiatives, then every one closed and the extras added."""
    from demo import seed_reference_data
    from demo.bulk import seed_bulk
    from initiatief.extensions import db

    with app.app_context():
        seed_reference_data(now)
        db.session.commit()
        seed_bulk(now, count, seed, echo=lambda line: print(line, file=sys.stderr, flush=True))
        rng = random.Random(seed + 1)
        started = time.perf_counter()
        close_all(now, due, rng)
        add_phones()
        add_mails()
        add_links_and_sessions(now, rng)
        db.session.commit()
        print(
            f"  closed and extras added in {time.perf_counter() - started:.1f} s", file=sys.stderr
        )
        analyze(db.engine)
        db.session.remove()
        db.engine.dispose()


def close_all(now: datetime, due: int, rng: random.Random) -> None:
    """Every initiative closed: due of them before the cut-off, the rest in the last 11 months."""
    from initiatief.extensions import db
    from initiatief.jobs.retention import CLOSED, anonymise_cutoff
    from initiatief.models import Initiative, Initiator, Status

    cutoff = anonymise_cutoff(now)
    rows = db.session.execute(
        select(Initiative.id, Initiative.submitted_at, Initiative.status, Initiator.email)
        .join(Initiator, Initiator.initiative_id == Initiative.id)
        .order_by(Initiative.id)
    ).all()
    latest_due = cutoff - timedelta(days=1)
    old = [row.id for row in rows if row.submitted_at < latest_due - timedelta(days=1)]
    if len(old) < due:
        raise SystemExit(
            f"only {len(old)} initiatives were submitted before the cut-off: lower --due"
        )
    chosen = set(rng.sample(old, due))
    recent_from = now - timedelta(days=RECENT_DAYS)
    plan = []
    for row in rows:
        status = row.status
        if status not in CLOSED:
            status = Status.STOPPED if rng.random() < STOPPED_SHARE else Status.FINISHED
        if row.id in chosen:
            low, high = row.submitted_at + timedelta(days=1), latest_due
        else:
            low = max(row.submitted_at + timedelta(hours=1), recent_from)
            high = now - timedelta(hours=1)
        low = min(low, high)
        closed_at = low + (high - low) * rng.random()
        plan.append(
            {
                "initiative_id": row.id,
                "due": row.id in chosen,
                "status": str(status),
                "closed_at": closed_at.replace(microsecond=0),
                "email": row.email,
            }
        )
    with db.engine.begin() as conn:
        plan_table.create(conn)
        for start in range(0, len(plan), BATCH):
            conn.execute(insert(plan_table), plan[start : start + BATCH])
        planned = select(plan_table.c.initiative_id)
        mine = plan_table.c.initiative_id == Initiative.__table__.c.id
        conn.execute(
            Initiative.__table__.update()
            .where(Initiative.__table__.c.id.in_(planned))
            .values(
                status=select(plan_table.c.status).where(mine).scalar_subquery(),
                closed_at=select(plan_table.c.closed_at).where(mine).scalar_subquery(),
            )
        )


def add_phones() -> None:
    """Every initiator a phone number (06 0000 ...: no one's real number, as in the demo)."""
    from initiatief.extensions import db

    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE initiators SET phone = '06 0000 ' || (2000 + id % 8000) WHERE phone = ''")
        )


def add_mails() -> None:
    """One sent mail per initiative: its closing notice, sent when it closed."""
    from initiatief.extensions import db
    from initiatief.models import Initiative, Initiator, MailStatus, OutboxMail

    rows = db.session.execute(
        select(
            Initiative.id, Initiative.number, Initiative.closed_at, Initiator.name, Initiator.email
        )
        .join(Initiator, Initiator.initiative_id == Initiative.id)
        .order_by(Initiative.id)
    ).all()
    filler = (
        "U kunt uw initiatief nog altijd bekijken op Mijn initiatieven. Heeft u vragen? "
        "Bel ons gerust, of antwoord op deze e-mail. "
    ) * 3
    mails = []
    for row in rows:
        subject = f"Uw initiatief {row.number} is afgerond"
        body = f"Beste {row.name},\n\nUw initiatief {row.number} is afgerond.\n\n{filler}\n"
        mails.append(
            {
                "key": f"bench:afgerond:{row.id}",
                "kind": "status_gewijzigd",
                "initiative_id": row.id,
                "to_address": row.email,
                "subject": subject,
                "text_body": body + "\nMet vriendelijke groet,\nGemeente Voorbeeld\n",
                "html_body": f"<p>Beste {row.name},</p>\n<p>Uw initiatief {row.number} is "
                f"afgerond.</p>\n<p>{filler}</p>\n<p>Met vriendelijke groet,<br>Gemeente "
                "Voorbeeld</p>\n",
                "message_id": f"<bench-{row.id}@initiatief.example>",
                "headers": "",
                "status": MailStatus.SENT.value,
                "urgent": True,
                "created_at": row.closed_at,
                "send_after": row.closed_at,
                "attempts": 1,
                "last_error": "",
                "sent_at": row.closed_at + timedelta(minutes=2),
            }
        )
    _insert(OutboxMail.__table__, mails)


def add_links_and_sessions(now: datetime, rng: random.Random) -> None:
    """Used links and old sessions for a fifth of the addresses, live ones for 3 %; each link
    also as a sent mail without an initiative, as queue_login_link leaves it."""
    from initiatief.extensions import db
    from initiatief.models import Initiative, Initiator, LoginToken, OutboxMail, ResidentSession

    rows = db.session.execute(
        select(Initiative.id, Initiative.closed_at, Initiator.email)
        .join(Initiator, Initiator.initiative_id == Initiative.id)
        .order_by(Initiative.id)
    ).all()
    links, sessions = [], []

    def token(kind: str, number: int) -> str:
        return hashlib.sha256(f"bench-{kind}-{number}".encode()).hexdigest()

    for row in rows:
        if rng.random() < LINK_SHARE:
            at = min(row.closed_at + timedelta(days=rng.randint(1, 20)), now - timedelta(hours=2))
            links.append(
                {
                    "token_hash": token("link", row.id),
                    "email": row.email,
                    "next_path": "",
                    "created_at": at,
                    "expires_at": at + timedelta(minutes=15),
                    "used_at": at + timedelta(minutes=2),
                }
            )
            sessions.append(
                {
                    "token_hash": token("session", row.id),
                    "email": row.email,
                    "created_at": at + timedelta(minutes=2),
                    "expires_at": min(at + timedelta(days=30), now - timedelta(hours=1)),
                    "revoked_at": None,
                }
            )
        if rng.random() < LIVE_SHARE:
            at = now - timedelta(minutes=rng.randint(1, 10))
            links.append(
                {
                    "token_hash": token("live-link", row.id),
                    "email": row.email,
                    "next_path": "",
                    "created_at": at,
                    "expires_at": at + timedelta(minutes=15),
                    "used_at": None,
                }
            )
            since = now - timedelta(days=rng.randint(0, 20), hours=1)
            sessions.append(
                {
                    "token_hash": token("live-session", row.id),
                    "email": row.email,
                    "created_at": since,
                    "expires_at": since + timedelta(days=30),
                    "revoked_at": None,
                }
            )
    _insert(LoginToken.__table__, links)
    _insert(ResidentSession.__table__, sessions)
    _insert(OutboxMail.__table__, [_link_mail(number, link) for number, link in enumerate(links)])


def _link_mail(number: int, link: dict) -> dict:
    """The sent mail with a login link: no initiative, only the address names the resident."""
    from initiatief.models import MailStatus

    body = "Met deze link logt u in bij Mijn initiatieven:\n\nhttps://initiatief.example/mijn/"
    return {
        "key": f"bench:login-link:{number}",
        "kind": "inloglink",
        "initiative_id": None,
        "to_address": link["email"],
        "subject": "Uw link om in te loggen bij Mijn initiatieven",
        "text_body": body + "\n",
        "html_body": f"<p>{body}</p>\n",
        "message_id": f"<bench-link-{number}@initiatief.example>",
        "headers": "",
        "status": MailStatus.SENT.value,
        "urgent": True,
        "created_at": link["created_at"],
        "send_after": link["created_at"],
        "attempts": 1,
        "last_error": "",
        "sent_at": link["created_at"] + timedelta(seconds=5),
    }


def _insert(table, rows: list[dict]) -> None:
    from initiatief.extensions import db

    with db.engine.begin() as conn:
        for start in range(0, len(rows), BATCH):
            conn.execute(insert(table), rows[start : start + BATCH])


def analyze(engine) -> None:
    """Planner statistics and (PostgreSQL) the visibility map, as after a night of autovacuum."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        return
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))


def fill_in_child(app, count: int, due: int, seed: int, now: datetime) -> float:
    """fill() in a forked process, so this process's peak RSS stays the job's; seconds."""
    from initiatief.extensions import db

    with app.app_context():
        db.engine.dispose()  # no pooled connection shared with the child
    started = time.perf_counter()
    child = multiprocessing.get_context("fork").Process(
        target=fill, args=(app, count, due, seed, now)
    )
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"filling failed (exit code {child.exitcode})")
    return time.perf_counter() - started


def contents(app) -> dict[str, int]:
    from initiatief.extensions import db
    from initiatief.models import Event, Initiative, LoginToken, OutboxMail, ResidentSession

    def count(what, *where) -> int:
        return db.session.scalar(select(func.count()).select_from(what).where(*where))

    with app.app_context():
        statuses = dict(
            db.session.execute(select(Initiative.status, func.count()).group_by(Initiative.status))
            .tuples()
            .all()
        )
        counts = {
            "initiatives": sum(statuses.values()),
            **statuses,
            "due": count(plan_table, plan_table.c.due),
            "events": count(Event),
            "mails": count(OutboxMail),
            "login links": count(LoginToken),
            "sessions": count(ResidentSession),
        }
        db.session.remove()
    return counts


# --- measuring -----------------------------------------------------------------------


_LONG_LIST = re.compile(r"('\{[^,}]*,[^,}]*,[^,}]*),[^}]*(\}')")  # ids in a plan: first 3
_PARAM = r"(?:%\(\w+\)s|\?|\$\d+|:\w+)(?:::[A-Z][A-Z ]*[A-Z])?"  # psycopg adds ::TYPE
_LIST = re.compile(rf"\(\s*{_PARAM}(?:\s*,\s*{_PARAM})*\s*\)")


def shape(sql: str) -> str:
    """The statement with its parameter lists folded, so chunks of any size group together."""
    return " ".join(_LIST.sub("(…)", sql).split())


@dataclass
class Shape:
    origin: str
    sql: str
    count: int = 0
    seconds: float = 0.0
    slowest: float = 0.0
    parameters: object = None
    raw: str | None = None
    times: list[float] = field(default_factory=list)


class StatementTimer:
    """Every statement timed (before/after_cursor_execute), grouped by shape."""

    def __init__(self) -> None:
        self.shapes: dict[str, Shape] = {}
        self.seconds = 0.0  # all statements since made

    def attach(self, engine) -> None:
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def detach(self, engine) -> None:
        event.remove(engine, "before_cursor_execute", self._before)
        event.remove(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany) -> None:
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    def _after(self, conn, cursor, statement, parameters, context, executemany) -> None:
        seconds = time.perf_counter() - conn.info["bench_started"].pop()
        self.seconds += seconds
        key = shape(statement)
        entry = self.shapes.get(key)
        if entry is None:
            entry = self.shapes[key] = Shape(_origin(), key)
        entry.count += 1
        entry.seconds += seconds
        entry.times.append(seconds)
        if seconds >= entry.slowest and not executemany:
            entry.slowest, entry.parameters = seconds, parameters
            entry.raw = statement

    def costliest(self, count: int = 12) -> list[Shape]:
        return sorted(self.shapes.values(), key=lambda s: -s.seconds)[:count]


def _origin() -> str:
    """The innermost function in initiatief/ that sent the statement."""
    for frame in reversed(traceback.extract_stack(limit=30)):
        if "/initiatief/" in frame.filename:
            module = frame.filename.split("/initiatief/", 1)[1].removesuffix(".py")
            return f"{module.replace('/', '.')}.{frame.name}"
    return "?"


@dataclass
class Step:
    name: str
    seconds: float
    statements: int
    sql_seconds: float
    result: dict
    peak_rss_mb: float


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(
    app, name: str, job, now: datetime, counter: StatementCounter, timer: "StatementTimer"
) -> Step:
    """One job in its own app context, as the scheduler runs it."""
    from initiatief.extensions import db

    with app.app_context():
        try:
            counter.count = 0
            sql_before = timer.seconds
            started = time.perf_counter()
            result = job(now)
            seconds = time.perf_counter() - started
        finally:
            db.session.remove()
    return Step(name, seconds, counter.count, timer.seconds - sql_before, result, peak_rss_mb())


def profiled(job, lines: int):
    """The job under cProfile; prints the functions that took most time of their own."""

    def run(now: datetime):
        profile = cProfile.Profile()
        try:
            return profile.runcall(job, now)
        finally:
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(lines)
            print("\n".join(out.getvalue().splitlines()[: lines + 12]), file=sys.stderr)

    return run


def due_query(now: datetime):
    """The job's own select of due ids (jobs/retention.due_ids), for EXPLAIN."""
    from initiatief.jobs.retention import anonymise_cutoff, due_ids

    return due_ids(anonymise_cutoff(now))


def explain_due(app, now: datetime, lines: int = 30) -> list[str]:
    """The plan of the due query as the driver gets it (caught by running it once)."""
    from initiatief.extensions import db

    sent = []

    def catch(conn, cursor, statement, parameters, context, executemany) -> None:
        sent.append((statement, parameters))

    with app.app_context():
        engine = db.engine
        event.listen(engine, "before_cursor_execute", catch)
        try:
            query = due_query(now)
            sent.clear()
            db.session.execute(query).all()
        finally:
            event.remove(engine, "before_cursor_execute", catch)
            db.session.remove()
    statement, parameters = sent[-1]
    return explain_sql(engine, statement, parameters, lines)


def explain_sql(engine, sql: str, parameters, lines: int = 30) -> list[str]:
    """EXPLAIN of one statement with its parameters, in a transaction that is rolled back."""
    postgres = engine.dialect.name == "postgresql"
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(prefix + sql, parameters)
        rows = cursor.fetchall()
        raw.rollback()
    finally:
        raw.close()
    plan = [row[0] for row in rows] if postgres else [str(row[-1]) for row in rows]
    plan = [_LONG_LIST.sub(r"\1…\2", line) for line in plan]
    if len(plan) > lines:
        plan = plan[: lines - 2] + ["...", *plan[-2:]]
    return plan


def checks(app, due: int) -> dict[str, int]:
    """What must hold after the passes; each value must be 0 (the first: due)."""
    from initiatief.extensions import db
    from initiatief.models import (
        AuditEntry,
        Event,
        EventKind,
        Initiator,
        LoginToken,
        OutboxMail,
        ResidentSession,
    )

    plan = plan_table.c
    mine = Initiator.initiative_id == plan.initiative_id

    def count(*where, joined=True) -> int:
        query = select(func.count()).select_from(Initiator)
        if joined:
            query = query.join(plan_table, mine)
        return db.session.scalar(query.where(*where))

    with app.app_context():
        kept = select(plan.email).where(~plan.due)
        gone = select(plan.email).where(plan.due, plan.email.not_in(kept))
        found = {
            "anonymised (must be --due)": count(Initiator.anonymised_at.is_not(None), joined=False),
            "due, not anonymised": count(plan.due, Initiator.anonymised_at.is_(None)),
            "not due, anonymised": count(~plan.due, Initiator.anonymised_at.is_not(None)),
            "due, a personal field left": count(
                plan.due,
                (Initiator.name != "") | (Initiator.email != "") | (Initiator.phone != ""),
            ),
            "not due, name, e-mail or phone missing": count(
                ~plan.due,
                (Initiator.name == "") | (Initiator.email == "") | (Initiator.phone == ""),
            ),
            "due, a mail with an address": db.session.scalar(
                select(func.count())
                .select_from(OutboxMail)
                .join(plan_table, OutboxMail.initiative_id == plan.initiative_id)
                .where(plan.due, OutboxMail.to_address != "")
            ),
            "not due, a mail without an address": db.session.scalar(
                select(func.count())
                .select_from(OutboxMail)
                .join(plan_table, OutboxMail.initiative_id == plan.initiative_id)
                .where(~plan.due, OutboxMail.to_address == "")
            ),
            "mails left to addresses only due ones used": db.session.scalar(
                select(func.count()).select_from(OutboxMail).where(OutboxMail.to_address.in_(gone))
            ),
            "links left of addresses only due ones used": db.session.scalar(
                select(func.count()).select_from(LoginToken).where(LoginToken.email.in_(gone))
            ),
            "sessions left of addresses only due ones used": db.session.scalar(
                select(func.count())
                .select_from(ResidentSession)
                .where(ResidentSession.email.in_(gone))
            ),
            "ANONYMISED events minus due": db.session.scalar(
                select(func.count()).select_from(Event).where(Event.kind == EventKind.ANONYMISED)
            )
            - due,
            "anonymise audit entries minus due": db.session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(and_(AuditEntry.action == "anonymise"))
            )
            - due,
        }
        db.session.remove()
    return found


def run(name: str, url: str, args) -> dict:
    from initiatief.extensions import db
    from initiatief.jobs.retention import anonymise_due, purge_old

    with tempfile.TemporaryDirectory() as uploads:
        app = make_app(url, uploads)
        fill_seconds = fill_in_child(app, args.initiatives, args.due, args.seed, args.now)
        counts = contents(app)
        print(f"\n{name}: filled in {fill_seconds:.0f} s", flush=True)
        print("  " + ", ".join(f"{value} {key}" for key, value in counts.items()), flush=True)
        before_plan = explain_due(app, args.now)
        found_before = checks(app, args.due)  # so the checks are seen to count something
        rss_before = peak_rss_mb()
        load = os.getloadavg()[0]
        counter, timer = StatementCounter(), StatementTimer()
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", counter)
        timer.attach(engine)
        try:
            job = profiled(anonymise_due, args.profile) if args.profile else anonymise_due
            first = timed(app, "anonymise_due, pass 1", job, args.now, counter, timer)
            first_shapes = timer.costliest()
            due_times = [
                list(s.times)
                for s in timer.shapes.values()
                if s.origin.endswith("anonymise_due") and "LIMIT" in s.sql
            ]
            timer.shapes.clear()
            second = timed(app, "anonymise_due, pass 2", anonymise_due, args.now, counter, timer)
            third = timed(app, "purge_old", purge_old, args.now, counter, timer)
        finally:
            timer.detach(engine)
            event.remove(engine, "before_cursor_execute", counter)
        found = checks(app, args.due)
        after_plan = explain_due(app, args.now)
        # The slowest statement sent on its own (an executemany has no one set of parameters).
        slowest = next((s for s in first_shapes if s.raw is not None), None)
        slowest_plan = []
        if slowest is not None:
            slowest_plan = explain_sql(engine, slowest.raw, slowest.parameters)
        engine.dispose()
    return {
        "name": name,
        "fill": fill_seconds,
        "counts": counts,
        "rss_before": rss_before,
        "load": load,
        "steps": [first, second, third],
        "costliest": first_shapes,
        "due_times": due_times[0] if due_times else [],
        "checks": found,
        "checks_before": found_before,
        "plans": {
            "due query, before pass 1": before_plan,
            "due query, after pass 1": after_plan,
            f"slowest statement of pass 1 ({slowest.origin if slowest else '-'})": slowest_plan,
        },
    }


def report(result: dict, due: int) -> bool:
    print(
        f"\n{result['name']}: peak RSS before the job {result['rss_before']:.0f} MB, "
        f"load average {result['load']:.1f} (2 cores: above 1, others run too)"
    )
    print(
        f"  {'step':<24} {'seconds':>8} {'of it SQL':>9} {'statements':>10} {'peak RSS':>9}  result"
    )
    for step in result["steps"]:
        print(
            f"  {step.name:<24} {step.seconds:>8.2f} {step.sql_seconds:>9.2f} "
            f"{step.statements:>10} {step.peak_rss_mb:>6.0f} MB  {step.result}"
        )
    first = result["steps"][0]
    done = first.result.get("anonymised", 0)
    if done:
        print(f"  pass 1: {1000 * first.seconds / done:.2f} s per 1,000 anonymised")
    times = result["due_times"]
    if times:
        print(
            f"  due query per chunk ({len(times)}): first {1000 * times[0]:.1f} ms, median "
            f"{1000 * statistics.median(times):.1f} ms, last {1000 * times[-1]:.1f} ms"
        )
    print("  costliest statements of pass 1 (seconds in all / count / origin / SQL):")
    for entry in result["costliest"]:
        print(f"    {entry.seconds:>7.2f} {entry.count:>5}  {entry.origin}")
        print(f"            {entry.sql[:150]}")
    ok = True
    print("  checks (after the passes; before pass 1 in brackets):")
    for label, value in result["checks"].items():
        expected = due if label.startswith("anonymised") else 0
        ok &= value == expected
        before = result["checks_before"][label]
        print(f"    {'ok ' if value == expected else 'BAD'} {label}: {value} ({before})")
    second = result["steps"][1]
    ok &= second.result.get("anonymised") == 0
    for label, plan in result["plans"].items():
        print(f"  plan, {label}:")
        for line in plan:
            print(f"    {line}")
    return ok


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=100_000, help="all, every one closed")
    parser.add_argument("--due", type=int, default=10_000, help="closed before the cut-off")
    parser.add_argument("--postgres", help="a PostgreSQL URL (a database for this benchmark only)")
    parser.add_argument("--sqlite", action="store_true", help="also on a fresh SQLite file")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="cProfile pass 1, print N functions"
    )
    parser.add_argument("--now", type=_moment, default=DEFAULT_NOW, help="the job's moment, ISO")
    args = parser.parse_args(argv)
    if not 0 < args.due < args.initiatives:
        parser.error("--due must be between 0 and --initiatives")

    if args.postgres:
        prepare_postgres(args.postgres, MARKER_TABLE)  # refuse early, before the SQLite run
    ok = True
    if args.sqlite or not args.postgres:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
            ok &= report(run("SQLite", url, args), args.due)
    if args.postgres:
        ok &= report(run("PostgreSQL", args.postgres, args), args.due)
    print("\nall checks passed" if ok else "\nSOME CHECKS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
