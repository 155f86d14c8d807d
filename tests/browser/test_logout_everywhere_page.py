"""A resident on a shared computer finds "Uitloggen" in the header of every page."""

from initiatief.extensions import db
from initiatief.models import utcnow
from tests.browser.helpers import log_in
from tests.factories import make_world, submit

RESIDENT = "fatima@voorbeeld.example"


def header_logout(page):
    return page.locator("header").get_by_role("button", name="Uitloggen", exact=True)


def test_every_page_of_a_signed_in_resident_offers_logout(live_app, page, axe, screenshot):
    with live_app.app_context():
        make_world()
        number = submit(utcnow(), email=RESIDENT).number
        db.session.commit()
    base = live_app.config["LIVE_URL"]
    status = f"{base}/mijn/initiatief/{number}"

    page.goto(base + "/")
    assert header_logout(page).count() == 0  # nobody is signed in yet
    log_in(page, live_app, RESIDENT)
    for path in ("/mijn/", "/", "/initiatief-indienen", "/privacy", "/bestaat-niet"):
        page.goto(base + path)
        assert header_logout(page).is_visible(), path
    page.goto(status)
    assert header_logout(page).is_visible()
    axe(page, "status page with the logout button")
    screenshot(page, "status-logout")

    with page.expect_navigation():
        header_logout(page).click()
    assert page.get_by_text("U bent uitgelogd.").is_visible()
    assert header_logout(page).count() == 0
    page.goto(status)
    assert page.get_by_role("heading", name="Inloggen bij Mijn initiatieven").is_visible()
    assert "Moestuin" not in page.content()
