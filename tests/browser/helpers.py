"""Helpers the browser tests share: seeding the live app, signing in, mail, forms."""

import re
from datetime import UTC, datetime, timedelta

import pyotp

from initiatief.extensions import db
from initiatief.mail.dispatcher import dispatch_due
from initiatief.models import Role, User, utcnow
from initiatief.services import actions
from tests.admin_world import BEA, build_admin_world
from tests.factories import make_world, submit
from tests.staff_helpers import PASSWORD, give_login

FATIMA = "fatima@voorbeeld.example"

# Elements whose right edge lies beyond the viewport, unless a scroll container
# of their own clips them (then only that container scrolls, not the page).
OVERFLOW_JS = """
() => {
  const limit = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.classList.length ? "." + [...el.classList].join(".") : "");
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > limit + 0.5 && !clipped(el)) {
      wide.push(name(el) + " (right edge " + Math.round(box.right) + ")");
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 8)};
}
"""


def seed_world(app) -> None:
    """The standard world (make_world), committed, on the live app's database."""
    with app.app_context():
        make_world()
        db.session.commit()


def seed_admin_world(app):
    """The admin world with one initiative (for the mail preview) and Bea's login."""
    world = build_admin_world(app)
    with app.app_context():
        submit(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
        db.session.commit()
    return world, give_login(app, BEA)


def seed_data_rights(app) -> dict:
    """Fatima's running and stopped initiative, and a coördinator."""
    with app.app_context():
        world = make_world()
        db.session.add(
            User(email="coco@gemeente.example", name="Coco Coördinator", role=Role.COORDINATOR)
        )
        running = submit(utcnow(), title="Moestuin aan de Lindelaan", email=FATIMA)
        closed = submit(utcnow(), title="Bankje bij de vijver", email=FATIMA)
        actions.stop(
            closed,
            outcome="ingetrokken",
            reason="De buurt wil het niet meer.",
            actor=world.staff["anna"],
            now=utcnow(),
            expected_version=closed.version,
        )
        db.session.commit()
        return {"running": running.number, "closed": closed.number}


def deliver_mail(app) -> None:
    with app.app_context():
        dispatch_due(utcnow() + timedelta(seconds=1))


def open_newest_mail_link(page, app, subject_part: str) -> str:
    """Open the mailbox page, the newest mail with this subject, and return its first link."""
    page.goto(app.config["LIVE_URL"] + "/dev/mailbox/")
    page.get_by_role("link", name=re.compile(subject_part)).first.click()
    return page.locator("pre a").first.get_attribute("href")


def log_in(page, app, email: str) -> None:
    """Ask a login link, open it from the development mailbox and press the button."""
    page.goto(app.config["LIVE_URL"] + "/mijn/inloggen")
    page.fill("#email", email)
    page.get_by_role("button", name="Stuur mij een link").click()
    deliver_mail(app)
    page.goto(open_newest_mail_link(page, app, "in te loggen"))
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()


def fill_intake(page) -> None:
    page.fill("#title", "Moestuin aan de Lindelaan")
    page.fill("#summary", "Een moestuin voor de hele buurt.")
    page.fill("#description", "We willen **samen** groenten kweken.\n\n- tomaten\n- bonen")
    page.check("#theme-0")
    page.select_option("#wijk", label="Weet ik niet")
    page.fill("#location", "Grasveld achter de school")
    page.check("#support-0")
    page.fill("#amount", "750")
    page.fill("#name", "Fatima el Amrani")
    page.fill("#email", "fatima@voorbeeld.example")
    page.fill("#phone", "06 12345678")
    page.check("#contact_preference-0")
    page.check("#consent")


def submit_form(page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def beheerder_sign_in(page, base: str, secret: str) -> None:
    """Bea's password, then the code from the authenticator app, through the real pages."""
    page.goto(base + "/medewerker/inloggen")
    page.fill("#email", BEA)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    assert page.url.endswith("/medewerker/inloggen/code")
    page.fill("#code", pyotp.TOTP(secret).now())
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    assert "/medewerker/inloggen" not in page.url


def staff_sign_in(page, app, email: str, secret: str) -> None:
    base = app.config["LIVE_URL"]
    page.goto(base + "/medewerker/inloggen")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.fill("#code", pyotp.TOTP(secret).now())
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_role("heading", name="Werkvoorraad").is_visible()
