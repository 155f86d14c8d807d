"""Every resident page fits a 320 px wide screen (WCAG 1.4.10 Reflow) and passes axe-core.

One browser context walks all pages a resident can meet, with the hardest content
we can think of: a contact person with a photo, a long name and a long e-mail
address, updates with an unbroken word, and an initiative late, paused, stopped
and finished. Problems are collected over all pages, so one run names them all.
"""

from datetime import UTC, datetime, timedelta
from io import BytesIO

from PIL import Image

from initiatief.extensions import db
from initiatief.models import Initiator, Pause, Status, utcnow
from initiatief.services.actions import post_update, resident_reply
from initiatief.services.callbacks import request_callback
from initiatief.services.photos import save_portrait
from initiatief.signed_links import evaluation_token, opt_out_token
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import (
    OVERFLOW_JS,
    deliver_mail,
    fill_intake,
    open_newest_mail_link,
)
from tests.factories import make_world, submit

WIDTH = 320
RESIDENT = "fatima.el-amrani-van-den-heuvel@buurtvereniging-lindelaan-noord.example"
CONTACT_NAME = "Anna-Maria Wilhelmina de Vries-van Oldenbarnevelt"
CONTACT_EMAIL = "annamaria.wilhelmina.devries-vanoldenbarnevelt@gemeente-voorbeeld.example"
LONG_WORD = "Buurtmoestuinvrijwilligerscoördinatiewerkgroepvergaderingsverslag"


def portrait() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (400, 400), (30, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def seed(app) -> dict:
    """The resident's initiatives in every state; returns numbers and tokens by name."""
    with app.app_context():
        world = make_world()
        anna = world.staff["anna"]
        anna.name, anna.email = CONTACT_NAME, CONTACT_EMAIL
        anna.introduction = "Ik help u graag verder met uw plan voor de buurt."
        anna.photo = save_portrait(portrait(), app.config["UPLOAD_DIR"])
        now = utcnow()
        main = submit(now - timedelta(days=1), email=RESIDENT, title=f"Moestuin {LONG_WORD}")
        post_update(
            main,
            body=f"Wij hebben uw plan gelezen. Zie het {LONG_WORD} en https://voorbeeld.example/"
            "een/heel/lang/pad/zonder/spaties/naar/het/verslag-van-de-vergadering.pdf",
            actor=anna,
            now=now,
            expected_version=main.version,
        )
        resident_reply(main, body=f"Dank u. Hier is mijn {LONG_WORD}.", now=now)
        request_callback(main, "06 12345678", "dinsdagmiddag", now)
        # Two working days for the first phase, submitted a month ago: late.
        late = submit(now - timedelta(days=30), email=RESIDENT, title="Te laat plan")
        start = datetime(2026, 1, 5, 9, tzinfo=UTC)
        paused = submit(start, email=RESIDENT, title="Gepauzeerd plan")
        paused.status = Status.PAUSED
        db.session.add(
            Pause(
                visit=paused.current_visit,
                started_at=start,
                waiting_on="initiatiefnemer",
                reason="Stuur ons de begroting.",
            )
        )
        closed = {}
        for status, outcome in [
            (Status.STOPPED, "U heeft het initiatief ingetrokken."),
            (Status.FINISHED, "Het plan is uitgevoerd."),
        ]:
            initiative = submit(start, email=RESIDENT, title=f"Plan {status}")
            initiative.current_visit.left_at = start + timedelta(days=1)
            initiative.status, initiative.outcome = status, outcome
            initiative.closed_at = start + timedelta(days=1)
            closed[status] = initiative
        db.session.commit()
        initiator = db.session.execute(db.select(Initiator).limit(1)).scalar_one()
        return {
            "main": main.number,
            "late": late.number,
            "paused": paused.number,
            "stopped": closed[Status.STOPPED].number,
            "finished": closed[Status.FINISHED].number,
            "evaluation": evaluation_token(closed[Status.FINISHED]),
            "opt_out": opt_out_token(initiator),
        }


class Walk:
    """Checks the page in view: fits 320 px, axe-core clean, a screenshot to look at."""

    def __init__(self, page, axe):
        self.page, self.axe, self.problems = page, axe, []
        ARTIFACTS.mkdir(exist_ok=True)

    def check(self, name: str) -> None:
        page = self.page
        page.wait_for_load_state("load")
        result = page.evaluate(OVERFLOW_JS)
        if result["scrollWidth"] > WIDTH or result["wide"]:
            self.problems.append(f"{name}: scrollWidth {result['scrollWidth']}, {result['wide']}")
        try:
            self.axe(page, name)
        except AssertionError as error:
            self.problems.append(str(error))
        page.screenshot(path=str(ARTIFACTS / f"reflow-{name}-{WIDTH}.png"), full_page=True)

    def visit(self, url: str, name: str) -> None:
        self.page.goto(url)
        self.check(name)


def test_every_resident_page_fits_320_px(live_app, page, axe, screenshot):
    numbers = seed(live_app)
    base = live_app.config["LIVE_URL"]
    page.set_viewport_size({"width": WIDTH, "height": 640})
    walk = Walk(page, axe)

    walk.visit(base + "/", "home")
    walk.visit(base + "/privacy", "privacy")
    walk.visit(base + "/bestaat-niet", "404")
    walk.visit(base + "/initiatief-indienen", "intake-empty")
    with page.expect_navigation():
        page.get_by_role("button", name="Controleer uw gegevens").click()
    walk.check("intake-errors")
    fill_intake(page)
    page.fill("#email", RESIDENT)
    page.fill("#title", f"Bankje {LONG_WORD}")
    page.fill("#description", f"Een {LONG_WORD} voor de hele straat.")
    page.get_by_role("button", name="Controleer uw gegevens").click()
    walk.check("intake-check")
    page.get_by_role("button", name="Verstuur uw initiatief").click()
    walk.check("confirmation")

    walk.visit(base + "/mijn/inloggen", "login")
    page.fill("#email", RESIDENT)
    page.get_by_role("button", name="Stuur mij een link").click()
    walk.check("login-sent")
    deliver_mail(live_app)
    login_link = open_newest_mail_link(page, live_app, "in te loggen")
    walk.visit(login_link, "login-confirm")
    page.get_by_role("button", name="Inloggen").click()
    walk.check("overview")
    walk.visit(login_link, "link-expired")

    for name in ("main", "late", "paused", "stopped", "finished"):
        walk.visit(f"{base}/mijn/initiatief/{numbers[name]}", f"status-{name}")
    screenshot(page, "reflow-status-finished")  # 360 and 1280 px, to compare by eye
    page.goto(f"{base}/mijn/initiatief/{numbers['main']}")
    screenshot(page, "reflow-status-main")
    page.locator(".callback__summary").click()
    page.fill("#phone", "")
    page.get_by_role("button", name="Bel mij terug").click()
    walk.check("callback-errors")
    page.get_by_role("button", name="Verstuur bericht").click()
    walk.check("reply-errors")

    walk.visit(f"{base}/evaluatie/{numbers['evaluation']}", "evaluation-answer")
    page.get_by_role("button", name="Verstuur mijn antwoord").click()
    walk.check("evaluation-errors")
    page.check("#verdict-0")
    page.get_by_role("button", name="Verstuur mijn antwoord").click()
    walk.check("evaluation-thanks")
    walk.visit(f"{base}/evaluatie/nep", "evaluation-invalid")
    live_app.config["EVALUATION_VALID_DAYS"] = -1
    try:
        walk.visit(f"{base}/evaluatie/{numbers['evaluation']}", "evaluation-expired-410")
    finally:
        live_app.config["EVALUATION_VALID_DAYS"] = 60

    walk.visit(f"{base}/e-mail/afmelden/{numbers['opt_out']}", "unsubscribe")
    page.get_by_role("button", name="Ja, stuur mij alleen nodige e-mail").click()
    walk.check("unsubscribed")
    walk.visit(f"{base}/e-mail/afmelden/nep", "unsubscribe-invalid")

    assert not walk.problems, "\n".join(walk.problems)
