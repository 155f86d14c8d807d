"""`make run`: migrate, seed demo data once, then run web app, scheduler and mail sink together.

Ctrl-C stops all three. Everything runs on SQLite under instance/ unless
DATABASE_URL says otherwise.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLASK = [sys.executable, "-m", "flask", "--app", "wsgi"]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("APP_ENV", "development")
    env.setdefault("MAIL_SERVER", "127.0.0.1")
    env.setdefault("MAIL_PORT", "8025")
    env.setdefault("PORT", "5000")
    env.setdefault("BASE_URL", f"http://127.0.0.1:{env['PORT']}")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def flask(*args: str, env: dict[str, str]) -> None:
    subprocess.run([*FLASK, *args], cwd=ROOT, env=env, check=True)


def main() -> int:
    env = environment()
    flask("db", "upgrade", env=env)
    flask("seed-demo", env=env)
    processes = {
        "mail": subprocess.Popen([*FLASK, "mailbox", "serve"], cwd=ROOT, env=env),
        "scheduler": subprocess.Popen([*FLASK, "scheduler", "run"], cwd=ROOT, env=env),
        "web": subprocess.Popen(
            [*FLASK, "run", "--host", "127.0.0.1", "--port", env["PORT"]], cwd=ROOT, env=env
        ),
    }
    time.sleep(1.5)
    base = env["BASE_URL"]
    print(
        "\n"
        f"  Initiatief runs at   {base}/\n"
        f"  Intake form          {base}/initiatief-indienen\n"
        f"  Mijn initiatieven    {base}/mijn/\n"
        f"  Mailbox (dev only)   {base}/dev/mailbox/\n"
        "  Stop with Ctrl-C.\n",
        flush=True,
    )
    flask("demo-logins", env=env)

    def stop(*_):
        for process in processes.values():
            if process.poll() is None:
                process.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        while all(p.poll() is None for p in processes.values()):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stop()
        for process in processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    failed = [name for name, p in processes.items() if p.returncode not in (0, -2, -15, None)]
    if failed:
        print(f"Stopped because {', '.join(failed)} ended unexpectedly.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
