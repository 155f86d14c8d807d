"""The klantreis picture and the desired-norm form in a real browser, by keyboard only.

axe-core must find nothing at 360 and at 1280 px: on the picture, on the form,
on the form with an error, and on the 'figures not ready' page. Screenshots at
both widths are kept under test-artifacts/ for a person to look at.
"""

import random

from demo import seed_demo_initiatives, seed_reference_data
from demo.reference import staff_email
from initiatief.extensions import db
from initiatief.models import utcnow
from tests.browser.helpers import staff_sign_in
from tests.staff_helpers import give_login


def tab_to(page, selector: str, limit: int = 200) -> None:
    """Press Tab until the element is focused, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    raise AssertionError(f"{selector} is not reachable by keyboard")


def axe_at_both_widths(page, axe, label: str) -> None:
    original = page.viewport_size
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        axe(page, f"{label} at {width} px")
    page.set_viewport_size(original)


def test_coordinator_reads_the_picture_and_sets_a_desired_norm(live_app, page, axe, screenshot):
    with live_app.app_context():
        now = utcnow()
        seed_reference_data(now)
        seed_demo_initiatives(now, 120, random.Random(2026))
        db.session.commit()
        email = staff_email("ingrid")
    secret = give_login(live_app, email)
    staff_sign_in(page, live_app, email, secret)

    tab_to(page, "a[href$='/medewerker/klantreis']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "belofte en ervaring" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator("svg[role=img]").count() == 1
    assert page.locator("table caption").count() == 1
    assert page.get_by_text("Zo kiezen we die fase").is_visible()
    axe_at_both_widths(page, axe, "klantreis picture")
    screenshot(page, "klantreis")

    # On paper: the chart, the table and the phases; no filters, links to forms or menu.
    page.emulate_media(media="print")
    assert not page.locator("form.dashboard-filters").is_visible()
    assert not page.get_by_role("link", name="Download als CSV").is_visible()
    assert not page.locator("nav.site-nav").is_visible()
    assert page.locator("svg[role=img]").is_visible() and page.locator("table").is_visible()
    screenshot(page, "klantreis-print")
    # The table's own landscape page: A4 less 1 cm margins is about 1047 CSS px wide.
    page.set_viewport_size({"width": 1047, "height": 800})
    widths = page.evaluate(
        "() => [document.querySelector('table').scrollWidth,"
        " document.querySelector('.journey-print-wide').clientWidth]"
    )
    assert widths[0] <= widths[1], f"the table is wider than the paper: {widths}"
    page.emulate_media(media="screen")

    # To the form by keyboard; a bad value first, then a good one.
    tab_to(page, "a[href*='/medewerker/klantreis/gewenst']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    first = page.locator("input[name^='fase_']").first
    field_id = first.get_attribute("id")
    tab_to(page, f"#{field_id}")
    page.keyboard.type("abc")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".error-summary").is_visible()
    assert page.locator(f"#{field_id}").input_value() == "abc"
    axe_at_both_widths(page, axe, "desired norms with an error")
    screenshot(page, "klantreis-gewenst-fout")

    tab_to(page, f"#{field_id}")
    page.keyboard.press("Control+A")
    page.keyboard.type("3")
    axe_at_both_widths(page, axe, "desired norms")
    screenshot(page, "klantreis-gewenst")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("De gewenste normen zijn opgeslagen.").is_visible()
    assert page.get_by_text("Gewenste norm: 3 ").first.is_visible()
    axe_at_both_widths(page, axe, "klantreis picture with a desired norm")
    screenshot(page, "klantreis-met-gewenst")


def test_the_picture_without_its_calendar_says_the_figures_are_not_ready(
    live_app, page, axe, screenshot
):
    with live_app.app_context():
        seed_reference_data(utcnow())
        db.session.commit()
        email = staff_email("ingrid")
    secret = give_login(live_app, email)
    staff_sign_in(page, live_app, email, secret)
    response = page.goto(live_app.config["LIVE_URL"] + "/medewerker/klantreis")
    assert response.status == 503
    assert page.get_by_text("De cijfers zijn nog niet klaar.").is_visible()
    axe_at_both_widths(page, axe, "klantreis, figures not ready")
    screenshot(page, "klantreis-not-ready")
