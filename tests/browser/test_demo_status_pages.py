"""Every demo initiative's status page, as its resident sees it, passes axe-core."""

import random

from sqlalchemy import select, update

from demo import seed_demo_initiatives, seed_reference_data
from initiatief.extensions import db
from initiatief.models import Initiative, Initiator, Status, utcnow
from tests.browser.helpers import deliver_mail, open_newest_mail_link

RESIDENT = "demo.bewoner@voorbeeld.example"


def test_status_pages_of_all_demo_initiatives(live_app, page, axe, screenshot):
    with live_app.app_context():
        now = utcnow()
        seed_reference_data(now)
        seed_demo_initiatives(now, 36, random.Random(2026))
        # One resident owns them all, so one login reaches every page.
        db.session.execute(update(Initiator).values(email=RESIDENT))
        db.session.commit()
        initiatives = db.session.execute(select(Initiative).order_by(Initiative.id)).scalars().all()
        pages = [(i.number, i.status, bool(i.contact and i.contact.photo)) for i in initiatives]
    assert {status for _, status, _ in pages} == {s.value for s in Status}

    base = live_app.config["LIVE_URL"]
    page.goto(base + "/mijn/inloggen")
    page.fill("#email", RESIDENT)
    page.get_by_role("button", name="Stuur mij een link").click()
    deliver_mail(live_app)
    page.goto(open_newest_mail_link(page, live_app, "in te loggen"))
    page.get_by_role("button", name="Inloggen").click()
    axe(page, "my initiatives with 36 initiatives")

    shot = {}
    for number, status, has_photo in pages:
        page.goto(f"{base}/mijn/initiatief/{number}")
        assert page.locator("h1").count() == 1
        axe(page, f"demo status page {number} ({status})")
        if has_photo and status not in shot:
            shot[status] = number
            screenshot(page, f"demo-status-{status}")
    # A contact person's portrait is served through its view.
    photo = page.locator(".contact-card__photo").first
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
