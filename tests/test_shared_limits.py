"""Issue 10: with several workers the rate limits are shared through Redis.

A real `gunicorn --workers 2 wsgi:app` runs on the test's database with the
limits on. We ask for login links from one address over fresh connections
until both workers have refused one. With redis:// exactly five links are
granted in total, whichever worker answers; with memory:// each worker counts
for itself, so more get through. That second test proves the first can fail.

The access log (`%(p)s`, the worker's pid) shows which worker answered; every
request carries its number in the query string to find its log line.
"""

import http.client
import os
import re
import socket
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import require
from tests.processes import start, stop, worker_env

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
LOGIN_LINK_LIMIT = 5  # the default LOGIN_LINK_RATE_LIMIT: 5 per 15 minutes
MAX_REQUESTS = 60
ACCESS_LINE = re.compile(r"^pid=<?(\d+)>? status=(\d+) request=POST /mijn/inloggen\?n=(\d+) ")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_client():
    """The local Redis, or a skip (a failure with CI=true)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
        running = True
    except redis.RedisError:
        running = False
    require(running, f"Redis is not running at {REDIS_URL}")
    yield client
    client.close()


@pytest.fixture
def key_prefix(redis_client):
    """A prefix of our own, so runs never see each other's counters; removed afterwards."""
    prefix = f"test-shared-limits-{uuid.uuid4().hex}"
    yield prefix
    for key in redis_client.scan_iter(match=f"*{prefix}*"):
        redis_client.delete(key)


class Gunicorn:
    """`gunicorn --workers 2 wsgi:app` on a free port, with an access log to read."""

    def __init__(self, database_url: str, storage_uri: str, key_prefix: str, tmp_path: Path):
        self.port = free_port()
        self.access_log = tmp_path / "access.log"
        self.log = tmp_path / "gunicorn.log"
        env = {
            **worker_env(database_url, free_port(), tmp_path),
            "RATELIMIT_ENABLED": "1",
            "RATELIMIT_STORAGE_URI": storage_uri,
            "RATELIMIT_KEY_PREFIX": key_prefix,
        }
        self.process = start(
            [
                "-m",
                "gunicorn",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--access-logfile",
                str(self.access_log),
                "--access-logformat",
                "pid=%(p)s status=%(s)s request=%(r)s",
                "--no-control-socket",  # no shared socket under ~/.gunicorn between runs
                "wsgi:app",
            ],
            env,
            self.log,
        )

    def request(self, method: str, path: str, body: str = "") -> int:
        """One request over a fresh connection (closed after), so any worker may take it."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            headers = {"Connection": "close"}
            if body:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()

    def occupy_one_worker(self) -> socket.socket:
        """Half a request on a connection of its own: the sync worker that takes it waits
        for the rest, so the next request goes to the other worker.

        Without it the kernel tends to hand every new connection to the same idle
        worker, and "whichever worker gets it" would go untested.
        """
        blocker = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        blocker.sendall(b"GET /gezond HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        time.sleep(0.05)  # time for a worker to accept it before the real request arrives
        return blocker

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                if self.request("GET", "/gezond") == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        pytest.fail(f"gunicorn did not answer /gezond: {self.log.read_text()}")

    def answered_by(self, number: int) -> tuple[int, int]:
        """(pid, status) of request `number`, from the access log (written just after)."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            for line in self.access_log.read_text().splitlines():
                match = ACCESS_LINE.match(line)
                if match and int(match[3]) == number:
                    return int(match[1]), int(match[2])
            time.sleep(0.02)
        pytest.fail(f"request {number} is not in the access log")


@pytest.fixture
def serve(database_url, tmp_path):
    servers = []

    def serve(storage_uri: str, key_prefix: str) -> Gunicorn:
        server = Gunicorn(database_url, storage_uri, key_prefix, tmp_path)
        servers.append(server)
        server.wait_until_ready()
        return server

    yield serve
    for server in servers:
        stop(server.process)


def ask_login_links_until_both_workers_refused(server: Gunicorn) -> list[tuple[int, int]]:
    """POST /mijn/inloggen from one address; (pid, status) per request, in order.

    Stops once both workers have answered 429 at least once (or after MAX_REQUESTS).
    """
    answers = []
    for number in range(1, MAX_REQUESTS + 1):
        blocker = server.occupy_one_worker() if number % 2 else None
        try:
            status = server.request(
                "POST", f"/mijn/inloggen?n={number}", "email=fatima%40voorbeeld.example"
            )
        finally:
            if blocker is not None:
                blocker.close()
        pid, logged_status = server.answered_by(number)
        assert logged_status == status
        answers.append((pid, status))
        refused_by = {pid for pid, status in answers if status == 429}
        if len(refused_by) == 2:
            break
    return answers


def test_two_workers_share_the_login_link_limit_through_redis(serve, redis_client, key_prefix):
    server = serve(REDIS_URL, key_prefix)

    answers = ask_login_links_until_both_workers_refused(server)

    statuses = [status for _, status in answers]
    assert statuses[:LOGIN_LINK_LIMIT] == [303] * LOGIN_LINK_LIMIT
    assert set(statuses[LOGIN_LINK_LIMIT:]) == {429}
    # Both workers refused: the sixth request and later are refused whichever worker gets it.
    assert len({pid for pid, status in answers if status == 429}) == 2
    assert any(key_prefix in key.decode() for key in redis_client.scan_iter(match="*"))


def test_memory_storage_does_not_share_the_limit(serve):
    """The opposite with memory://: each worker grants its own five, so the test above can fail."""
    server = serve("memory://", f"test-shared-limits-{uuid.uuid4().hex}")

    answers = ask_login_links_until_both_workers_refused(server)

    granted = [pid for pid, status in answers if status == 303]
    assert len(set(granted)) == 2
    assert len(granted) == 2 * LOGIN_LINK_LIMIT
