"""One intake, step by step: SQL statements and CPU milliseconds of each request.

Run from the project root:

    .venv/bin/python -m benchmarks.intake_steps --runs 200 \\
        --sqlite /tmp/intakesteps.sqlite \\
        --postgres postgresql+psycopg://root@127.0.0.1:5432/intakebench

The same four requests as benchmarks/intake.py (form, check, send, receipt),
through the Flask test client in this process with CSRF on, so the figures
hold no HTTP server and no other process: CPU time (time.process_time, which
a busy shared machine disturbs less than the clock) and statements counted
with a before_cursor_execute listener, the median per step over --runs
submissions after 20 to warm up. On SQLite the CPU includes the database's
own work; on PostgreSQL that runs in the server process and is not counted.
"""

import argparse
import statistics
import time

from sqlalchemy import event

from benchmarks.http_load import (
    INTAKE_ANSWERS,
    add_database_arguments,
    csrf_token,
    databases,
    fresh_database,
)
from initiatief import create_app
from initiatief.extensions import db

WARM_UP = 20
STEPS = ("form", "check", "send", "receipt")


class Steps:
    """The four requests of one intake, each timed and its statements counted."""

    def __init__(self, app) -> None:
        self.app = app
        self.statements = 0
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", self._count)

    def _count(self, *_args) -> None:
        self.statements += 1

    def step(self, results: dict, name: str, request):
        start, before = time.process_time(), self.statements
        response = request()
        results[name] = (1000 * (time.process_time() - start), self.statements - before)
        return response

    def submit(self, n: int) -> dict:
        client = self.app.test_client()
        results: dict = {}
        page = self.step(results, "form", lambda: client.get("/initiatief-indienen"))
        answers = {
            **INTAKE_ANSWERS,
            "csrf_token": csrf_token(page.get_data(as_text=True)),
            "title": f"Stap {n}",
            "name": "Bench Bewoner",
            "email": f"stap{n}@voorbeeld.example",
        }
        checked = self.step(
            results,
            "check",
            lambda: client.post("/initiatief-indienen", data={**answers, "action": "check"}),
        )
        sent = self.step(
            results,
            "send",
            lambda: client.post("/initiatief-indienen", data={**answers, "action": "send"}),
        )
        receipt = self.step(results, "receipt", lambda: client.get(sent.headers["Location"]))
        codes = (checked.status_code, sent.status_code, receipt.status_code)
        if codes != (200, 303, 200):
            raise SystemExit(f"unexpected answers {codes}")
        return results


def measure(url: str, runs: int) -> dict[str, tuple[float, int]]:
    fresh_database(url)
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": True, "LOG_LEVEL": "WARNING"}
    )
    steps = Steps(app)
    for n in range(WARM_UP):
        steps.submit(n)
    samples = [steps.submit(WARM_UP + n) for n in range(runs)]
    with app.app_context():
        db.engine.dispose()
    return {
        name: (
            statistics.median(s[name][0] for s in samples),
            statistics.median(s[name][1] for s in samples),
        )
        for name in STEPS
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    add_database_arguments(parser)
    args = parser.parse_args()
    print(f"{'database':<11} " + " ".join(f"{s + ' ms':>10} {'stmts':>5}" for s in STEPS))
    for label, url in databases(args):
        figures = measure(url, args.runs)
        cells = " ".join(f"{figures[s][0]:>10.2f} {figures[s][1]:>5}" for s in STEPS)
        total = sum(ms for ms, _ in figures.values())
        print(f"{label:<11} {cells}   total {total:.1f} ms")


if __name__ == "__main__":
    main()
