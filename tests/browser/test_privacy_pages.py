"""The AVG pages in a real browser: axe-core on each, screenshots at 320, 360 and 1280 px.

Staff: bewaartermijnen and the logboek (beheer), and a coördinator's export and
anonymise pages. Residents: the privacy page, Mijn gegevens and the confirmation
of a new e-mail address through the link that was mailed.
"""

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from initiatief.extensions import db
from initiatief.models import User
from initiatief.services import audit
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import (
    OVERFLOW_JS,
    beheerder_sign_in,
    deliver_mail,
    open_newest_mail_link,
    seed_admin_world,
    submit_form,
)
from tests.factories import make_world, submit

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def shots(page, name: str) -> None:
    """Screenshots at the three widths; at 320 px nothing may stick out (WCAG 1.4.10)."""
    ARTIFACTS.mkdir(exist_ok=True)
    original = page.viewport_size
    for width in (320, 360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        if width == 320:
            found = page.evaluate(OVERFLOW_JS)
            assert found["scrollWidth"] <= 320, (name, found)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(original)


def test_beheer_and_coordinator_privacy_pages(live_app, page, axe):
    world, secret = seed_admin_world(live_app)
    with live_app.app_context():
        anna = db.session.get(User, world.users["anna"])
        initiative = submit(T0, title="Bankje bij de vijver")
        for minute in range(3):
            audit.record(
                actor=anna, action="view", initiative=initiative, now=T0 + timedelta(minutes=minute)
            )
        db.session.commit()
        number = initiative.number
    base = live_app.config["LIVE_URL"]
    beheerder_sign_in(page, base, secret)

    page.goto(base + "/beheer/")
    page.get_by_role("link", name="Bewaartermijnen").first.click()
    expect(page).to_have_title(re.compile("^Bewaartermijnen - Beheer"))
    axe(page, "retention periods")
    shots(page, "retention")
    page.fill("#closed_months", "2")
    submit_form(page, "Opslaan")
    expect(page).to_have_title(re.compile("^Fout:"))
    expect(page.locator(".error-summary")).to_be_focused()
    assert page.input_value("#closed_months") == "2"
    axe(page, "retention periods with an error")
    shots(page, "retention-error")
    page.fill("#closed_months", "18")
    submit_form(page, "Opslaan")
    expect(page.get_by_text("De bewaartermijnen zijn opgeslagen")).to_be_visible()

    page.goto(base + "/beheer/")
    page.get_by_role("link", name="Logboek persoonsgegevens").click()
    expect(page).to_have_title(re.compile("^Logboek persoonsgegevens"))
    expect(
        page.get_by_role("cell", name="bewaartermijnen gewijzigd: 18 maanden; 90 dagen")
    ).to_be_visible()
    axe(page, "audit log")
    shots(page, "audit")
    page.fill("#nummer", "INI-1900-0001")
    page.fill("#van", "2026-03-05")
    page.fill("#tot", "2026-03-01")
    submit_form(page, "Toon")
    expect(page).to_have_title(re.compile("^Fout:"))
    expect(page.locator(".error-summary")).to_be_focused()
    assert page.input_value("#nummer") == "INI-1900-0001"
    axe(page, "audit log with errors")
    shots(page, "audit-error")
    page.fill("#nummer", number)
    page.fill("#van", "")
    page.fill("#tot", "")
    submit_form(page, "Toon")
    expect(page.get_by_text("3 regels")).to_be_visible()

    # The coördinator's side (a beheerder may do it too): export and anonymise.
    page.goto(f"{base}/medewerker/initiatief/{number}")
    page.get_by_role("link", name="Gegevens exporteren of anonimiseren (op verzoek)").click()
    expect(page.get_by_role("heading", name="Gegevens van de inwoner", exact=True)).to_be_visible()
    axe(page, "resident data on request")
    shots(page, "staff-personal-data")
    submit_form(page, "Verder naar bevestigen")
    expect(page).to_have_title(re.compile("^Fout:"))
    expect(page.locator(".error-summary")).to_be_focused()
    axe(page, "resident data with an error")
    with page.expect_download() as download:
        page.fill("#export-reason", "Verzoek van de inwoner per brief")
        page.get_by_role("button", name="Gegevens exporteren").click()
    assert download.value.suggested_filename.startswith(f"gegevens-{number}-")
    page.goto(f"{base}/medewerker/initiatief/{number}/gegevens")
    page.fill("#anonimiseren-reason", "Verzoek van de inwoner per brief")
    submit_form(page, "Verder naar bevestigen")
    expect(
        page.get_by_role("heading", name="Gegevens van de inwoner anonimiseren?")
    ).to_be_visible()
    axe(page, "anonymise confirm")
    shots(page, "staff-anonymise-confirm")
    submit_form(page, "Ja, gegevens anonimiseren")
    expect(page.get_by_text("De gegevens van de inwoner zijn verwijderd.").first).to_be_visible()


def test_resident_privacy_details_and_new_address(live_app, page, axe):
    with live_app.app_context():
        make_world()
        submit(T0, title="Moestuin aan de Lindelaan", email="fatima@voorbeeld.example")
        db.session.commit()
    base = live_app.config["LIVE_URL"]

    page.goto(base + "/privacy")
    expect(page.get_by_text("tot 12 maanden nadat uw initiatief is afgerond")).to_be_visible()
    axe(page, "privacy page")
    shots(page, "privacy")

    page.goto(base + "/mijn/inloggen")
    page.fill("#email", "fatima@voorbeeld.example")
    submit_form(page, "Stuur mij een link")
    deliver_mail(live_app)
    page.goto(open_newest_mail_link(page, live_app, "in te loggen"))
    submit_form(page, "Inloggen")
    page.get_by_role(
        "link", name="Verander uw telefoonnummer, e-mailadres of hoe wij contact opnemen"
    ).click()
    expect(page).to_have_title(re.compile("^Mijn gegevens"))
    axe(page, "my details")
    shots(page, "details")

    page.fill("#phone", "")
    page.check("#contact_preference-1")  # by phone, without a number
    submit_form(page, "Opslaan")
    expect(page).to_have_title(re.compile("^Fout:"))
    expect(page.locator(".error-summary")).to_be_focused()
    axe(page, "my details with an error")
    shots(page, "details-error")
    page.fill("#phone", "06 98765432")
    submit_form(page, "Opslaan")
    expect(page.get_by_text("Uw gegevens zijn veranderd.")).to_be_visible()

    page.fill("#email", "fatima.nieuw@voorbeeld.example")
    submit_form(page, "Stuur de link")
    expect(page.get_by_text("Wij hebben een e-mail gestuurd naar")).to_be_visible()
    deliver_mail(live_app)
    link = open_newest_mail_link(page, live_app, "Bevestig uw nieuwe e-mailadres")
    page.goto(link)
    expect(page.get_by_role("heading", name="Nieuw e-mailadres bevestigen")).to_be_visible()
    axe(page, "confirm new address")
    shots(page, "email-confirm")
    submit_form(page, "Ja, dit is mijn nieuwe e-mailadres")
    expect(
        page.get_by_text("Uw e-mailadres is veranderd in fatima.nieuw@voorbeeld.example")
    ).to_be_visible()

    page.goto(link)  # used: the link no longer works
    expect(page.get_by_role("heading", name="Deze link werkt niet meer")).to_be_visible()
    axe(page, "used e-mail link")
    shots(page, "email-link-expired")
