"""Issue 9: the intake rate limit refuses a send without losing the form, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from initiatief import create_app
from initiatief.extensions import db
from tests.browser.conftest import served
from tests.browser.helpers import OVERFLOW_JS, fill_intake
from tests.factories import make_world


@pytest.fixture
def limited_live_app(database_url, tmp_path):
    """The app on a live port with the limits on and one intake send an hour."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": True,
            "RATELIMIT_ENABLED": True,
            "INTAKE_RATE_LIMIT": "1/hour",
            "MUNICIPALITY_PHONE": "14 0123",
            "UPLOAD_DIR": str(tmp_path / "uploads"),
        }
    )
    with app.app_context():
        make_world()
        db.session.commit()
    yield from served(app)


def send(page, base: str, title: str):
    page.goto(base + "/initiatief-indienen")
    fill_intake(page)
    page.fill("#title", title)
    page.get_by_role("button", name="Controleer uw gegevens").click()
    assert page.get_by_role("heading", name="Controleer uw gegevens").is_visible()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Verstuur uw initiatief").click()
    return navigation.value


def test_the_second_send_is_refused_with_the_form_still_filled_in(
    limited_live_app, page, axe, screenshot
):
    base = limited_live_app.config["LIVE_URL"]
    send(page, base, "Moestuin aan de Lindelaan")
    assert page.get_by_role("heading", name="Uw initiatief is verstuurd").is_visible()

    response = send(page, base, "Bankje bij de speeltuin")
    assert response.status == 429
    expect(page).to_have_title(re.compile("^Fout:"))
    alert = page.get_by_role("alert")
    assert alert.get_by_role("heading", name="U heeft dit te vaak geprobeerd.").is_visible()
    text = alert.inner_text()
    assert re.search(r"na \d{1,2}\.\d{2} uur \(over ongeveer \d+ minuten\)", text), text
    assert "14 0123" in text
    expect(
        page.locator(".error-summary"), "the refusal should receive focus like an error summary"
    ).to_be_focused()
    # Everything typed is still there: shown on the check page and in the form behind it.
    assert page.get_by_text("Bankje bij de speeltuin").is_visible()
    assert page.get_by_text("Grasveld achter de school").is_visible()
    axe(page, "intake refused by the rate limit")
    page.set_viewport_size({"width": 320, "height": 640})  # WCAG 1.4.10, as every resident page
    found = page.evaluate(OVERFLOW_JS)
    assert found["scrollWidth"] <= 320 and not found["wide"], found
    screenshot(page, "intake-rate-limited")

    page.get_by_role("button", name="Wijzig uw idee").click()
    assert page.input_value("#title") == "Bankje bij de speeltuin"
    assert page.input_value("#phone") == "06 12345678"
    assert page.is_checked("#consent")
