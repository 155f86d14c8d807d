"""The dashboard in a real browser: a coördinator filters the demo data and follows a figure.

axe-core must find nothing on the page (unfiltered and filtered), on a list
behind a figure and on the error state; screenshots at 360 and 1280 px are kept
under test-artifacts/ for a person to look at.
"""

import random

from sqlalchemy import select

from demo import seed_demo_initiatives, seed_reference_data
from demo.reference import staff_email
from initiatief.extensions import db
from initiatief.models import User, utcnow
from tests.browser.helpers import staff_sign_in
from tests.staff_helpers import give_login


def test_coordinator_reads_and_filters_the_dashboard(live_app, page, axe, screenshot):
    with live_app.app_context():
        now = utcnow()
        seed_reference_data(now)
        seed_demo_initiatives(now, 36, random.Random(2026))
        db.session.commit()
        email = staff_email("ingrid")
        assert db.session.execute(select(User).where(User.email == email)).scalar_one()
    secret = give_login(live_app, email)
    base = live_app.config["LIVE_URL"]
    staff_sign_in(page, live_app, email, secret)

    page.get_by_role("link", name="Dashboard").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Dashboard")
    for heading in ("Per fase", "Instroom en uitstroom", "Signalering", "Belofte gehouden"):
        assert page.get_by_role("heading", name=heading, exact=True).is_visible()
    assert page.locator("svg[role=img]").count() == 3
    assert page.locator("table caption").count() >= 5
    axe(page, "dashboard, unfiltered")
    screenshot(page, "dashboard")

    # Filters through the form: a journey and a team.
    journey = page.locator("#klantreis option").nth(1).inner_text()
    page.select_option("#klantreis", label=journey)
    page.select_option("#team", label="Wijkteam Noord")
    with page.expect_navigation():
        page.get_by_role("button", name="Toon").click()
    summary = page.locator(".dashboard-summary").inner_text()
    assert f"klantreis: {journey}" in summary and "team: Wijkteam Noord" in summary
    assert page.locator("#klantreis").input_value() != ""
    axe(page, "dashboard, filtered")
    screenshot(page, "dashboard-filtered")

    # A figure leads to the list behind it, and on to the initiative.
    page.goto(base + "/medewerker/dashboard")
    link = page.locator("#tabel-per-fase").locator("xpath=..").locator("a").first
    count = link.inner_text()
    link.click()
    assert page.locator("p.utrecht-paragraph[role=status]").inner_text().startswith(count)
    axe(page, "list behind a figure")
    screenshot(page, "dashboard-list")
    if int(count):
        number = page.locator("tbody a").first.inner_text()
        page.locator("tbody a").first.click()
        assert number in page.content()

    # The error state keeps what was typed.
    page.goto(base + "/medewerker/dashboard?van=2026-06-01&tot=2026-05-01&team=999")
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#van").input_value() == "2026-06-01"
    axe(page, "dashboard with bad filters")
    screenshot(page, "dashboard-error")


def test_a_dashboard_without_its_calendar_says_the_figures_are_not_ready(
    live_app, page, axe, screenshot
):
    """Before the nightly job ever ran (a fresh install) the page explains itself, with 503."""
    with live_app.app_context():
        now = utcnow()
        seed_reference_data(now)
        db.session.commit()
        email = staff_email("ingrid")
    secret = give_login(live_app, email)
    staff_sign_in(page, live_app, email, secret)
    response = page.goto(live_app.config["LIVE_URL"] + "/medewerker/dashboard")
    assert response.status == 503
    assert page.get_by_text("De cijfers zijn nog niet klaar.").is_visible()
    axe(page, "dashboard, figures not ready")
    screenshot(page, "dashboard-not-ready")
