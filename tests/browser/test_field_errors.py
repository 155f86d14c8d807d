"""A required field looks like any other field until a submit finds an error in it.

The forms validate on the server (novalidate); the browser's own :invalid state
(an empty required field) must not colour a field before anything was typed.
"""

from initiatief.extensions import db
from initiatief.models import utcnow
from tests.browser.helpers import log_in
from tests.factories import make_world, submit

LOOK = """
(selector) => {
  const style = getComputedStyle(document.querySelector(selector));
  return [style.borderTopColor, style.borderTopWidth, style.backgroundColor].join(" / ");
}
"""


def look(page, selector: str) -> str:
    return page.evaluate(LOOK, selector)


def test_required_fields_look_normal_until_a_submit_finds_an_error(live_app, page, axe):
    with live_app.app_context():
        make_world()
        number = submit(utcnow(), email="fatima@voorbeeld.example").number
        db.session.commit()
    base = live_app.config["LIVE_URL"]

    page.goto(base + "/initiatief-indienen")
    normal = look(page, "#postal_address")  # an optional text area: never invalid
    assert look(page, "#summary") == normal
    assert look(page, "#description") == normal
    assert look(page, "#title") == look(page, "#organisation")
    page.get_by_role("button", name="Controleer uw gegevens").click()
    assert page.get_attribute("#summary", "aria-invalid") == "true"
    assert look(page, "#summary") != look(page, "#postal_address")
    assert look(page, "#title") != look(page, "#organisation")

    log_in(page, live_app, "fatima@voorbeeld.example")
    page.goto(f"{base}/mijn/initiatief/{number}")
    page.locator(".callback__summary").click()  # the phone box: a normal field
    normal = look(page, "#phone")
    assert look(page, "#body") == normal
    page.get_by_role("button", name="Verstuur bericht").click()
    assert page.get_attribute("#body", "aria-invalid") == "true"
    assert look(page, "#body") != normal
    axe(page, "status page with an empty reply")
