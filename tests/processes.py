"""Starting and stopping app processes (dispatchers, schedulers) from the delivery tests."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def worker_env(
    database_url: str, smtp_port: int, tmp_path: Path, batch_size: int = 50
) -> dict[str, str]:
    """Settings for a dispatcher process, all from the environment (see dispatch_worker)."""
    return {
        **os.environ,
        "APP_ENV": "testing",
        "TEST_DATABASE_URL": database_url,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        "MAIL_TIMEOUT": "5",
        "MAIL_BATCH_SIZE": str(batch_size),
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "PYTHONUNBUFFERED": "1",
    }


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start `python ARGS` in the project root; its output is appended to `log`."""
    with log.open("ab") as out:
        return subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [sys.executable, *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so cleanup reaches children
        )


def stop(process: subprocess.Popen) -> None:
    """Kill a process group that is still running and reap it."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)


def drain_after_lease(env: dict[str, str], log: Path) -> None:
    """Run a dispatcher an hour ahead, past every lease (MAIL_LEASE_SECONDS, 300 s),
    until no mail is due; it must finish cleanly."""
    process = start(["-m", "tests.dispatch_worker", "--later", "3600"], env, log)
    try:
        assert process.wait(60) == 0, log.read_text()
    finally:
        stop(process)


def kill_when(process: subprocess.Popen, condition, log: Path, seconds: float = 30) -> None:
    """SIGKILL a process group as soon as `condition()` holds; it must still be running."""
    try:
        deadline = time.monotonic() + seconds
        while not condition() and time.monotonic() < deadline:
            assert process.poll() is None, log.read_text()
            time.sleep(0.01)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)
    finally:
        stop(process)
