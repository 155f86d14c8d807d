"""The README's deploy section, run as written: production mode, PostgreSQL, gunicorn, scheduler.

The commands are read from README.md, so the section cannot drift from what
works. Only the values of the settings are this machine's: a fresh PostgreSQL
database, the local Redis, a local SMTP server, a free port and plain http.
Then a resident goes through the intake and logs in by the mailed link, over
HTTP against two gunicorn workers, and both processes stop cleanly.
"""

import http.cookiejar
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from email import message_from_bytes
from pathlib import Path

import pytest

from initiatief import create_app
from initiatief.extensions import db
from tests.conftest import ON_POSTGRES, require
from tests.databases import own_postgres_database
from tests.factories import make_world

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESIDENT = "deploy-test@voorbeeld.example"


# The block's install steps, which this test does not run again: it runs in the .venv
# and with the static/vendor/ that `make test` installed before it (pip and npm install
# nothing during the tests). Every other line of the block is an export or a command run here.
INSTALL_STEPS = [
    "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt",
    "npm ci && make frontend",
]


def deploy_section() -> tuple[set[str], list[list[str]], list[str]]:
    """The settings the README exports, the commands it runs in order, and any other line."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Deploying on PostgreSQL with gunicorn", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    settings: set[str] = set()
    commands = []
    others = []
    for line in block.splitlines():
        if line.startswith("export "):
            settings.update(re.findall(r"\b([A-Z][A-Z0-9_]*)=", line))
        elif line.startswith(".venv/bin/"):
            commands.append(shlex.split(line, comments=True))
        elif line.strip():
            others.append(re.sub(r"\s+#.*$", "", line).strip())
    return settings, commands, others


def test_every_line_of_the_readme_deploy_block_is_run_here_or_an_install_step():
    """A step added to the README in any other form would not be run by the test below."""
    _, commands, others = deploy_section()
    assert others == INSTALL_STEPS
    assert commands, "the README's deploy block runs no commands"
    assert (ROOT / "static" / "vendor" / ".installed").exists()  # `make frontend` ran


def settings_for_this_machine(database_url: str, port: int, smtp_port: int, tmp_path) -> dict:
    return {
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": database_url,
        "BASE_URL": f"http://127.0.0.1:{port}",
        "TRUSTED_PROXIES": "1",
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        "MAIL_USE_TLS": "0",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }


def local_only(tmp_path) -> dict:
    """What differs from a real host only because this one has no TLS and no disk of its own."""
    return {
        "ALLOW_HTTP_BASE_URL": "1",
        "SESSION_COOKIE_SECURE": "0",
        "RATELIMIT_KEY_PREFIX": f"deploy-test-{secrets.token_hex(4)}",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "PATH": f"{BIN}:/usr/bin:/bin",
        "PYTHONUNBUFFERED": "1",
    }


@pytest.fixture
def empty_database():
    with own_postgres_database("deploy") as url:
        yield url


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """Just enough of a browser: cookies, forms with their CSRF token, no redirects followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def open(self, path: str, form: dict | None = None) -> tuple[int, dict, str]:
        data = urllib.parse.urlencode(form, doseq=True).encode() if form is not None else None
        try:
            with self.opener.open(self.base + path, data=data, timeout=20) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def csrf(self, page: str) -> str:
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wait_for(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError(f"waited {seconds} s for {what}")


@pytest.mark.postgres_only
def test_the_readme_deploy_runs_and_serves_a_resident(empty_database, smtp_server, tmp_path):
    require(ON_POSTGRES, "the deploy test runs on PostgreSQL (TEST_DATABASE_URL)")
    require(redis_answers(), "Redis is not running on 127.0.0.1:6379")
    exported, commands, _ = deploy_section()
    port = free_port()
    settings = settings_for_this_machine(empty_database, port, smtp_server.port, tmp_path)
    assert exported == set(settings), "the README exports other settings than this test sets"
    env = {**settings, **local_only(tmp_path)}
    names = [" ".join(command[1:4]) for command in commands]
    assert names == [
        "--app wsgi db",
        "--app wsgi count-outcomes",
        "--app wsgi render-event-html",
        "--app wsgi create-user",
        "--config gunicorn.conf.py wsgi:app",
        "--app wsgi scheduler",
    ], names

    *once, web, scheduler = [[str(BIN / c[0].removeprefix(".venv/bin/")), *c[1:]] for c in commands]
    for command in once:  # migrations, outcomes, stored HTML, the first beheerder (password twice)
        done = subprocess.run(  # noqa: S603 (the README's own commands)
            command,
            cwd=ROOT,
            env=env,
            input="een-lang-wachtwoord\n" * 2,
            text=True,
            capture_output=True,
            timeout=120,
        )
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    configure_like_a_beheerder(empty_database)

    log = tmp_path / "processes.log"
    processes = []
    with log.open("ab") as out:
        for command in (web, scheduler):
            processes.append(
                subprocess.Popen(  # noqa: S603 (the README's own commands)
                    command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
                )
            )
    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        wait_for(lambda: _up(browser), 30, "gunicorn to answer /gezond")
        resident_journey(browser, smtp_server)
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        codes = [process.wait(40) for process in processes]
    output = log.read_text(errors="replace")
    assert codes == [0, 0], output[-3000:]
    assert "Booting worker" in output and output.count("Booting worker") >= 2, output[-3000:]
    assert RESIDENT not in output  # no resident address in any log line


def configure_like_a_beheerder(database_url: str) -> None:
    """What the first beheerder sets up in Beheer: a journey, wijken, teams and staff."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        make_world()
        db.session.commit()
        db.engine.dispose()


def _up(browser: Browser) -> bool:
    try:
        return browser.open("/gezond")[0] == 200
    except OSError:
        return False


def resident_journey(browser: Browser, smtp_server) -> None:
    """Intake with check step, confirmation, a login link by real mail, the status page."""
    status, headers, page = browser.open("/initiatief-indienen")
    assert status == 200 and headers["Cache-Control"] == "no-store"
    assert "max-age=" in headers["Strict-Transport-Security"]
    answers = {
        "csrf_token": browser.csrf(page),
        "title": "Bankjes bij de vijver",
        "summary": "Drie bankjes voor de buurt.",
        "description": "Zodat ouderen kunnen rusten.",
        "theme": "groen",
        "wijk": "onbekend",
        "location": "Vijverpark",
        "support": ["advies"],
        "wished_start": "2027-06-01",
        "name": "Deploy Test",
        "email": RESIDENT,
        "phone": "06 12345678",
        "contact_preference": "email",
        "consent": "y",
    }
    status, _, page = browser.open("/initiatief-indienen", {**answers, "action": "check"})
    assert status == 200, page[:500]
    status, headers, _ = browser.open("/initiatief-indienen", {**answers, "action": "send"})
    assert status == 303, status
    number = re.search(r"INI-\d{4}-\d{4}", headers["Location"]).group(0)
    status, _, page = browser.open(headers["Location"].removeprefix(browser.base))
    assert status == 200 and number in page

    status, _, page = browser.open("/mijn/inloggen")
    status, headers, _ = browser.open(
        "/mijn/inloggen", {"csrf_token": browser.csrf(page), "email": RESIDENT}
    )
    assert status == 303
    link = wait_for(lambda: _login_link(smtp_server), 45, "the scheduler to send the login link")
    path = urllib.parse.urlsplit(link).path
    status, _, page = browser.open(path)
    assert status == 200
    status, headers, _ = browser.open(path, {"csrf_token": browser.csrf(page)})
    assert status == 303
    status, _, page = browser.open(f"/mijn/initiatief/{number}")
    assert status == 200 and "Bankjes bij de vijver" in page and "Anna de Vries" in page


def _login_link(smtp_server) -> str | None:
    for raw in smtp_server.handler.raw:
        message = message_from_bytes(raw)
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                body = part.get_payload(decode=True).decode()
                found = re.search(r"https?://\S+/mijn/inloggen/link/\S+", body)
                if found:
                    return found.group(0)
    return None
