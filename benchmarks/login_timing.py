"""Login-link timing: does POST /mijn/inloggen answer a known address slower than an unknown one?

Not a test (timings on a shared machine are noisy; tests/test_login_hardening.py
asserts the same SQL statements instead). Run from the project root:

    .venv/bin/python -m benchmarks.login_timing --runs 30 \\
        --sqlite /tmp/login-bench.sqlite \\
        --postgres postgresql+psycopg://root@127.0.0.1:5432/test_c

For every database: empty it (refused unless it is an SQLite file under /tmp or
a PostgreSQL database whose name holds "bench" or starts with "test_"), migrate
it, add one resident with an initiative, warm up, then send --runs pairs of
requests through the Flask test client, alternating known and unknown address
(a new unknown address each time), and print the median and p90 of each and the
difference of the medians in milliseconds.
"""

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

KNOWN = "fatima@voorbeeld.example"
WARM_UP = 5


def check_target(url: str) -> None:
    """Refuse anything but a throw-away database: this script empties it."""
    parsed = make_url(url)
    name = parsed.database or ""
    if parsed.get_backend_name() == "sqlite":
        path = Path(name).resolve()
        if Path(tempfile.gettempdir()).resolve() not in path.parents:
            raise SystemExit(f"refused: the SQLite file must be under /tmp, not {path}")
    elif "bench" not in name and not name.startswith("test_"):
        raise SystemExit(f"refused: {name!r} is not a benchmark or test database")


def empty_database(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        Path(parsed.database).unlink(missing_ok=True)
        return
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def prepare(url: str):
    from flask_migrate import upgrade

    from initiatief import create_app
    from initiatief.extensions import db
    from tests.factories import make_world, submit

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
        make_world()
        submit(datetime.now(UTC), email=KNOWN)
        db.session.commit()
    return app


def timed_post(client, email: str) -> float:
    start = time.perf_counter()
    response = client.post("/mijn/inloggen", data={"email": email})
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 303, response.status_code
    return elapsed


def measure(url: str, runs: int) -> dict[str, list[float]]:
    check_target(url)
    empty_database(url)
    app = prepare(url)
    client = app.test_client()
    for i in range(WARM_UP):
        timed_post(client, KNOWN)
        timed_post(client, f"warm{i}@voorbeeld.example")
    times: dict[str, list[float]] = {"known": [], "unknown": []}
    for i in range(runs):
        times["known"].append(timed_post(client, KNOWN))
        times["unknown"].append(timed_post(client, f"onbekend{i}@voorbeeld.example"))
    from initiatief.extensions import db

    with app.app_context():
        db.engine.dispose()
    return times


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--sqlite", help="an SQLite file under /tmp", type=Path)
    parser.add_argument("--postgres", help="a PostgreSQL URL (bench or test_ database)")
    args = parser.parse_args()
    sqlite = f"sqlite:///{args.sqlite.resolve()}" if args.sqlite else None
    targets = [("SQLite", sqlite), ("PostgreSQL", args.postgres)]
    print(f"{'database':<11} {'address':<8} {'median ms':>9} {'p90 ms':>7}  difference of medians")
    for label, url in targets:
        if not url:
            continue
        times = measure(url, args.runs)
        known, unknown = (statistics.median(times[k]) for k in ("known", "unknown"))
        for kind in ("known", "unknown"):
            median = statistics.median(times[kind])
            print(f"{label:<11} {kind:<8} {median:>9.2f} {p90(times[kind]):>7.2f}", end="")
            print(f"  {known - unknown:+.2f} ms (n={args.runs})" if kind == "unknown" else "")


if __name__ == "__main__":
    main()
