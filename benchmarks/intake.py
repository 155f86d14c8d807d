"""Intake throughput: whole submissions per second against gunicorn, as residents send them.

Run from the project root (Redis on 127.0.0.1:6379):

    psql -h 127.0.0.1 -U root -d postgres -c "create database intakebench"   # once
    .venv/bin/python -m benchmarks.intake --seconds 30 --clients 4 \\
        --sqlite /tmp/intakebench.sqlite \\
        --postgres postgresql+psycopg://root@127.0.0.1:5432/intakebench

For every database: empty it (only an SQLite file under /tmp, or a PostgreSQL
database with "bench" in its name), migrate it, add a journey, wijken and teams,
start gunicorn in production mode with --workers sync workers (gunicorn.conf.py),
then let --clients processes each submit intakes one after the other for
--seconds: GET the form (CSRF token and session cookie), POST the check step,
POST send, follow the 303 to the receipt page. Every submission is a new
resident with its own X-Forwarded-For address, so the intake limit (10 an hour
per address, counted in Redis) holds as in production without refusing the
benchmark. Afterwards the stored initiatives, their distinct titles and their
queued receipts are counted in SQL and must equal what the clients counted;
gunicorn's log must hold no 500, traceback or "database is locked".
"""

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks.http_load import (
    Client,
    Gunicorn,
    Refused,
    add_database_arguments,
    databases,
    drive,
    fresh_database,
    process_cpu,
    stored_counts,
    submit_intake,
)


def resident_address(client: int, n: int) -> str:
    """A different address for every simulated resident (10.client.n/256.n%256)."""
    return f"10.{client % 256}.{n // 256 % 256}.{n % 256}"


def run_client(port: int, client: int, until: float, marker: str, results) -> None:
    done, errors = 0, []
    while time.time() < until:
        browser = Client(port, resident_address(client, done + len(errors)))
        title = f"{marker} {client}-{done + len(errors)}"
        try:
            submit_intake(browser, title, f"bench{client}x{done + len(errors)}@voorbeeld.example")
            done += 1
        except (Refused, OSError) as error:
            errors.append(str(error))
    results.put((done, errors, process_cpu()))


def measure(url: str, workers: int, clients: int, seconds: float, max_requests: str) -> dict:
    fresh_database(url)
    log = Path(tempfile.mkdtemp(prefix="intakebench-")) / "gunicorn.log"
    server = Gunicorn(url, workers, log, {"GUNICORN_MAX_REQUESTS": max_requests})
    marker = f"Bench {int(time.time())}"
    until = time.time() + seconds
    try:
        calls = [(run_client, (server.port, c, until, marker)) for c in range(clients)]
        answers, elapsed, server_cpu = drive(server, calls, seconds)
    finally:
        server.stop()
    submitted = sum(done for done, _, _ in answers)
    errors = [error for _, found, _ in answers for error in found]
    return {
        "submitted": submitted,
        "seconds": elapsed,
        "errors": errors,
        "bad_lines": server.bad_lines(),
        "client_cpu": sum(cpu for _, _, cpu in answers),
        "server_cpu": server_cpu,
        **stored_counts(url, marker),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--max-requests",
        default="2000",
        help="gunicorn's max_requests (0: never replace a worker); default as in production",
    )
    add_database_arguments(parser)
    args = parser.parse_args()
    print(
        f"{'database':<11} {'sent':>5} {'s':>6} {'per s':>6} {'errors':>6} {'stored':>6}"
        f" {'distinct':>8} {'receipts':>8} {'log bad':>7} {'client CPU s':>12} {'server CPU s':>12}"
        f" {'server CPU ms/sub':>17}"
    )
    failed = False
    for label, url in databases(args):
        r = measure(url, args.workers, args.clients, args.seconds, args.max_requests)
        print(
            f"{label:<11} {r['submitted']:>5} {r['seconds']:>6.1f}"
            f" {r['submitted'] / r['seconds']:>6.1f} {len(r['errors']):>6} {r['stored']:>6}"
            f" {r['distinct']:>8} {r['receipts']:>8} {len(r['bad_lines']):>7}"
            f" {r['client_cpu']:>12.1f} {r['server_cpu']:>12.1f}"
            f" {1000 * r['server_cpu'] / max(r['submitted'], 1):>17.1f}"
        )
        for line in (r["errors"] + r["bad_lines"])[:5]:
            print(f"    {line[:200]}")
        counted = r["submitted"] == r["stored"] == r["distinct"] == r["receipts"]
        failed |= bool(r["errors"] or r["bad_lines"]) or not counted
    if failed:
        raise SystemExit("FAILED: errors, bad log lines, or counts that differ")


if __name__ == "__main__":
    main()
