"""Dashboard benchmark: how long /medewerker/dashboard takes over N demo initiatives.

Not a test. Run from the project root:

    .venv/bin/python -m benchmarks.dashboard --sizes 10000 100000 \\
        --sqlite /tmp/dashboard-bench.sqlite \\
        --postgres postgresql+psycopg://root@127.0.0.1:5432/bench

For every database and size: empty the database (refused unless it is a
PostgreSQL database with "bench" in its name, or an SQLite file under /tmp),
migrate it, fill it with the bulk demo generator (`seed_bulk`, the real now, so
the page's "today" figures are current), run ANALYZE, sign in as a coördinator
through the Flask test client, then for each scenario (the default period, and
with filters) time one warm-up and --runs requests of the whole page, and one
more request with every SQL statement timed (benchmarks/dashboard_sql.py).
Prints per scenario: page median and p90, SQL total, statement count, the
costliest service functions and the slowest statements with their plans.
"""

import argparse
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from benchmarks.dashboard_sql import Capture, explain

ROOT = Path(__file__).resolve().parent.parent
COORDINATOR = "ingrid@gemeente.example"  # a demo coördinator: sees every initiative
WARM_UP_LIMIT = 30.0  # seconds; above it, fewer runs, so a slow page stays bounded
FEW_RUNS = 3


def check_target(url: str) -> None:
    """Refuse anything but a benchmark database: this script empties it."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "").resolve()
        if Path(tempfile.gettempdir()).resolve() not in path.parents:
            raise SystemExit(f"refused: the SQLite file must be under /tmp, not {path}")
    elif "bench" not in (parsed.database or ""):
        raise SystemExit(f"refused: {parsed.database!r} is not a benchmark database (no 'bench')")


def empty_database(url: str) -> None:
    """A fresh SQLite file, or PostgreSQL's public schema dropped and made again."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        Path(parsed.database).unlink(missing_ok=True)
        return
    server = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        exists = conn.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": parsed.database}
        )
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    server.dispose()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def make_app(url: str, upload_dir: str):
    """The app on url, migrated to head; staff sign in with a password only (no TOTP)."""
    from flask_migrate import upgrade

    from initiatief import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "UPLOAD_DIR": upload_dir,
            "STAFF_TOTP_REQUIRED": False,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    return app


def fill(app, count: int, seed: int) -> float:
    """The demo world and count bulk initiatives up to now; returns the seconds it took."""
    from demo import seed_reference_data
    from demo.bulk import seed_bulk
    from initiatief.extensions import db

    now = datetime.now(UTC).replace(second=0, microsecond=0)
    started = time.perf_counter()
    with app.app_context():
        seed_reference_data(now)
        db.session.commit()
        seed_bulk(now, count, seed, echo=lambda line: print(line, file=sys.stderr, flush=True))
    return time.perf_counter() - started


def analyze(app) -> None:
    """The state after a night of autovacuum: planner statistics and, on PostgreSQL, the
    visibility map that lets index-only scans skip the table (VACUUM ANALYZE)."""
    from initiatief.extensions import db

    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
            return
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))


def initiative_count(app) -> int:
    from initiatief.extensions import db
    from initiatief.models import Initiative

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Initiative))


def scenarios(app) -> list[tuple[str, dict]]:
    """The default period, one team, and a journey with a theme (ids looked up by name)."""
    from initiatief.extensions import db
    from initiatief.models import Journey, Team

    with app.app_context():
        team = db.session.scalar(select(Team.id).where(Team.name == "Wijkteam Zuid"))
        journey = db.session.scalar(select(Journey.id).where(Journey.slug == "standaard"))
    return [
        ("standaardperiode", {}),
        ("team Zuid", {"team": team}),
        ("klantreis standaard + thema groen", {"klantreis": journey, "thema": "groen"}),
    ]


def sign_in(app):
    client = app.test_client()
    response = client.post(
        "/medewerker/inloggen", data={"email": COORDINATOR, "password": "demo-wachtwoord"}
    )
    if response.status_code != 303:
        raise SystemExit(f"sign-in failed: {response.status_code}")
    return client


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered) + 0.5) - 1)]


def measure(app, client, name: str, args: dict, runs: int, plans: bool) -> dict:
    """Page times over runs requests after a warm-up, then one request with SQL timed."""
    from initiatief.extensions import db

    path = "/medewerker/dashboard" + (f"?{urlencode(args)}" if args else "")
    started = time.perf_counter()
    response = client.get(path)
    warm_up = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code}\n{response.get_data(as_text=True)[:800]}")
    runs = runs if warm_up < WARM_UP_LIMIT else min(runs, FEW_RUNS)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - started)
    with app.app_context():
        engine = db.engine
    capture = Capture(engine)
    capture.attach()
    try:
        started = time.perf_counter()
        client.get(path)
        captured_page = time.perf_counter() - started
    finally:
        capture.detach()
    slowest = capture.slowest(3)
    profile = _profile(client, path) if plans else []
    return {
        "scenario": name,
        "bytes": len(response.data),
        "warm_up": warm_up,
        "median": statistics.median(times),
        "p90": percentile(times, 0.9),
        "runs": runs,
        "captured_page": captured_page,
        "sql": capture.total,
        "statements": len(capture.statements),
        "origins": capture.by_origin()[:6],
        "slowest": slowest,
        "plans": [explain(engine, s) for s in slowest[:2]] if plans else [],
        "profile": profile,
    }


def _profile(client, path: str, top: int = 12) -> list[str]:
    """Where one request spends its time in Python: the top functions by own time."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    client.get(path)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    return lines[start : start + top + 1]


def run(label: str, url: str, count: int, seed: int, runs: int, reuse: bool) -> dict:
    from initiatief.extensions import db

    check_target(url)
    with tempfile.TemporaryDirectory() as uploads:
        fill_seconds = None
        if not reuse:
            empty_database(url)
        app = make_app(url, uploads)
        if initiative_count(app) != count:
            if initiative_count(app):
                empty_database(url)
                app = make_app(url, uploads)
            fill_seconds = fill(app, count, seed)
        analyze(app)
        client = sign_in(app)
        results = [measure(app, client, name, args, runs, plans=index == 0)
                   for index, (name, args) in enumerate(scenarios(app))]  # fmt: skip
        with app.app_context():
            db.engine.dispose()
    return {"database": label, "size": count, "fill": fill_seconds, "results": results}


def report(outcome: dict) -> None:
    fill = f"filled in {outcome['fill']:.0f} s" if outcome["fill"] else "reused"
    print(f"\n## {outcome['database']}, {outcome['size']:,} initiatives ({fill})")
    for r in outcome["results"]:
        print(
            f"\n{r['scenario']}: page median {r['median'] * 1000:.0f} ms, "
            f"p90 {r['p90'] * 1000:.0f} ms over {r['runs']} runs (warm-up "
            f"{r['warm_up'] * 1000:.0f} ms, {r['bytes'] // 1024} KB); "
            f"SQL {r['sql'] * 1000:.0f} ms in {r['statements']} statements "
            f"(page with capture {r['captured_page'] * 1000:.0f} ms)"
        )
        for origin, number, seconds in r["origins"]:
            print(f"    {seconds * 1000:8.1f} ms  {number:3d} x  {origin}")
        for statement, plan in zip(r["slowest"], r["plans"] or [None] * 3, strict=False):
            head = " ".join(statement.sql.split())[:160]
            print(f"  slowest {statement.seconds * 1000:.1f} ms, {statement.origin}: {head} ...")
            for line in plan or []:
                print(f"      {line}")
        if r["profile"]:
            print("  Python time of one request (cProfile, by own time):")
            for line in r["profile"]:
                print(f"    {line}")


def table(outcomes: list[dict]) -> None:
    print("\n| size | database | scenario | page median ms | page p90 ms | SQL ms | "
          "statements | slowest query |")  # fmt: skip
    print("|---:|---|---|---:|---:|---:|---:|---|")
    for o in outcomes:
        for r in o["results"]:
            top = r["slowest"][0]
            print(
                f"| {o['size']:,} | {o['database']} | {r['scenario']} | {r['median'] * 1000:.0f} | "
                f"{r['p90'] * 1000:.0f} | {r['sql'] * 1000:.0f} | {r['statements']} | "
                f"{top.origin} ({top.seconds * 1000:.0f} ms) |"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--sqlite", help="an SQLite file under /tmp (emptied)")
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database name has 'bench'")
    parser.add_argument("--runs", type=int, default=10, help="timed requests per scenario")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--reuse", action="store_true", help="keep a database that already has N initiatives"
    )
    args = parser.parse_args(argv)
    targets = [("SQLite", args.sqlite), ("PostgreSQL", args.postgres)]
    targets = [
        (label, url if "://" in url else f"sqlite:///{url}") for label, url in targets if url
    ]
    if not targets:
        parser.error("give --sqlite and/or --postgres")
    for _, url in targets:
        check_target(url)  # refuse before any work
    outcomes = []
    for size in args.sizes:
        for label, url in targets:
            outcomes.append(run(label, url, size, args.seed, args.runs, args.reuse))
            report(outcomes[-1])
    table(outcomes)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"\npeak memory of this process: {peak} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
