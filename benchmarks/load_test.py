"""Load test: a minute of residents and staff at once against gunicorn with four workers.

Run from the project root (Redis on 127.0.0.1:6379):

    psql -h 127.0.0.1 -U root -d postgres -c "create database intakebench"   # once
    .venv/bin/python -m benchmarks.load_test --seconds 60 \\
        --sqlite /tmp/loadbench.sqlite \\
        --postgres postgresql+psycopg://root@127.0.0.1:5432/intakebench

For every database: empty it (only an SQLite file under /tmp, or a PostgreSQL
database with "bench" in its name), migrate it, add the standard world (journey,
wijken, teams), --residents residents with an initiative each and one
coördinator per staff client, then start gunicorn in production mode with
--workers sync workers. Production settings throughout: the staff second
factor is on (the script made each coördinator's authenticator secret, so it
signs in with password and a one-time code as a person does), the rate limits
are on and counted in Redis, every simulated person sends its own
X-Forwarded-For address through one trusted proxy.

Client processes, each one request at a time, for --seconds:
- intake: the whole intake (form, check, send, receipt), a new resident each time;
- login: a login-link request, alternately for a known and an unknown address;
- status: a resident signs in by the link from the outbox, then reads the
  status page of their initiative over and over;
- staff: a coördinator signs in, then opens the worklist over and over.

Afterwards, in SQL: initiatives stored, distinct titles and receipts queued
equal the intakes counted; login-link mails queued equal the known-address
requests plus the status clients' sign-ins (an unknown address leaves
nothing). gunicorn's log must hold no 500, traceback, worker timeout or
"database is locked". A table per kind; the script exits non-zero on a failure.
"""

import argparse
import re
import secrets
import tempfile
import time
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pyotp

from benchmarks.http_load import (
    Client,
    Gunicorn,
    Refused,
    add_database_arguments,
    count,
    csrf_token,
    databases,
    drive,
    expect,
    fresh_database,
    process_cpu,
    stored_counts,
    submit_intake,
)

STAFF_PASSWORD = "een-lang-wachtwoord-voor-de-test"  # noqa: S105 (a throw-away database)
LINK = re.compile(r"/mijn/inloggen/link/(\S+)")


def resident_email(n: int) -> str:
    return f"bewoner{n}@voorbeeld.example"


def staff_email(n: int) -> str:
    return f"coordinator{n}@gemeente.example"


def populate(url: str, residents: int, staff: int) -> tuple[dict[str, str], dict[str, str]]:
    """Residents with an initiative each, coördinators with a linked authenticator app.

    Returns {resident email: initiative number} and {staff email: TOTP secret}.
    """
    from initiatief import create_app
    from initiatief.extensions import db
    from initiatief.models import Role, User
    from initiatief.services.staff_auth import hash_password
    from tests.factories import submit

    now = datetime.now(UTC)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        numbers = {}
        for n in range(residents):
            initiative = submit(now, email=resident_email(n), title=f"Buurtplan {n}")
            numbers[resident_email(n)] = initiative.number
        secrets_by_email = {}
        for n in range(staff):
            secret = pyotp.random_base32()
            db.session.add(
                User(
                    email=staff_email(n),
                    name=f"Coördinator {n}",
                    role=Role.COORDINATOR,
                    password_hash=hash_password(STAFF_PASSWORD),
                    totp_secret=secret,
                    totp_confirmed_at=now,
                )
            )
            secrets_by_email[staff_email(n)] = secret
        db.session.commit()
        db.engine.dispose()
    return numbers, secrets_by_email


class Tally:
    """Done and failed per kind, and the known-address login links asked for."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.done = 0
        self.known_links = 0
        self.sign_ins = 0
        self.errors: list[str] = []


def address(kind: int, client: int, n: int) -> str:
    return f"10.{kind * 40 + client % 40}.{n // 256 % 256}.{n % 256}"


def intake_client(port, client, until, marker, tally):
    while time.time() < until:
        n = tally.done + len(tally.errors)
        browser = Client(port, address(0, client, n))
        try:
            submit_intake(browser, f"{marker} {client}-{n}", f"nieuw{client}x{n}@voorbeeld.example")
            tally.done += 1
        except (Refused, OSError) as error:
            tally.errors.append(str(error))


def login_client(port, client, until, residents, tally):
    while time.time() < until:
        n = tally.done + len(tally.errors)
        known = n % 2 == 0
        # A new link ends the older one: the first half of the residents is asked for here,
        # the status clients sign in as residents of the second half.
        half = residents // 2
        email = resident_email(n % half) if known else f"onbekend{client}x{n}@voorbeeld.example"
        browser = Client(port, address(1, client, n))
        try:
            status, _, page = browser.get("/mijn/inloggen")
            expect("login form", status, 200)
            status, _, _ = browser.post(
                "/mijn/inloggen", {"csrf_token": csrf_token(page), "email": email}
            )
            expect("login link", status, 303)
            tally.done += 1
            tally.known_links += known
        except (Refused, OSError) as error:
            tally.errors.append(str(error))


def sign_in_resident(url: str, browser: Client, email: str) -> None:
    """Ask a link, take it from the outbox as the mail carries it, press the button."""
    status, _, page = browser.get("/mijn/inloggen")
    expect("login form", status, 200)
    status, _, _ = browser.post("/mijn/inloggen", {"csrf_token": csrf_token(page), "email": email})
    expect("login link", status, 303)
    body = latest_link_mail(url, email)
    path = "/mijn/inloggen/link/" + LINK.search(body).group(1)
    status, _, page = browser.get(path)
    expect("link page", status, 200)
    status, _, _ = browser.post(path, {"csrf_token": csrf_token(page)})
    expect("link button", status, 303)


def latest_link_mail(url: str, email: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(
                text(
                    "select text_body from outbox_mails where kind = 'inloglink'"
                    " and to_address = :e order by id desc limit 1"
                ),
                {"e": email},
            ).scalar_one()
    finally:
        engine.dispose()


def status_client(port, client, until, url, numbers, tally):
    email = resident_email(len(numbers) // 2 + client % (len(numbers) // 2))
    browser = Client(port, address(2, client, 0))
    path = f"/mijn/initiatief/{numbers[email]}"
    sign_in = partial(sign_in_resident, url, browser, email)
    keep_reading(browser, until, tally, sign_in, path, must_show=numbers[email])


def keep_reading(
    browser: Client, until: float, tally: Tally, sign_in, path: str, must_show: str = ""
) -> None:
    """Sign in once, then open the page at path until the time is up; it must show must_show."""
    try:
        sign_in()
        tally.sign_ins += 1
    except (Refused, OSError) as error:
        tally.errors.append(f"sign-in: {error}")
        return
    while time.time() < until:
        try:
            status, _, page = browser.get(path)
            expect(path, status, 200)
            if must_show not in page:
                raise Refused(f"{path}: does not show {must_show}")
            tally.done += 1
        except (Refused, OSError) as error:
            tally.errors.append(str(error))


def sign_in_staff(browser: Client, email: str, secret: str) -> None:
    status, _, page = browser.get("/medewerker/inloggen")
    expect("staff login form", status, 200)
    form = {"csrf_token": csrf_token(page), "email": email, "password": STAFF_PASSWORD}
    status, _, _ = browser.post("/medewerker/inloggen", form)
    expect("staff password", status, 303)
    status, _, page = browser.get("/medewerker/inloggen/code")
    expect("staff code form", status, 200)
    code = pyotp.TOTP(secret).now()
    status, _, _ = browser.post(
        "/medewerker/inloggen/code", {"csrf_token": csrf_token(page), "code": code}
    )
    expect("staff code", status, 303)


def staff_client(port, client, until, staff, tally):
    email, secret = sorted(staff.items())[client % len(staff)]
    browser = Client(port, address(3, client, 0))
    keep_reading(
        browser, until, tally, partial(sign_in_staff, browser, email, secret), "/medewerker/"
    )


def run(kind, target, args, results):
    tally = Tally(kind)
    target(*args, tally)
    results.put((kind, tally.done, tally.known_links, tally.sign_ins, tally.errors, process_cpu()))


def measure(url: str, options) -> dict:
    fresh_database(url)
    numbers, staff = populate(url, options.residents, options.staff)
    log = Path(tempfile.mkdtemp(prefix="loadbench-")) / "gunicorn.log"
    server = Gunicorn(url, options.workers, log)
    marker = f"Last {secrets.token_hex(3)}"
    until = time.time() + options.seconds
    port = server.port
    plan = (
        [("intake", intake_client, (port, c, until, marker)) for c in range(options.intake)]
        + [("login", login_client, (port, c, until, len(numbers))) for c in range(options.login)]
        + [("status", status_client, (port, c, until, url, numbers)) for c in range(options.status)]
        + [("staff", staff_client, (port, c, until, staff)) for c in range(options.staff)]
    )
    try:
        calls = [(run, (kind, target, args)) for kind, target, args in plan]
        answers, elapsed, server_cpu = drive(server, calls, options.seconds)
    finally:
        server.stop()
    by_kind: dict[str, dict] = {}
    for kind, done, known, sign_ins, errors, cpu in answers:
        row = by_kind.setdefault(
            kind, {"clients": 0, "done": 0, "known": 0, "sign_ins": 0, "errors": [], "cpu": 0.0}
        )
        row["clients"] += 1
        row["done"] += done
        row["known"] += known
        row["sign_ins"] += sign_ins
        row["errors"] += errors
        row["cpu"] += cpu
    link_mails = count(url, "select count(*) from outbox_mails where kind = 'inloglink'")
    return {
        "seconds": elapsed,
        "kinds": by_kind,
        "server_cpu": server_cpu,
        "bad_lines": server.bad_lines(),
        "link_mails": link_mails,
        **stored_counts(url, marker),
    }


def report(label: str, r: dict) -> bool:
    """Print one database's table; True when every check holds."""
    kinds = r["kinds"]
    print(f"\n{label}: {r['seconds']:.1f} s, server CPU {r['server_cpu']:.1f} s")
    print(
        f"  {'kind':<8} {'clients':>7} {'done':>6} {'per s':>6} {'errors':>6} {'client CPU s':>12}"
    )
    for kind in ("intake", "login", "status", "staff"):
        row = kinds.get(kind)
        if row is None:
            continue
        print(
            f"  {kind:<8} {row['clients']:>7} {row['done']:>6} "
            f"{row['done'] / r['seconds']:>6.1f} {len(row['errors']):>6} {row['cpu']:>12.1f}"
        )
        for error in row["errors"][:3]:
            print(f"      {error[:160]}")
    intakes = kinds.get("intake", {}).get("done", 0)
    links = kinds.get("login", {}).get("known", 0) + kinds.get("status", {}).get("sign_ins", 0)
    print(
        f"  SQL: intakes {intakes} = stored {r['stored']} = distinct {r['distinct']}"
        f" = receipts {r['receipts']}; login links asked for known addresses {links}"
        f" = mails queued {r['link_mails']}; bad log lines {len(r['bad_lines'])}"
    )
    for line in r["bad_lines"][:5]:
        print(f"      {line[:200]}")
    errors = sum(len(row["errors"]) for row in kinds.values())
    counted = intakes == r["stored"] == r["distinct"] == r["receipts"] and links == r["link_mails"]
    return not errors and not r["bad_lines"] and counted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--intake", type=int, default=2, help="intake client processes")
    parser.add_argument("--login", type=int, default=1, help="login-link client processes")
    parser.add_argument("--status", type=int, default=1, help="signed-in resident processes")
    parser.add_argument("--staff", type=int, default=1, help="signed-in coördinator processes")
    parser.add_argument("--residents", type=int, default=200, help="residents in the database")
    add_database_arguments(parser)
    options = parser.parse_args()
    if options.seconds > 600:
        raise SystemExit("at most 600 seconds: this is a bounded test")
    passed = True
    for label, url in databases(options):
        passed &= report(label, measure(url, options))
    if not passed:
        raise SystemExit("FAILED: errors, bad log lines, or counts that differ")


if __name__ == "__main__":
    main()
