"""Status-page benchmark: requests/s of /mijn/initiatief/<number> against a bare route.

Not a test. Run from the project root:

    .venv/bin/python -m benchmarks.status_page --sizes 36 100000 \\
        --postgres postgresql+psycopg://root@127.0.0.1:5432/p1bench

Per size: the PostgreSQL database is emptied (refused unless its name holds
"bench"), migrated, filled (36: the demo seed through the services; more: the bulk
generator `seed_bulk`), VACUUM ANALYZEd. The measured initiative is the active one
with the most public Markdown updates; its events' HTML is stored if bulk left it out,
as the nightly job would (when the code has stored HTML). Then gunicorn starts on
127.0.0.1 with gunicorn.conf.py, 2 sync workers and production settings
(benchmarks/status_wsgi.py: the app plus a bare `return "ok"` route). A resident
signs in through a real login link (ask, read the mail from the outbox, press the
button), and 8 client processes, each on a keep-alive
connection, ask the bare route for 10 s, then the status page for 10 s (--rounds
times in turn). Printed: requests/s of each and their ratio (medians over the
rounds), the machine's CPU per request of each (gunicorn, PostgreSQL, clients) and
their ratio, and, in process (Flask test client), SQL statements and milliseconds
per status page.
"""

import argparse
import http.client
import multiprocessing
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import event, select

from benchmarks.dashboard import (
    analyze,
    check_target,
    empty_database,
    fill,
    initiative_count,
    make_app,
)
from benchmarks.http_load import children, cpu_ticks

ROOT = Path(__file__).resolve().parent.parent
BARE = "/benchmark/ok"
START_LIMIT = 60.0  # seconds for gunicorn to answer, so a broken start stays bounded


def seed_small(app, count: int, seed: int) -> float:
    """The demo municipality and count initiatives through the services (flask seed-demo)."""
    import random

    from demo import seed_reference_data
    from demo.seed import seed_demo_initiatives
    from initiatief.extensions import db

    now = datetime.now(UTC).replace(second=0, microsecond=0)
    started = time.perf_counter()
    with app.app_context():
        seed_reference_data(now)
        seed_demo_initiatives(now, count, random.Random(seed))
        db.session.commit()
    return time.perf_counter() - started


def store_html_of(app, number: str) -> tuple[int, float]:
    """Store the HTML of the measured initiative's events, as the nightly job would.

    seed_bulk writes events without it (COPY), and rendering all 1.3 million at
    100,000 takes too long for a benchmark; the page reads only its own. Marking
    the body changed lets the ORM hook (services/event_html.py) render and store
    it. Returns (events, seconds); (0, 0) on the code before stored HTML.
    """
    from sqlalchemy.orm.attributes import flag_modified

    from initiatief.extensions import db
    from initiatief.models import Event, Initiative

    if not hasattr(Event, "body_html"):
        return 0, 0.0
    started = time.perf_counter()
    with app.app_context():
        events = db.session.scalars(
            select(Event).join(Initiative).where(Initiative.number == number)
        ).all()
        stale = [e for e in events if e.body_html is None]
        for row in stale:
            flag_modified(row, "body")
        db.session.commit()
    return len(stale), time.perf_counter() - started


def chosen_initiative(app) -> tuple[str, str, int]:
    """An active initiative with the most public Markdown updates: (number, email, updates)."""
    from sqlalchemy import func

    from initiatief.extensions import db
    from initiatief.models import Event, EventKind, Initiative, Initiator, Status

    with app.app_context():
        updates = func.count(Event.id)
        row = db.session.execute(
            select(Initiative.number, Initiator.email, updates)
            .join(Initiator, Initiator.initiative_id == Initiative.id)
            .join(Event, Event.initiative_id == Initiative.id)
            .where(
                Initiative.status == Status.ACTIVE,
                Event.public.is_(True),
                Event.kind.in_([EventKind.UPDATE, EventKind.PHASE_CHANGED]),
                Event.body != "",
            )
            .group_by(Initiative.id, Initiative.number, Initiator.email)
            .order_by(updates.desc(), Initiative.id)
            .limit(1)
        ).one()
        return row.number, row.email, row[2]


def newest_login_path(app, email: str) -> str:
    from initiatief.extensions import db
    from initiatief.models import OutboxMail

    with app.app_context():
        text = db.session.scalar(
            select(OutboxMail.text_body)
            .where(OutboxMail.kind == "inloglink", OutboxMail.to_address == email)
            .order_by(OutboxMail.id.desc())
            .limit(1)
        )
    return "/mijn/inloggen/link/" + text.split("/mijn/inloggen/link/")[1].split()[0]


def in_process(app, number: str, email: str, runs: int) -> tuple[int, float]:
    """Statements of one status page and its median ms, through the Flask test client."""
    from initiatief.extensions import db

    client = app.test_client()
    client.post("/mijn/inloggen", data={"email": email})
    if client.post(newest_login_path(app, email)).status_code != 303:
        raise SystemExit("in-process sign-in failed")
    path = f"/mijn/initiatief/{number}"
    for _ in range(3):  # warm: templates compiled, caches filled
        client.get(path)
    with app.app_context():
        engine = db.engine
    seen = []

    def count(*_args):
        seen.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        if client.get(path).status_code != 200:
            raise SystemExit("status page did not answer 200 in process")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return len(seen), statistics.median(times)


# --- gunicorn and the HTTP side -------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def machine_cpu(server: subprocess.Popen) -> float:
    """CPU seconds so far of gunicorn (workers replaced by max_requests included, through
    the master), of every PostgreSQL process, and of this script's finished clients."""
    ticks = cpu_ticks(server.pid, with_waited_children=True)
    ticks += sum(cpu_ticks(pid) for pid in children(server.pid))
    for pid in os.listdir("/proc"):
        if pid.isdigit() and _is_postgres(int(pid)):
            ticks += cpu_ticks(int(pid))
    own = os.times()
    return ticks / os.sysconf("SC_CLK_TCK") + own.children_user + own.children_system


def _is_postgres(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip() == "postgres"
    except OSError:
        return False


def start_gunicorn(url: str, port: int, workers: int, log) -> subprocess.Popen:
    env = {
        **os.environ,
        "APP_ENV": "production",
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "BASE_URL": f"http://127.0.0.1:{port}",
        "ALLOW_HTTP_BASE_URL": "1",
        "RATELIMIT_ALLOW_MEMORY": "1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "LOG_LEVEL": "warning",
        "UPLOAD_DIR": tempfile.mkdtemp(prefix="status-bench-"),
    }
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [str(ROOT / ".venv/bin/gunicorn"), "--config", "gunicorn.conf.py"]
        + ["benchmarks.status_wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    deadline = time.monotonic() + START_LIMIT
    while time.monotonic() < deadline:
        try:
            status, _, _ = request(port, "GET", BARE)
            if status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer within a minute")


def request(port, method, path, cookie="", form=None, conn=None):
    """One request; (status, headers, body). A fresh connection unless one is given."""
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    if own:
        conn.close()
    return response.status, response.getheaders(), data


def merged_cookie(cookie: str, headers) -> str:
    jar = SimpleCookie(cookie)
    for name, value in headers:
        if name.lower() == "set-cookie":
            jar.load(value)
    return "; ".join(f"{key}={morsel.value}" for key, morsel in jar.items())


def csrf_of(body: bytes) -> str:
    return re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', body).group(1).decode()


def sign_in_over_http(app, port: int, email: str) -> str:
    """A resident's session cookie, the way a resident gets one: a login link by mail."""
    status, headers, body = request(port, "GET", "/mijn/inloggen")
    cookie = merged_cookie("", headers)
    form = {"email": email, "csrf_token": csrf_of(body)}
    status, headers, _ = request(port, "POST", "/mijn/inloggen", cookie, form)
    if status != 303:
        raise SystemExit(f"asking a login link gave {status}")
    cookie = merged_cookie(cookie, headers)
    link = newest_login_path(app, email)
    status, headers, body = request(port, "GET", link, cookie)
    cookie = merged_cookie(cookie, headers)
    status, headers, _ = request(port, "POST", link, cookie, {"csrf_token": csrf_of(body)})
    if status != 303:
        raise SystemExit(f"pressing the login button gave {status}")
    return merged_cookie(cookie, headers)


def _client(port, path, cookie, seconds, start_at, results) -> None:
    """One connection, kept alive while the server allows, asking path until time is up."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.time() < start_at:
        time.sleep(0.001)
    deadline = start_at + seconds
    done = failed = 0
    while time.time() < deadline:
        try:
            status, _, _ = request(port, "GET", path, cookie, conn=conn)
        except (OSError, http.client.HTTPException):
            conn.close()  # sync workers close after each response: open again
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            failed += 1
            continue
        if status == 200:
            done += 1
        else:
            failed += 1
    conn.close()
    results.put((done, failed))


def load(port: int, path: str, cookie: str, connections: int, seconds: float) -> float:
    """Requests/s over `connections` client processes for `seconds`; fails on any non-200."""
    results = multiprocessing.Queue()
    start_at = time.time() + 1.0
    workers = [
        multiprocessing.Process(
            target=_client, args=(port, path, cookie, seconds, start_at, results)
        )
        for _ in range(connections)
    ]
    for worker in workers:
        worker.start()
    counts = [results.get(timeout=seconds + 60) for _ in workers]
    for worker in workers:
        worker.join(timeout=10)
    done = sum(c[0] for c in counts)
    failed = sum(c[1] for c in counts)
    if failed > done * 0.01:
        raise SystemExit(f"{path}: {failed} failed requests against {done} answered")
    return done / seconds


# --- one size ------------------------------------------------------------------------


def reused_app(url: str, size: int):
    """The app on a database this script filled before, as it is (no migration)."""
    from initiatief import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "UPLOAD_DIR": tempfile.mkdtemp(prefix="status-bench-"),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    if initiative_count(app) != size:
        raise SystemExit(f"--reuse: the database does not hold {size} initiatives")
    return app


def run(url: str, size: int, args) -> dict:
    check_target(url)
    if args.reuse:
        app, filled = reused_app(url, size), 0.0
    else:
        empty_database(url)
        app = make_app(url, tempfile.mkdtemp(prefix="status-bench-"))
        filled = seed_small(app, size, args.seed) if size <= 2000 else fill(app, size, args.seed)
        analyze(app)
    number, email, updates = chosen_initiative(app)
    rendered, render_seconds = store_html_of(app, number)
    statements, page_ms = in_process(app, number, email, args.runs)
    port = free_port()
    with open(args.log, "ab") as log:
        server = start_gunicorn(url, port, args.workers, log)
        try:
            cookie = sign_in_over_http(app, port, email)
            page = f"/mijn/initiatief/{number}"
            if request(port, "GET", page, cookie)[0] != 200:
                raise SystemExit("the status page did not answer 200 over HTTP")
            rounds = [measured_pair(server, port, page, cookie, args) for _ in range(args.rounds)]
        finally:
            server.terminate()
            server.wait(timeout=30)
    bare = statistics.median(r["bare"] for r in rounds)
    status = statistics.median(r["status"] for r in rounds)
    return {
        "ratio": statistics.median(r["status"] / r["bare"] for r in rounds),
        "ratios": [r["status"] / r["bare"] for r in rounds],
        "bare_cpu_ms": statistics.median(r["bare_cpu_ms"] for r in rounds),
        "status_cpu_ms": statistics.median(r["status_cpu_ms"] for r in rounds),
        "size": size,
        "fill_s": filled,
        "rendered": rendered,
        "render_s": render_seconds,
        "updates": updates,
        "bare": bare,
        "status": status,
        "statements": statements,
        "page_ms": page_ms,
    }


def measured_pair(server, port: int, page: str, cookie: str, args) -> dict:
    """One round: the bare route, then the page, each warmed right before it is measured.

    max_requests replaces workers during the bare route's run, and a fresh worker
    compiles the page's templates and fills its caches on its first views. Besides
    requests/s, the CPU of the whole machine's part in it (gunicorn, PostgreSQL, the
    clients) per request: less disturbed than the rate by neighbours on a shared host.
    """
    found = {}
    for name, path, path_cookie in (("bare", BARE, ""), ("status", page, cookie)):
        load(port, path, path_cookie, args.connections, 2)
        cpu = machine_cpu(server)
        rate = load(port, path, path_cookie, args.connections, args.seconds)
        found[name] = rate
        found[f"{name}_cpu_ms"] = 1000 * (machine_cpu(server) - cpu) / (rate * args.seconds)
    return found


HEADER = (
    "| initiatives | bare req/s | status req/s | ratio | statements/page | ms/page in process "
    "| CPU ms/request bare | CPU ms/request page | CPU ratio |"
)


def table(outcomes: list[dict]) -> None:
    print()
    print(HEADER)
    print("|" + "|".join("-" * (len(cell) + 1) + ":" for cell in HEADER.split("|")[1:-1]) + "|")
    for o in outcomes:
        print(
            f"| {o['size']:>11,} | {o['bare']:>10.0f} | {o['status']:>12.0f} "
            f"| {o['ratio']:>5.2f} | {o['statements']:>15} | {o['page_ms']:>18.1f} "
            f"| {o['bare_cpu_ms']:>19.2f} | {o['status_cpu_ms']:>19.2f} "
            f"| {o['bare_cpu_ms'] / o['status_cpu_ms']:>9.2f} |"
        )
    for o in outcomes:
        print(
            f"{o['size']:,}: filled in {o['fill_s']:.0f} s; {o['rendered']} events of the page "
            f"given stored HTML in {o['render_s']:.1f} s; the page shows "
            f"{o['updates']} Markdown updates; ratio per round: "
            + ", ".join(f"{ratio:.2f}" for ratio in o["ratios"])
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[36, 100_000])
    parser.add_argument("--postgres", required=True, help="PostgreSQL URL, name with 'bench'")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=50, help="in-process pages timed")
    parser.add_argument(
        "--rounds", type=int, default=1, help="bare and page runs in turn; medians shown"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--reuse", action="store_true", help="a database this script filled with one size"
    )
    parser.add_argument("--log", default=os.path.join(tempfile.gettempdir(), "status-bench.log"))
    args = parser.parse_args(argv)
    os.environ.setdefault("APP_ENV", "development")
    outcomes = []
    for size in args.sizes:
        outcome = run(args.postgres, size, args)
        outcomes.append(outcome)
        table([outcome])
    table(outcomes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
