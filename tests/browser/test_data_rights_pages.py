"""The resident's data rights in a real browser: see, download, delete; and the staff side.

axe-core on every page and state; screenshots at 320, 360 and 1280 px wide.
"""

import json
import re
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.mail.dispatcher import dispatch_due
from initiatief.models import DataRequest, DataRequestStatus, Initiative, utcnow
from initiatief.services.data_requests import request_deletion
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import (
    FATIMA,
    deliver_mail,
    open_newest_mail_link,
    seed_data_rights,
    staff_sign_in,
)
from tests.staff_helpers import give_login


def shoot(page, name: str) -> None:
    """Full-page screenshots at the three widths we look at, under test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    original = page.viewport_size
    for width in (320, 360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        # Nothing may stick out sideways on a small phone (WCAG 1.4.10 reflow).
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
    page.set_viewport_size(original)


def deliver_resident_mail(app) -> None:
    """Send what is queued, also what waits for the morning (resident mail goes 08-20 h)."""
    with app.app_context():
        dispatch_due(utcnow() + timedelta(days=1))


def resident_logs_in(page, app) -> None:
    base = app.config["LIVE_URL"]
    page.goto(base + "/mijn/inloggen")
    page.fill("#email", FATIMA)
    page.get_by_role("button", name="Stuur mij een link").click()
    expect(page.get_by_role("heading", name="Kijk in uw e-mail")).to_be_visible()
    deliver_mail(app)
    page.goto(open_newest_mail_link(page, app, "in te loggen"))
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Mijn initiatieven")).to_be_visible()


def test_resident_sees_downloads_and_deletes_their_data(live_app, page, axe):
    numbers = seed_data_rights(live_app)
    resident_logs_in(page, live_app)
    axe(page, "overview with data links")
    shoot(page, "data-overview")

    page.get_by_role("link", name="Bekijk al uw gegevens").click()
    expect(page.get_by_role("heading", name="Mijn gegevens", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(numbers["closed"]))).to_be_visible()
    assert "Wat u ons stuurde" in page.content()
    axe(page, "my data")
    shoot(page, "data-view")
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Hoofdmenu").is_visible()
    assert not page.get_by_role("link", name="Download als bestand (JSON)").is_visible()
    page.emulate_media(media="screen")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download als bestand (JSON)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("mijn-gegevens-")
    data = json.loads(download.path().read_text(encoding="utf-8"))
    assert {i["nummer"] for i in data["initiatieven"]} == set(numbers.values())

    # The stopped initiative: removed at once, after the confirm step.
    page.goto(live_app.config["LIVE_URL"] + f"/mijn/initiatief/{numbers['closed']}")
    page.get_by_role("link", name=re.compile("^Gegevens verwijderen")).click()
    expect(page.get_by_role("heading", name="Uw gegevens verwijderen")).to_be_visible()
    expect(page.get_by_text("Dit kunt u niet ongedaan maken.")).to_be_visible()
    axe(page, "confirm delete (closed)")
    shoot(page, "data-delete-confirm-closed")
    page.get_by_role("button", name="Ja, verwijder mijn gegevens").click()
    expect(page.get_by_role("heading", name="Uw gegevens zijn verwijderd")).to_be_visible()
    axe(page, "done page (removed)")
    shoot(page, "data-deleted-removed")

    # The running one: a request for the coördinator.
    page.get_by_role("link", name="Terug naar Mijn initiatieven").click()
    assert numbers["closed"] not in page.content()
    page.get_by_role("link", name=re.compile("^Gegevens verwijderen")).click()
    expect(page.get_by_text("bekijkt een coördinator uw verzoek")).to_be_visible()
    axe(page, "confirm delete (running)")
    shoot(page, "data-delete-confirm-running")
    page.get_by_role("button", name="Ja, verwijder mijn gegevens").click()
    expect(page.get_by_role("heading", name="Wij hebben uw verzoek ontvangen")).to_be_visible()
    expect(
        page.get_by_text(re.compile(f"{numbers['running']}: antwoord uiterlijk op"))
    ).to_be_visible()
    axe(page, "done page (request)")
    shoot(page, "data-deleted-requested")

    # The mails, as the resident receives them.
    deliver_resident_mail(live_app)
    base = live_app.config["LIVE_URL"]
    for subject, name in (
        ("Uw gegevens zijn verwijderd", "mail-data-removed"),
        ("Wij hebben uw verzoek ontvangen", "mail-request-received"),
    ):
        page.goto(base + "/dev/mailbox/")
        page.get_by_role("link", name=re.compile(subject)).first.click()
        expect(page.get_by_text(re.compile(subject)).first).to_be_visible()
        axe(page, f"mail '{subject}' in the mail sink")
        shoot(page, name)


def test_the_coordinator_answers_a_request(live_app, page, axe):
    numbers = seed_data_rights(live_app)
    with live_app.app_context():
        running = db.session.scalar(
            select(Initiative).where(Initiative.number == numbers["running"])
        )
        request_deletion([running], utcnow())
        db.session.commit()
    secret = give_login(live_app, "coco@gemeente.example")
    staff_sign_in(page, live_app, "coco@gemeente.example", secret)
    base = live_app.config["LIVE_URL"]

    page.goto(base + "/medewerker/?weergave=verwijderverzoek")
    expect(page.get_by_text(re.compile("Verwijderverzoek, antwoord vóór"))).to_be_visible()
    axe(page, "worklist: deletion requests")
    shoot(page, "staff-worklist-data-requests")

    page.get_by_role("link", name=numbers["running"]).click()
    box = page.locator("#verwijderverzoek")
    expect(
        box.get_by_role(
            "heading", name=re.compile("Verzoek om gegevens te verwijderen, antwoord vóór")
        )
    ).to_be_visible()
    axe(page, "staff initiative page with the request box")
    shoot(page, "staff-data-request-box")

    # No reason: the page again, the error beside the field, nothing saved.
    box.get_by_role("button", name="Bewaren tot afronding").click()
    expect(
        page.get_by_text("Schrijf waarom wij de gegevens nog nodig hebben.").first
    ).to_be_visible()
    axe(page, "request box with a missing reason")
    shoot(page, "staff-data-request-error")

    page.fill("#data-keep-reason", "Wij betalen de subsidie nog uit.")
    page.locator("#verwijderverzoek").get_by_role("button", name="Bewaren tot afronding").click()
    expect(page.get_by_text("De inwoner krijgt bericht waarom")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Gegevens verwijderen zodra het initiatief klaar is")
    ).to_be_visible()
    axe(page, "request kept until closing")
    with live_app.app_context():
        assert db.session.scalar(select(DataRequest)).status == DataRequestStatus.AFTER_CLOSING

    deliver_resident_mail(live_app)
    page.goto(base + "/dev/mailbox/")
    page.get_by_role("link", name=re.compile("Wij bewaren uw gegevens")).first.click()
    expect(page.get_by_text("Wij betalen de subsidie nog uit.").first).to_be_visible()
    axe(page, "mail 'gegevens bewaard' in the mail sink")
    shoot(page, "mail-data-kept")
