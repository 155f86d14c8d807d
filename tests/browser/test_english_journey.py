"""The resident's whole journey in English, in a real browser.

English is chosen once with the language switch's parameter (?taal=en), which the
app remembers in the `taal` cookie; every page after that must be English, with
lang="en" on <html>, and pass axe-core. Screenshots at 360 and 1280 px go to
test-artifacts/en-*.png. The app reads the catalog as it is in the repository,
compiled for this test (live_app below), so a stale or missing .mo can't hide a gap.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from initiatief import create_app
from initiatief.extensions import babel, db
from initiatief.models import Initiator, OutboxMail, utcnow
from tests.browser.conftest import served
from tests.browser.helpers import deliver_mail, open_newest_mail_link, seed_data_rights, seed_world
from tests.catalogs import compile_catalogs
from tests.factories import make_world, submit

ENGLISH_DAY = re.compile(
    r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October"
    r"|November|December) \d{4}\b"
)
DUTCH_MONTH = re.compile(r"\b\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus)\b")


def served_in_english(tmp_path, **config):
    """Serve an app that reads the catalogs compiled from translations/ just now."""
    folder = compile_catalogs(tmp_path / "translations")
    app = create_app(
        {
            "WTF_CSRF_ENABLED": True,
            "UPLOAD_DIR": str(tmp_path / "uploads"),
            "BABEL_TRANSLATION_DIRECTORIES": str(folder),
            **config,
        }
    )
    # Flask-Babel caches catalogs per process by language, not per app or folder:
    # forget what an earlier test's app loaded, before and after.
    with app.app_context():
        babel.domain_instance.cache.clear()
    yield from served(app)
    with app.app_context():
        babel.domain_instance.cache.clear()


@pytest.fixture
def live_app(database_url, mail_sink, tmp_path):
    """The browser tests' live app (tests/browser/conftest.py), in English too."""
    yield from served_in_english(
        tmp_path,
        SQLALCHEMY_DATABASE_URI=database_url,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=mail_sink["port"],
        MAILBOX_DIR=str(mail_sink["folder"]),
    )


@pytest.fixture
def limited_live_app(database_url, tmp_path):
    """With the limits on and one intake send an hour (as test_intake_limit)."""
    yield from served_in_english(
        tmp_path,
        SQLALCHEMY_DATABASE_URI=database_url,
        RATELIMIT_ENABLED=True,
        INTAKE_RATE_LIMIT="1/hour",
        MUNICIPALITY_PHONE="14 0123",
    )


def choose_english(page, base: str) -> None:
    page.goto(base + "/?taal=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def english_page(page, axe, label: str) -> None:
    """lang="en", no Dutch date, and (given axe) no axe-core violations."""
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert not DUTCH_MONTH.search(page.inner_text("main")), label
    if axe:
        axe(page, label)


def fill_intake(page) -> None:
    page.fill("#title", "Vegetable garden on Lindelaan")
    page.fill("#summary", "A vegetable garden for the whole street.")
    page.fill("#description", "We want to grow vegetables **together**.\n\n- tomatoes\n- beans")
    page.check("#theme-0")
    page.select_option("#wijk", label="I don't know")
    page.fill("#location", "The grass field behind the school")
    page.check("#support-0")
    page.fill("#amount", "750")
    page.fill("#name", "Sam Taylor")
    page.fill("#email", "sam@voorbeeld.example")
    page.fill("#phone", "06 12345678")
    page.check("#contact_preference-0")
    page.check("#consent")


def log_in_from_the_mailbox(page, app, email: str) -> str:
    """On the login page: ask a link, read the mail in the mailbox, open the link, log in."""
    expect(page.get_by_role("heading", name="Log in to My initiatives")).to_be_visible()
    page.fill("#email", email)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    deliver_mail(app)
    link = open_newest_mail_link(page, app, "Your link to log in")
    assert "You asked for a link to log in to My initiatives" in page.inner_text("pre")
    page.goto(link)
    english_page(page, None, "")
    page.get_by_role("button", name="Log in").click()
    return link


def test_intake_check_confirmation_login_and_status_in_english(live_app, page, axe, screenshot):
    seed_world(live_app)
    base = live_app.config["LIVE_URL"]

    choose_english(page, base)
    expect(
        page.get_by_role("heading", name="Do you have an idea for your neighbourhood?")
    ).to_be_visible()
    english_page(page, axe, "home (en)")
    screenshot(page, "en-home")
    page.get_by_role("link", name="Submit an initiative").first.click()
    expect(page).to_have_title(re.compile("^Submit an initiative"))
    english_page(page, axe, "empty intake form (en)")
    screenshot(page, "en-intake-empty")

    # Nothing filled in: an English error summary that gets focus and links to the fields.
    with page.expect_navigation():
        page.get_by_role("button", name="Check your answers").click()
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator(".error-summary")).to_contain_text("Please check these fields")
    english_page(page, axe, "intake form with errors (en)")
    screenshot(page, "en-intake-errors")
    page.get_by_role("link", name="Enter the name of your initiative.").click()
    assert page.evaluate("location.hash") == "#title"

    fill_intake(page)
    page.get_by_role("button", name="Check your answers").click()
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Green spaces and nature")
    expect(page.locator("main")).to_contain_text("Money or a grant")
    expect(page.locator("main")).to_contain_text("€750")
    english_page(page, axe, "check your answers (en)")
    screenshot(page, "en-intake-check")
    page.get_by_role("button", name="Send your initiative").click()

    expect(page.get_by_role("heading", name="Your initiative has been sent")).to_be_visible()
    expect(page.locator("main")).to_contain_text("We have sent an email to sam@voorbeeld.example")
    assert ENGLISH_DAY.search(page.inner_text("main")), "the contact date, in English"
    number = re.search(r"INI-\d{4}-\d{4}", page.content()).group(0)
    english_page(page, axe, "confirmation (en)")
    screenshot(page, "en-confirmation")

    page.get_by_role("link", name="View your initiative").click()
    english_page(page, axe, "login page (en)")
    screenshot(page, "en-login")
    login_link = log_in_from_the_mailbox(page, live_app, "sam@voorbeeld.example")
    assert page.url.endswith(f"/mijn/initiatief/{number}")
    expect(page.get_by_role("heading", name="Vegetable garden on Lindelaan")).to_be_visible()
    expect(page.get_by_role("heading", name="Your contact person", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="What happens and when")).to_be_visible()
    expect(page.locator(".timeline__state").first).to_have_text("In progress")
    # The phase names a beheerder configured are Dutch, and say so to a screen reader.
    expect(page.locator(".timeline__name").first).to_have_attribute("lang", "nl")
    english_page(page, axe, "status page (en)")
    screenshot(page, "en-status")

    # Call-back: an English error first, then the English confirmation.
    page.get_by_text("Ask your contact person to call you back").click()
    page.fill("#phone", "")
    with page.expect_navigation():
        page.get_by_role("button", name="Call me back").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter your phone number.")
    english_page(page, axe, "call-back with an error (en)")
    screenshot(page, "en-callback-error")
    page.fill("#phone", "06 12345678")
    page.fill("#moment", "Tuesday afternoon")
    page.get_by_role("button", name="Call me back").click()
    expect(page.get_by_role("status").first).to_contain_text("Your contact person will call you")

    # A reply to the contact person.
    page.fill("#body", "We found a second garden bed.")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Your message has been sent to your contact person.")).to_be_visible()
    english_page(page, axe, "status page after a reply (en)")

    page.goto(base + "/mijn/")
    expect(page.locator("main")).to_contain_text("You are logged in as sam@voorbeeld.example")
    english_page(page, axe, "my initiatives (en)")
    screenshot(page, "en-overview")

    # The same login link a second time: the English "expired" page (410).
    response = page.goto(login_link)
    assert response.status == 410
    expect(page.get_by_role("heading", name="This link no longer works")).to_be_visible()
    english_page(page, axe, "login link expired (en)")
    screenshot(page, "en-link-expired")


def test_status_page_in_every_phase_in_english(live_app, page, axe, screenshot):
    from initiatief.dates.planning import load_calendar
    from initiatief.models import Pause, Status
    from initiatief.services.visits import enter_phase

    seed_world(live_app)
    base = live_app.config["LIVE_URL"]
    numbers = []
    with live_app.app_context():
        start = datetime(2026, 1, 5, 9, tzinfo=UTC)
        for steps in range(6):
            initiative = submit(start, email="sam@voorbeeld.example", title=f"Plan {steps}")
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
        paused = submit(start, email="sam@voorbeeld.example", title="Plan on hold")
        paused.status = Status.PAUSED
        db.session.add(
            Pause(
                visit=paused.current_visit,
                started_at=start,
                waiting_on="initiatiefnemer",
                reason="Please send us the budget.",
            )
        )
        stopped = submit(start, email="sam@voorbeeld.example", title="Stopped plan")
        stopped.current_visit.left_at = start + timedelta(days=1)
        stopped.status, stopped.outcome = Status.STOPPED, "You withdrew the initiative."
        paused_number, stopped_number = paused.number, stopped.number
        numbers += [paused_number, stopped_number]
        db.session.commit()

    choose_english(page, base)
    page.goto(base + "/mijn/inloggen")
    log_in_from_the_mailbox(page, live_app, "sam@voorbeeld.example")
    english_page(page, axe, "my initiatives (en)")
    for number in numbers:
        page.goto(f"{base}/mijn/initiatief/{number}")
        expect(page.get_by_role("heading", name="What happens and when")).to_be_visible()
        english_page(page, axe, f"status page {number} (en)")
    page.goto(f"{base}/mijn/initiatief/{numbers[3]}")
    states = page.locator(".timeline__state").all_inner_texts()
    assert states[:4] == ["Finished", "Finished", "Finished", "In progress"], states
    assert states[4:] == ["Not started yet"] * 2, states
    screenshot(page, "en-status-decision")
    page.goto(f"{base}/mijn/initiatief/{paused_number}")
    expect(page.locator("main")).to_contain_text("We are waiting for you")
    expect(page.locator("main")).to_contain_text("(on hold)")
    screenshot(page, "en-status-paused")
    page.goto(f"{base}/mijn/initiatief/{stopped_number}")
    expect(page.locator("main")).to_contain_text("Stopped")
    expect(page.locator("main")).to_contain_text("This initiative is closed.")


def test_evaluation_preferences_and_error_pages_in_english(live_app, page, axe, screenshot):
    from initiatief.models import Initiator
    from initiatief.signed_links import evaluation_token, opt_out_token

    seed_world(live_app)
    base = live_app.config["LIVE_URL"]
    with live_app.app_context():
        initiative = submit(utcnow(), email="sam@voorbeeld.example")
        db.session.commit()
        token = evaluation_token(initiative)
        opt_out = opt_out_token(db.session.execute(db.select(Initiator)).scalar_one())
        number = initiative.number

    choose_english(page, base)
    page.goto(f"{base}/evaluatie/{token}?antwoord=tevreden")
    expect(page.get_by_role("heading", name="How did it go with your initiative?")).to_be_visible()
    assert page.get_by_label("Satisfied", exact=True).is_checked()
    page.get_by_role("group", name=re.compile("the speed")).get_by_label("Good", exact=True).check()
    page.fill("#remark", "Good cooperation.")
    english_page(page, axe, "evaluation answer page (en)")
    screenshot(page, "en-evaluation")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    english_page(page, axe, "evaluation thanks (en)")
    screenshot(page, "en-evaluation-thanks")
    page.goto(f"{base}/evaluatie/nep")
    expect(page.get_by_role("heading", name="This link is not right")).to_be_visible()
    english_page(page, axe, "evaluation link not right (en)")

    page.goto(f"{base}/e-mail/afmelden/{opt_out}")
    expect(page.locator("main")).to_contain_text(f"about initiative {number}")
    english_page(page, axe, "unsubscribe (en)")
    page.get_by_role("button", name="Yes, only send me the emails I need").click()
    expect(page.get_by_role("heading", name="You will get fewer emails")).to_be_visible()
    english_page(page, axe, "unsubscribed (en)")
    page.goto(f"{base}/e-mail/afmelden/nep")
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
    english_page(page, axe, "unsubscribe link not recognised (en)")

    page.goto(f"{base}/privacy")
    expect(page.get_by_role("heading", name="Who sees your details?")).to_be_visible()
    expect(page.locator("main")).to_contain_text("We keep your name and contact details until")
    english_page(page, axe, "privacy statement (en)")
    screenshot(page, "en-privacy")

    response = page.goto(f"{base}/bestaat-niet")
    assert response.status == 404
    expect(page.locator("main")).to_contain_text("This page does not exist (any more).")
    expect(page.get_by_role("link", name="Go to the home page")).to_be_visible()
    english_page(page, axe, "404 (en)")
    screenshot(page, "en-404")


def test_a_rate_limited_send_is_refused_in_english(limited_live_app, page, axe, screenshot):
    base = limited_live_app.config["LIVE_URL"]
    with limited_live_app.app_context():
        make_world()
        db.session.commit()
    choose_english(page, base)
    for title in ("Vegetable garden on Lindelaan", "Bench by the playground"):
        page.goto(base + "/initiatief-indienen")
        fill_intake(page)
        page.fill("#title", title)
        page.get_by_role("button", name="Check your answers").click()
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Send your initiative").click()
    assert navigation.value.status == 429
    expect(page).to_have_title(re.compile("^Error:"))
    alert = page.get_by_role("alert")
    expect(alert.get_by_role("heading", name="You have tried this too often.")).to_be_visible()
    text = alert.inner_text()
    assert re.search(r"Try again after \d{1,2}\.\d{2} \(in about \d+ minutes?\)", text), text
    assert "In a hurry? Call us on 14 0123." in text
    assert page.get_by_text("Bench by the playground").is_visible()
    english_page(page, axe, "intake refused by the rate limit (en)")
    screenshot(page, "en-intake-rate-limited")


def test_seeing_and_removing_my_data_in_english(live_app, page, axe, screenshot):
    numbers = seed_data_rights(live_app)
    base = live_app.config["LIVE_URL"]
    with live_app.app_context():
        db.session.execute(
            db.update(Initiator).values(email="sam@voorbeeld.example", language="en")
        )
        db.session.commit()
    choose_english(page, base)
    page.goto(base + "/mijn/inloggen")
    log_in_from_the_mailbox(page, live_app, "sam@voorbeeld.example")
    expect(page.get_by_role("heading", name="Your details")).to_be_visible()
    page.get_by_role("link", name="See all your details").click()

    expect(page.get_by_role("heading", name="My details", exact=True)).to_be_visible()
    main = page.locator("main")
    for heading in ("What you sent us", "Your details", "Steps", "History"):
        expect(main.get_by_role("heading", name=heading, exact=True).first).to_be_visible()
    for words in ("Name", "Email address", "Theme", "Green spaces and nature", "stopped"):
        expect(main).to_contain_text(words)
    english_page(page, axe, "my data (en)")
    screenshot(page, "en-my-data")

    page.goto(f"{base}/mijn/initiatief/{numbers['running']}/gegevens-verwijderen")
    expect(page.get_by_role("heading", name="Remove your details")).to_be_visible()
    expect(main).to_contain_text("So a coordinator looks at your request.")
    english_page(page, axe, "remove my data, running initiative (en)")
    page.goto(base + "/mijn/gegevens-verwijderen")
    expect(page.get_by_role("heading", name="What we keep, and why")).to_be_visible()
    english_page(page, axe, "remove all my data (en)")
    screenshot(page, "en-remove-data")
    page.get_by_role("button", name="Yes, remove my details").click()
    expect(page.get_by_role("heading", name="We have dealt with your request")).to_be_visible()
    expect(main).to_contain_text("We have removed your details from this initiative:")
    english_page(page, axe, "data removed (en)")
    screenshot(page, "en-data-removed")


def test_changing_my_details_in_english(live_app, page, axe, screenshot):
    seed_world(live_app)
    base = live_app.config["LIVE_URL"]
    with live_app.app_context():
        submit(utcnow(), email="sam@voorbeeld.example", language="en")
        db.session.commit()
    choose_english(page, base)
    page.goto(base + "/mijn/inloggen")
    log_in_from_the_mailbox(page, live_app, "sam@voorbeeld.example")
    page.get_by_role("link", name=re.compile("^Change your phone number")).click()
    expect(page.get_by_role("heading", name="My details", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Phone and contact")).to_be_visible()
    english_page(page, axe, "my details (en)")
    screenshot(page, "en-details")

    with page.expect_navigation():
        page.get_by_role("button", name="Send the link").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter your new email address.")
    english_page(page, axe, "my details with an error (en)")
    page.fill("#phone", "06 87654321")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your details have been changed.")).to_be_visible()

    page.fill("#email", "sam.taylor@voorbeeld.example")
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator("main")).to_contain_text("We have sent an email to sam.taylor@")
    with live_app.app_context():
        mail = db.session.scalars(
            db.select(OutboxMail).where(OutboxMail.kind == "email_bevestigen")
        ).one()
        assert mail.to_address == "sam.taylor@voorbeeld.example"
        link = re.search(r"http\S+/mijn/gegevens/e-mail/\S+", mail.text_body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name="Confirm your new email address")).to_be_visible()
    english_page(page, axe, "confirm the new email address (en)")
    page.get_by_role("button", name="Yes, this is my new email address").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Your email address has been changed to sam.taylor@voorbeeld.example."
    )
    english_page(page, axe, "email address changed (en)")
    screenshot(page, "en-email-changed")
    response = page.goto(link)  # spent now
    assert response.status == 410
    expect(page.locator("main")).to_contain_text("A link to change your email address works")
    english_page(page, axe, "email link spent (en)")
