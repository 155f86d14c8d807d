"""The language switch: visible and keyboard-reachable on resident pages, and it keeps
what was typed (the intake by posting its form back, other forms through the script)."""

from playwright.sync_api import expect

from initiatief.extensions import db
from initiatief.models import utcnow
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import log_in
from tests.factories import make_world, submit


def shots(page, name: str) -> None:
    """Full-page screenshots at 320, 360 and 1280 px to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    original = page.viewport_size
    for width in (320, 360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(original)


def tab_to(page, selector: str, limit: int = 15) -> None:
    """Press Tab from the skip link (the page's first stop) until the element has focus."""
    page.locator(".utrecht-skip-link").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"{selector} is not reachable with the keyboard")


def test_switching_on_the_intake_keeps_every_answer(live_app, page, axe):
    with live_app.app_context():
        make_world()
        db.session.commit()
    base = live_app.config["LIVE_URL"]
    page.goto(base + "/initiatief-indienen")
    switch = page.locator("[data-language-switch]")
    expect(switch).to_have_text("English")
    expect(switch).to_have_attribute("lang", "en")
    axe(page, "intake form with the language switch")
    shots(page, "language-switch-intake-nl")

    page.fill("#title", "Bankje bij de speeltuin")
    page.fill("#summary", "Een bankje voor ouders.")
    page.check("#theme-0")
    page.check("#support-1")
    page.fill("#name", "Fatima el Amrani")
    tab_to(page, "[data-language-switch]")
    page.keyboard.press("Enter")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#title")).to_have_value("Bankje bij de speeltuin")
    expect(page.locator("#summary")).to_have_value("Een bankje voor ouders.")
    expect(page.locator("#theme-0")).to_be_checked()
    expect(page.locator("#support-1")).to_be_checked()
    expect(page.locator("#name")).to_have_value("Fatima el Amrani")
    expect(page.locator("[data-language-switch]")).to_have_text("Nederlands")
    expect(page.locator("[data-language-switch]")).to_have_attribute("lang", "nl")
    axe(page, "intake form in English")
    shots(page, "language-switch-intake-en")

    # The language stays on the next page, from the cookie.
    page.goto(base + "/privacy")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_switching_keeps_what_was_typed_in_other_forms(live_app, page, axe):
    with live_app.app_context():
        make_world()
        number = submit(utcnow(), email="fatima@voorbeeld.example").number
        db.session.commit()
    base = live_app.config["LIVE_URL"]

    page.goto(base + "/mijn/inloggen")
    page.fill("#email", "iemand@voorbeeld.example")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(base + "/mijn/inloggen")
    expect(page.locator("#email")).to_have_value("iemand@voorbeeld.example")
    axe(page, "login page in English")
    shots(page, "language-switch-login-en")
    page.get_by_role("link", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    log_in(page, live_app, "fatima@voorbeeld.example")
    page.goto(f"{base}/mijn/initiatief/{number}")
    page.fill("#body", "Mijn begroting komt morgen.")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#body")).to_have_value("Mijn begroting komt morgen.")
    axe(page, "status page in English")
    shots(page, "language-switch-status-en")
    # Reloading later does not bring old text back: it was kept for one switch only.
    page.fill("#body", "")
    page.reload()
    expect(page.locator("#body")).to_have_value("")
