"""Browser fixtures: the real app on a live port, a real mail sink, Chromium and axe-core.

Chromium comes from Debian (/usr/bin/chromium); Playwright cannot download
browsers here. Without it these tests skip locally and fail in CI.
"""

import socket
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from initiatief import create_app
from initiatief.extensions import db
from tests.conftest import chromium_path, require

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mail_sink(tmp_path):
    """The development mail sink on a free port, writing into a mailbox folder."""
    from initiatief.mail.sink import make_controller

    folder = tmp_path / "mailbox"
    folder.mkdir()
    controller = make_controller(folder, "127.0.0.1", free_port())
    controller.start()
    yield {"folder": folder, "port": controller.port}
    controller.stop()


@pytest.fixture
def live_app(database_url, mail_sink, tmp_path):
    """The app as a resident meets it: CSRF on, real templates, mail to the sink."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": True,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": mail_sink["port"],
            "MAILBOX_DIR": str(mail_sink["folder"]),
            "UPLOAD_DIR": str(tmp_path / "uploads"),
        }
    )
    yield from served(app)


def served(app):
    """Serve app on a free port (LIVE_URL and BASE_URL say where) until the generator ends."""
    port = free_port()
    app.config["BASE_URL"] = app.config["LIVE_URL"] = f"http://127.0.0.1:{port}"
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app
    server.shutdown()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    require(path is not None, "Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe():
    """Run axe-core on the page and fail with a readable list of violations."""
    from axe_playwright_python.sync_playwright import Axe

    checker = Axe()

    def check(page, label: str) -> None:
        results = checker.run(page)
        violations = results.response["violations"]
        summary = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
            for v in violations
        )
        assert not violations, f"axe-core found violations on {label}:\n{summary}"

    return check


@pytest.fixture
def screenshot():
    """Save a full-page screenshot at 360 and 1280 px wide under test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str) -> None:
        original = page.viewport_size
        for width in (360, 1280):
            page.set_viewport_size({"width": width, "height": 800})
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        page.set_viewport_size(original)

    return take
