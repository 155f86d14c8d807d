"""What the intake and load benchmarks share: a production-like gunicorn, a cheap browser, checks.

The server runs as production does (APP_ENV=production, gunicorn.conf.py, the
rate limits on and counted in the local Redis, one trusted proxy); only what
this machine lacks is switched on by name (plain http, SQLite on purpose).
Clients are raw http.client with a cookie and a CSRF token, one request in
flight each, so the load generator stays cheap; every simulated resident sends
its own X-Forwarded-For address, as the proxy in front does in production.
"""

import argparse
import http.client
import multiprocessing
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from benchmarks.login_timing import check_target, empty_database

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/0"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
# What a worker's log may never hold after a run: a 500's traceback, a locked SQLite.
BAD_LOG_LINES = ("database is locked", "Traceback", "status=500", "WORKER TIMEOUT")

INTAKE_ANSWERS = {
    "summary": "Drie bankjes voor de buurt.",
    "description": "Zodat ouderen onderweg kunnen rusten.",
    "theme": "groen",
    "wijk": "onbekend",
    "location": "Vijverpark",
    "support": ["advies"],
    "wished_start": "2027-06-01",
    "phone": "06 12345678",
    "contact_preference": "email",
    "consent": "y",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def add_database_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sqlite", help="an SQLite file under /tmp", type=Path)
    parser.add_argument("--postgres", help="a PostgreSQL URL (a bench database)")


def databases(args: argparse.Namespace) -> list[tuple[str, str]]:
    """(label, URL) of each database asked for, checked to be a throw-away one."""
    found = []
    if args.sqlite:
        found.append(("SQLite", f"sqlite:///{args.sqlite.resolve()}"))
    if args.postgres:
        found.append(("PostgreSQL", args.postgres))
    for _, url in found:
        check_target(url)
    return found


def fresh_database(url: str) -> None:
    """Emptied, migrated to head and set up as a beheerder would (journey, wijken, teams)."""
    from flask_migrate import upgrade

    from initiatief import create_app
    from initiatief.extensions import db
    from tests.factories import make_world

    empty_database(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        make_world()
        db.session.commit()
        db.engine.dispose()


def count(url: str, sql: str, **params) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).scalar_one()
    finally:
        engine.dispose()


class Gunicorn:
    """`gunicorn --config gunicorn.conf.py wsgi:app` in production mode on a free port."""

    def __init__(self, url: str, workers: int, log: Path, extra: dict | None = None) -> None:
        self.port = free_port()
        self.log = log
        self.prefix = f"bench-{secrets.token_hex(4)}"
        sqlite = make_url(url).get_backend_name() == "sqlite"
        env = {
            "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
            "APP_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "DATABASE_URL": url,
            "BASE_URL": f"http://127.0.0.1:{self.port}",
            "TRUSTED_PROXIES": "1",
            "RATELIMIT_STORAGE_URI": REDIS_URL,
            "RATELIMIT_KEY_PREFIX": self.prefix,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(workers),
            # Only what this machine lacks: TLS, and PostgreSQL for the SQLite run.
            "ALLOW_HTTP_BASE_URL": "1",
            "SESSION_COOKIE_SECURE": "0",
            "ALLOW_SQLITE": "1" if sqlite else "0",
            "INSTANCE_PATH": str(log.parent / "instance"),
            "UPLOAD_DIR": str(log.parent / "uploads"),
            "PYTHONUNBUFFERED": "1",
            **(extra or {}),
        }
        self.env = env
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("wb") as out:
            self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
                [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "wsgi:app"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_until_up(workers)

    def wait_until_up(self, workers: int, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit("gunicorn stopped:\n" + self.log.read_text()[-3000:])
            booted = self.log.read_text(errors="replace").count("Booting worker")
            if booted >= workers and Client(self.port, "127.0.0.1").get("/gezond")[0] == 200:
                return
            time.sleep(0.3)
        raise SystemExit("gunicorn did not answer in time")

    def cpu_seconds(self) -> float:
        """User plus system CPU of the master and its workers so far (from /proc).

        Workers that max_requests replaced are gone from /proc: their CPU is counted
        in the master's figure for children it has waited for (cutime and cstime).
        """
        total = cpu_ticks(self.process.pid, with_waited_children=True)
        total += sum(cpu_ticks(pid) for pid in children(self.process.pid))
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(40)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        clear_counters(self.prefix)

    def bad_lines(self) -> list[str]:
        lines = self.log.read_text(errors="replace").splitlines()
        return [line for line in lines if any(bad in line for bad in BAD_LOG_LINES)]


def cpu_ticks(pid: int, with_waited_children: bool = False) -> int:
    """User plus system CPU clock ticks of a process from /proc (0 once it is gone);
    with_waited_children adds those of its children that ended and were waited for."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    ticks = int(fields[11]) + int(fields[12])
    return ticks + (int(fields[13]) + int(fields[14]) if with_waited_children else 0)


def children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(child) for child in found]


def clear_counters(prefix: str) -> None:
    """Remove this run's rate-limit counters from Redis (a prefix of its own)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    for key in client.scan_iter(match=f"*{prefix}*"):
        client.delete(key)
    client.close()


def drive(server: "Gunicorn", calls: list[tuple], seconds: float) -> tuple[list, float, float]:
    """Run each (function, args) in a process of its own until they are done.

    Each function gets a queue as its last argument and puts one answer on it.
    Returns the answers, the seconds it took and the CPU seconds gunicorn used.
    """
    results = multiprocessing.Queue()
    cpu_before = server.cpu_seconds()
    start = time.time()
    processes = [
        multiprocessing.Process(target=function, args=(*args, results)) for function, args in calls
    ]
    for process in processes:
        process.start()
    answers = [results.get(timeout=seconds + 180) for _ in processes]
    for process in processes:
        process.join()
    return answers, time.time() - start, server.cpu_seconds() - cpu_before


class Client:
    """One browser over raw http.client: its cookie, its address, one request at a time.

    gunicorn's sync workers close the connection after each answer, so there is
    no keep-alive to keep; a connection per request is what a browser gets too.
    """

    def __init__(self, port: int, address: str) -> None:
        self.port = port
        self.address = address
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        headers = {"X-Forwarded-For": self.address, "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            page = response.read().decode()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";", 1)[0]
            return response.status, response.getheader("Location", ""), page
        finally:
            conn.close()

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, form: dict):
        return self.request("POST", path, form)


def csrf_token(page: str) -> str:
    return CSRF.search(page).group(1)


class Refused(Exception):
    """A step answered other than it should; the message names the step and status."""


def expect(step: str, status: int, wanted: int) -> None:
    if status != wanted:
        raise Refused(f"{step}: {status}")


def submit_intake(client: Client, title: str, email: str) -> str:
    """The whole intake as a browser does it; returns the initiative's number."""
    status, _, page = client.get("/initiatief-indienen")
    expect("form", status, 200)
    answers = {
        **INTAKE_ANSWERS,
        "csrf_token": csrf_token(page),
        "title": title,
        "name": "Bench Bewoner",
        "email": email,
    }
    status, _, page = client.post("/initiatief-indienen", {**answers, "action": "check"})
    expect("check", status, 200)
    status, location, _ = client.post("/initiatief-indienen", {**answers, "action": "send"})
    expect("send", status, 303)
    path = urllib.parse.urlsplit(location).path
    status, _, page = client.get(path)
    expect("receipt", status, 200)
    return path.rsplit("/", 1)[1]


def stored_counts(url: str, marker: str) -> dict[str, int]:
    """Initiatives whose title carries the marker, distinct titles, their receipts queued."""
    like = f"{marker}%"
    return {
        "stored": count(url, "select count(*) from initiatives where title like :m", m=like),
        "distinct": count(
            url, "select count(distinct title) from initiatives where title like :m", m=like
        ),
        "receipts": count(
            url,
            "select count(*) from outbox_mails o join initiatives i on i.id = o.initiative_id"
            " where o.kind = 'ontvangstbevestiging' and i.title like :m",
            m=like,
        ),
    }


def process_cpu() -> float:
    """User plus system CPU seconds of this process (the load generator's own cost)."""
    times = os.times()
    return times.user + times.system
