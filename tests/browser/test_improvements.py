"""Verbeteracties in a real browser: the list, an action with its before/after figures, the form
(with an error), the residents' ideas; keyboard only where a coördinator writes.

axe-core must find nothing at 360 and at 1280 px; screenshots of both widths are
kept under test-artifacts/ for a person to look at. The history is
tests/improvement_world.py: the action starting on 1 April 2026 compares 65
working days on each side (today is later than 13 weeks after the start).
"""

from datetime import date

from initiatief.extensions import db
from initiatief.models import Feedback, ImprovementAction, Role, User
from tests.browser.helpers import OVERFLOW_JS, staff_sign_in
from tests.improvement_world import amsterdam, build
from tests.staff_helpers import give_login

COCO = "coco@gemeente.example"
REMARK = "Het duurde erg lang voor iemand belde."


def seed(app) -> int:
    with app.app_context():
        made = build()
        db.session.add(User(email=COCO, name="Coco Coördinator", role=Role.COORDINATOR))
        db.session.add(
            Feedback(
                initiative=made.initiatives["B4"],
                journey=made.world.journey,
                created_at=amsterdam(4, 20),
                verdict=1,
                remark=REMARK,
            )
        )
        action = ImprovementAction(
            title="Kennismaking binnen een week inplannen",
            reason="Op het dashboard duurt de kennismaking het langst.",
            phase_id=made.phases["K"],
            status="loopt",
            starts_on=date(2026, 4, 1),
            owner=made.world.staff["anna"],
            notes="Eerste overleg met de teams gepland.",
        )
        db.session.add(action)
        db.session.commit()
        return action.id


def check(page, axe, screenshot, name: str) -> None:
    """axe at 360 and at 1280 px, nothing wider than the screen, and the screenshots."""
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        axe(page, f"{name} at {width} px")
        assert page.evaluate(OVERFLOW_JS)["wide"] == [], name
    screenshot(page, name)


def tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until the element has focus: it is reachable with the keyboard."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"{selector} is not reachable with the keyboard")


def test_a_coordinator_follows_an_action_and_records_an_idea(live_app, page, axe, screenshot):
    action_id = seed(live_app)
    base = live_app.config["LIVE_URL"]
    staff_sign_in(page, live_app, COCO, give_login(live_app, COCO))

    page.get_by_role("link", name="Verbeteracties").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Verbeteracties"
    assert page.get_by_role("link", name="Kennismaking binnen een week inplannen").is_visible()
    check(page, axe, screenshot, "verbeteracties")

    page.get_by_role("link", name="Kennismaking binnen een week inplannen").click()
    text = page.locator("main").inner_text()
    # 65 working days on each side: before B1-B5, X1, P1, P2 (8), after A1-A5 and X2 (6).
    assert "We vergelijken 65 werkdagen voor de start" in text
    assert "Het is beter geworden: de doorlooptijd ging van 7 werkdagen naar 3,5 werkdagen." in text
    check(page, axe, screenshot, "verbeteractie")

    # The ideas: the remark, and the link that makes an idea of it.
    page.goto(base + "/medewerker/verbeteracties/ideeen?van=2026-04-01")
    assert page.get_by_text(REMARK).is_visible()
    check(page, axe, screenshot, "verbeteracties-ideeen")

    # Keyboard only: from the remark to the form, an error, then the idea saved.
    tab_to(page, "a[href*='opmerking=']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text(REMARK).is_visible()  # beside the form
    tab_to(page, "#title")
    page.keyboard.type("Terugbellen binnen twee werkdagen")
    tab_to(page, "#status")
    page.keyboard.press("ArrowDown")  # Idee -> Loopt, and no start date: refused
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#title").input_value() == "Terugbellen binnen twee werkdagen"
    assert "Vul de startdatum in" in page.locator("#starts_on-fout").inner_text()
    assert "Kies de fase die beter moet." in page.locator("#phase-fout").inner_text()
    check(page, axe, screenshot, "verbeteractie-nieuw-fout")
    tab_to(page, "#phase")
    page.keyboard.press("ArrowDown")  # Standaard: Ontvangen
    page.keyboard.press("ArrowDown")  # Standaard: Kennismaking
    tab_to(page, "#status")
    page.keyboard.press("ArrowUp")  # back to Idee
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Terugbellen binnen twee werkdagen"
    main = page.locator("main").inner_text()
    assert "nog geen startdatum" in main and "Standaard: Kennismaking" in main

    # The edit form with an error keeps what was typed.
    page.goto(base + f"/medewerker/verbeteracties/{action_id}/bewerken")
    page.fill("#title", "")
    page.fill("#notes", "Nog een aantekening")
    page.get_by_role("button", name="Opslaan").click()
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#notes").input_value() == "Nog een aantekening"
    check(page, axe, screenshot, "verbeteractie-bewerken-fout")
