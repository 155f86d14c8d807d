"""A resident's whole journey in a real browser, with axe-core on every page and state."""

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from initiatief.extensions import db
from initiatief.models import utcnow
from tests.browser.helpers import deliver_mail, fill_intake, open_newest_mail_link, seed_world
from tests.factories import submit


def test_resident_submits_logs_in_by_mail_and_follows_the_initiative(
    live_app, page, axe, screenshot
):
    seed_world(live_app)
    base = live_app.config["LIVE_URL"]

    page.goto(base + "/")
    axe(page, "home")
    page.get_by_role("link", name="Initiatief indienen").first.click()
    expect(page).to_have_title(re.compile("^Initiatief indienen"))
    axe(page, "empty intake form")
    screenshot(page, "intake-empty")

    # Submitting nothing: an error summary that receives focus and links to the fields.
    with page.expect_navigation():
        page.get_by_role("button", name="Controleer uw gegevens").click()
    page.wait_for_load_state("load")
    expect(page).to_have_title(re.compile("^Fout:"))
    expect(page.locator(".error-summary"), "the error summary should receive focus").to_be_focused()
    axe(page, "intake form with errors")
    screenshot(page, "intake-errors")
    page.get_by_role("link", name="Vul de naam van uw initiatief in.").click()
    assert page.evaluate("location.hash") == "#title"

    fill_intake(page)
    page.get_by_role("button", name="Controleer uw gegevens").click()
    expect(page.get_by_role("heading", name="Controleer uw gegevens")).to_be_visible()
    axe(page, "check your answers")
    screenshot(page, "intake-check")

    # Change something from the check page: everything typed comes back.
    page.get_by_role("button", name="Wijzig uw idee").click()
    assert page.input_value("#title") == "Moestuin aan de Lindelaan"
    assert page.is_checked("#consent")
    page.get_by_role("button", name="Controleer uw gegevens").click()
    page.get_by_role("button", name="Verstuur uw initiatief").click()

    expect(page.get_by_role("heading", name="Uw initiatief is verstuurd")).to_be_visible()
    number = re.search(r"INI-\d{4}-\d{4}", page.content()).group(0)
    axe(page, "confirmation")
    screenshot(page, "confirmation")

    # Following the link without a session offers a fresh login link.
    page.get_by_role("link", name="Bekijk uw initiatief").click()
    expect(page.get_by_role("heading", name="Inloggen bij Mijn initiatieven")).to_be_visible()
    axe(page, "login request")
    page.fill("#email", "fatima@voorbeeld.example")
    page.get_by_role("button", name="Stuur mij een link").click()
    expect(page.get_by_role("heading", name="Kijk in uw e-mail")).to_be_visible()
    axe(page, "login link sent")

    deliver_mail(live_app)
    receipt_link = open_newest_mail_link(page, live_app, "ontvangen")
    assert receipt_link.endswith(f"/mijn/initiatief/{number}")
    login_link = open_newest_mail_link(page, live_app, "in te loggen")
    page.goto(login_link)
    axe(page, "login confirm button")
    page.get_by_role("button", name="Inloggen").click()

    # Straight to the status page the resident wanted.
    assert page.url.endswith(f"/mijn/initiatief/{number}")
    expect(page.get_by_role("heading", name="Moestuin aan de Lindelaan")).to_be_visible()
    expect(page.get_by_role("heading", name="Uw contactpersoon", exact=True)).to_be_visible()
    assert page.locator('[aria-current="step"]').count() == 1
    assert "Anna de Vries" in page.content()
    axe(page, "status page")
    screenshot(page, "status")

    # On paper: no navigation or forms, the contact card and the whole timeline stay.
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Hoofdmenu").is_visible()
    assert not page.locator(".callback").is_visible()
    expect(page.get_by_role("heading", name="Uw contactpersoon", exact=True)).to_be_visible()
    assert page.locator(".print-only").first.is_visible()
    screenshot(page, "status-print")
    page.emulate_media(media="screen")

    # The same login link a second time: expired page.
    page.goto(login_link)
    expect(page.get_by_role("heading", name="Deze link werkt niet meer")).to_be_visible()
    axe(page, "link expired")
    screenshot(page, "link-expired")


def test_status_page_in_every_phase_has_no_violations(live_app, page, axe):
    seed_world(live_app)
    base = live_app.config["LIVE_URL"]
    from initiatief.dates.planning import load_calendar
    from initiatief.models import Pause, Status
    from initiatief.services.visits import enter_phase

    numbers = []
    with live_app.app_context():
        start = datetime(2026, 1, 5, 9, tzinfo=UTC)
        for steps in range(6):
            initiative = submit(start, email="fatima@voorbeeld.example", title=f"Plan {steps}")
            moment = start
            for _ in range(steps):
                moment += timedelta(days=7)
                visit = initiative.current_visit
                visit.left_at = moment
                phases = initiative.journey.phases
                enter_phase(
                    initiative, phases[phases.index(visit.phase) + 1], moment, load_calendar()
                )
            numbers.append(initiative.number)
        paused = submit(start, email="fatima@voorbeeld.example", title="Gepauzeerd plan")
        paused.status = Status.PAUSED
        db.session.add(
            Pause(
                visit=paused.current_visit,
                started_at=start,
                waiting_on="initiatiefnemer",
                reason="Stuur ons de begroting.",
            )
        )
        stopped = submit(start, email="fatima@voorbeeld.example", title="Gestopt plan")
        stopped.current_visit.left_at = start + timedelta(days=1)
        stopped.status, stopped.outcome = Status.STOPPED, "U heeft het initiatief ingetrokken."
        paused_number = paused.number
        numbers += [paused_number, stopped.number]
        db.session.commit()

    page.goto(base + "/mijn/inloggen")
    page.fill("#email", "fatima@voorbeeld.example")
    page.get_by_role("button", name="Stuur mij een link").click()
    deliver_mail(live_app)
    page.goto(open_newest_mail_link(page, live_app, "in te loggen"))
    page.get_by_role("button", name="Inloggen").click()
    axe(page, "my initiatives")
    for number in numbers:
        page.goto(f"{base}/mijn/initiatief/{number}")
        axe(page, f"status page {number}")
        if number == paused_number:
            expect(page.get_by_text("Wij wachten op u", exact=False).first).to_be_visible()


def test_keyboard_only_submission(live_app, page):
    seed_world(live_app)
    page.goto(live_app.config["LIVE_URL"] + "/initiatief-indienen")

    def tab_to(element_id: str, limit: int = 60) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
                return
        raise AssertionError(f"could not reach #{element_id} with Tab")

    tab_to("title")
    page.keyboard.type("Bankje bij de speeltuin")
    tab_to("summary")
    page.keyboard.type("Een bankje voor ouders.")
    tab_to("description")
    page.keyboard.type("Ouders staan nu de hele middag.")
    tab_to("theme-0")
    page.keyboard.press("ArrowDown")  # radio groups move with the arrow keys
    tab_to("wijk")
    page.keyboard.press("End")  # last option: Weet ik niet
    tab_to("support-3")
    page.keyboard.press("Space")
    tab_to("name")
    page.keyboard.type("Joost Peeters")
    tab_to("email")
    page.keyboard.type("joost@voorbeeld.example")
    tab_to("contact_preference-0")
    page.keyboard.press("Space")
    tab_to("consent")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Controleer uw gegevens"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    errors = page.locator(".error-summary li").all_inner_texts()
    assert not errors, errors
    expect(page.get_by_role("heading", name="Controleer uw gegevens")).to_be_visible()
    send = page.get_by_role("button", name="Verstuur uw initiatief")
    send.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Uw initiatief is verstuurd")).to_be_visible()


def test_unsubscribe_pages(live_app, page, axe):
    from initiatief.models import Initiator
    from initiatief.signed_links import opt_out_token

    seed_world(live_app)
    with live_app.app_context():
        submit(utcnow(), email="fatima@voorbeeld.example")
        db.session.commit()
        token = opt_out_token(db.session.execute(db.select(Initiator)).scalar_one())
    page.goto(f"{live_app.config['LIVE_URL']}/e-mail/afmelden/{token}")
    axe(page, "unsubscribe page")
    page.get_by_role("button", name="Ja, stuur mij alleen nodige e-mail").click()
    expect(page.get_by_role("heading", name="U krijgt minder e-mail")).to_be_visible()
    axe(page, "unsubscribed")
    page.goto(f"{live_app.config['LIVE_URL']}/e-mail/afmelden/nep")
    axe(page, "invalid unsubscribe link")


def test_evaluation_pages(live_app, page, axe):
    from initiatief.signed_links import evaluation_token

    seed_world(live_app)
    with live_app.app_context():
        initiative = submit(utcnow(), email="fatima@voorbeeld.example")
        db.session.commit()
        token = evaluation_token(initiative)
    base = live_app.config["LIVE_URL"]
    page.goto(f"{base}/evaluatie/{token}?antwoord=tevreden")
    assert page.is_checked("#verdict-0")
    axe(page, "evaluation answer page")
    page.fill("#remark", "Fijne samenwerking.")
    page.get_by_role("button", name="Verstuur mijn antwoord").click()
    expect(page.get_by_role("heading", name="Dank u wel")).to_be_visible()
    axe(page, "evaluation thanks")
    page.goto(f"{base}/evaluatie/nep")
    axe(page, "evaluation link invalid")
