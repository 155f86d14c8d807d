"""The staff initiative page and the shared staff form controls look right at 360 and 1280 px.

The main column keeps most of the width, nothing scrolls sideways on a phone, a
select box shows it opens a list, and a radio button has its label beside it.
"""

from initiatief.extensions import db
from initiatief.models import Initiative, utcnow
from initiatief.services.callbacks import request_callback
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import OVERFLOW_JS, beheerder_sign_in, seed_admin_world
from tests.factories import calendar_job_ran

BOX = """(el) => {
  const b = el.getBoundingClientRect();
  return {x: b.x, y: b.y, w: b.width, h: b.height};
}"""


def shoot(page, name: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)


def open_every_action(page) -> None:
    page.locator("details.action").evaluate_all("all => all.forEach((d) => { d.open = true; })")


def test_staff_initiative_page_layout(live_app, page, axe):
    _, secret = seed_admin_world(live_app)
    with live_app.app_context():
        initiative = db.session.execute(db.select(Initiative)).scalar_one()
        initiative.initiator.email = (
            "fatima.el-amrani-van-den-heuvel@buurtvereniging-lindelaan-noord.example"
        )
        request_callback(initiative, "06 12345678", "dinsdagmiddag na 17.00 uur", utcnow())
        db.session.commit()
        number = initiative.number
    base = live_app.config["LIVE_URL"]
    beheerder_sign_in(page, base, secret)
    page.goto(f"{base}/medewerker/initiatief/{number}")

    # As the page opens (every action closed), and with every action form open.
    for state in ("closed", "open"):
        layout = page.locator(".status-layout").evaluate(BOX)
        main = page.locator(".status-layout__main").evaluate(BOX)
        assert main["w"] >= layout["w"] / 2, (state, main, layout)
        axe(page, f"staff initiative page at 1280 px, actions {state}")
        open_every_action(page)
    shoot(page, "staff-layout-initiative", 1280)

    page.set_viewport_size({"width": 360, "height": 900})
    overflow = page.evaluate(OVERFLOW_JS)
    assert overflow["scrollWidth"] <= 360 and not overflow["wide"], overflow
    shoot(page, "staff-layout-initiative", 360)
    axe(page, "staff initiative page at 360 px")


def test_selects_show_an_arrow_and_radio_labels_sit_beside_their_button(live_app, page, axe):
    world, secret = seed_admin_world(live_app)
    base = live_app.config["LIVE_URL"]
    beheerder_sign_in(page, base, secret)

    page.goto(f"{base}/beheer/medewerkers/{world.users['anna']}")
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        for radio in page.locator("input[type=radio]").all():
            label = page.locator(f"label[for='{radio.get_attribute('id')}']")
            button, text = radio.evaluate(BOX), label.evaluate(BOX)
            # Beside it, to the right, and the text's middle level with the button's middle.
            assert text["x"] >= button["x"] + button["w"], (button, text)
            middle = text["y"] + text["h"] / 2 - (button["y"] + button["h"] / 2)
            assert abs(middle) <= 2, (width, button, text)
        shoot(page, "staff-layout-user-form", width)
    label = page.locator("label[for='role-2']")
    text = label.evaluate(BOX)
    label.click(position={"x": text["w"] - 2, "y": text["h"] / 2})
    assert page.is_checked("#role-2")
    axe(page, "user form")

    page.goto(f"{base}/medewerker/initiatief/{page_number(live_app)}")
    open_every_action(page)
    # utrecht.css takes the native arrow away (appearance: none) and draws its own.
    arrows = page.locator("select").evaluate_all(
        "(all) => all.map((el) => getComputedStyle(el).backgroundImage)"
    )
    assert len(arrows) >= 4 and all(arrow.startswith("url(") for arrow in arrows), arrows
    shoot(page, "staff-layout-selects", 1280)


def page_number(app) -> str:
    with app.app_context():
        return db.session.execute(db.select(Initiative.number)).scalar_one()


def test_staff_pages_fit_a_phone(live_app, page):
    """Wide tables scroll inside their own box; the page itself never scrolls sideways."""
    world, secret = seed_admin_world(live_app)
    with live_app.app_context():
        calendar_job_ran()  # the dashboard shows its tables
    base = live_app.config["LIVE_URL"]
    beheerder_sign_in(page, base, secret)
    number = page_number(live_app)
    page.set_viewport_size({"width": 320, "height": 640})
    wide = {}
    for path in [
        "/medewerker/",
        "/medewerker/?weergave=alle",
        "/medewerker/dashboard",
        "/medewerker/profiel",
        "/medewerker/intake",
        f"/medewerker/initiatief/{number}",
        f"/medewerker/initiatief/{number}/brief",
        "/beheer/",
        "/beheer/klantreizen",
        f"/beheer/klantreizen/{world.journey}",
        f"/beheer/fasen/{world.phases[0]}",
        "/beheer/gesloten-dagen",
        "/beheer/teams",
        "/beheer/medewerkers",
        f"/beheer/medewerkers/{world.users['anna']}",
        "/beheer/mailteksten",
    ]:
        page.goto(base + path)
        result = page.evaluate(OVERFLOW_JS)
        if result["scrollWidth"] > 320 or result["wide"]:
            wide[path] = result
    assert not wide, wide
