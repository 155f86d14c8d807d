"""Klantreis picture benchmark: how long /medewerker/klantreis takes over N demo initiatives.

Not a test. Run from the project root, on the dashboard benchmark's database
(benchmarks/dashboard.py fills it; this script reuses it as it is):

    .venv/bin/python -m benchmarks.journey_picture \\
        --postgres postgresql+psycopg://root@127.0.0.1:5432/dashbench --size 100000

The database is migrated to head (the new tables are empty, so every phase
shows 'no desired norm'); when it does not hold exactly --size initiatives it
is refused, unless --fill is given, which empties and fills it like
benchmarks/dashboard.py. Then VACUUM ANALYZE, sign in as a coördinator, and per
scenario one warm-up, --runs timed requests of the whole page and one more with
every SQL statement timed. Also the CSV once per scenario. Prints page median
and p90, SQL total, statement count and the slowest statements with their plans.
"""

import argparse
import resource
import statistics
import sys
import tempfile
import time
from datetime import date
from urllib.parse import urlencode

from sqlalchemy import select

from benchmarks.dashboard import (
    analyze,
    check_target,
    empty_database,
    fill,
    initiative_count,
    make_app,
    percentile,
    sign_in,
)
from benchmarks.dashboard_sql import Capture, explain

PAGE = "/medewerker/klantreis"


def scenarios(app) -> list[tuple[str, dict]]:
    """The default journey and period, one team, and a longer period (since last January)."""
    from initiatief.extensions import db
    from initiatief.models import Team

    with app.app_context():
        team = db.session.scalar(select(Team.id).where(Team.name == "Wijkteam Zuid"))
    last_january = date(date.today().year - 1, 1, 1).isoformat()
    return [
        ("standaardklantreis, standaardperiode", {}),
        ("team Zuid", {"team": team}),
        ("sinds 1 januari vorig jaar", {"van": last_january}),
    ]


def measure(app, client, name: str, args: dict, runs: int, plans: bool) -> dict:
    from initiatief.extensions import db

    path = PAGE + (f"?{urlencode(args)}" if args else "")
    started = time.perf_counter()
    response = client.get(path)
    warm_up = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code}\n{response.get_data(as_text=True)[:800]}")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - started)
    started = time.perf_counter()
    csv = client.get(PAGE + ".csv" + (f"?{urlencode(args)}" if args else ""))
    csv_seconds = time.perf_counter() - started
    if csv.status_code != 200:
        raise SystemExit(f"CSV: {csv.status_code}")
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
    return {
        "scenario": name,
        "bytes": len(response.data),
        "warm_up": warm_up,
        "median": statistics.median(times),
        "p90": percentile(times, 0.9),
        "runs": runs,
        "csv": csv_seconds,
        "captured_page": captured_page,
        "sql": capture.total,
        "statements": len(capture.statements),
        "slowest": slowest,
        "plans": [explain(engine, s) for s in slowest[:2]] if plans else [],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", required=True, help="a PostgreSQL URL with 'bench' in it")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10, help="timed requests per scenario")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--fill", action="store_true", help="empty and fill when the size differs")
    args = parser.parse_args(argv)
    url = args.postgres
    check_target(url)
    with tempfile.TemporaryDirectory() as uploads:
        app = make_app(url, uploads)
        found = initiative_count(app)
        filled = None
        if found != args.size:
            if not args.fill:
                raise SystemExit(f"{found:,} initiatives, not {args.size:,}: run with --fill")
            empty_database(url)
            app = make_app(url, uploads)
            filled = fill(app, args.size, args.seed)
        analyze(app)
        client = sign_in(app)
        results = [
            measure(app, client, name, query, args.runs, plans=index == 0)
            for index, (name, query) in enumerate(scenarios(app))
        ]
    print(f"\n## PostgreSQL, {args.size:,} initiatives ({'filled' if filled else 'reused'})")
    for r in results:
        print(
            f"\n{r['scenario']}: page median {r['median'] * 1000:.0f} ms, "
            f"p90 {r['p90'] * 1000:.0f} ms over {r['runs']} runs (warm-up "
            f"{r['warm_up'] * 1000:.0f} ms, {r['bytes'] // 1024} KB); CSV "
            f"{r['csv'] * 1000:.0f} ms; SQL {r['sql'] * 1000:.0f} ms in {r['statements']} "
            f"statements (page with capture {r['captured_page'] * 1000:.0f} ms)"
        )
        for statement, plan in zip(r["slowest"], r["plans"] or [None] * 3, strict=False):
            head = " ".join(statement.sql.split())[:160]
            print(f"  slowest {statement.seconds * 1000:.1f} ms, {statement.origin}: {head} ...")
            for line in plan or []:
                print(f"      {line}")
    print("\n| scenario | page median ms | page p90 ms | CSV ms | SQL ms | statements | slowest |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for r in results:
        top = r["slowest"][0]
        print(
            f"| {r['scenario']} | {r['median'] * 1000:.0f} | {r['p90'] * 1000:.0f} | "
            f"{r['csv'] * 1000:.0f} | {r['sql'] * 1000:.0f} | {r['statements']} | "
            f"{top.origin} ({top.seconds * 1000:.0f} ms) |"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"\npeak memory of this process: {peak} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
