"""Staff in a real browser: sign-in, worklist, an initiative with every action, profile.

A coördinator triages a fresh intake, moves it through two phases and pauses it;
the resident's status page shows each change with the right dates.
"""

from playwright.sync_api import expect
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import Role, User, utcnow
from initiatief.rendering import format_day
from tests.browser.helpers import deliver_mail, open_newest_mail_link, staff_sign_in
from tests.factories import make_world, submit
from tests.staff_helpers import give_login


def open_action(page, title: str) -> None:
    page.locator("summary", has_text=title).click()


def test_coordinator_follows_up_and_the_resident_sees_it(live_app, page, axe, screenshot):
    with live_app.app_context():
        make_world()
        db.session.add(
            User(
                email="coco@gemeente.example",
                name="Coco Coördinator",
                role=Role.COORDINATOR,
                job_title="Coördinator",
            )
        )
        initiative = submit(utcnow(), email="fatima@voorbeeld.example")
        db.session.commit()
        number = initiative.number
    secret = give_login(live_app, "coco@gemeente.example")
    base = live_app.config["LIVE_URL"]

    page.goto(base + "/medewerker/inloggen")
    axe(page, "staff login")
    staff_sign_in(page, live_app, "coco@gemeente.example", secret)
    axe(page, "worklist (mine, empty)")
    page.goto(base + "/medewerker/?weergave=nieuw")
    assert number in page.content()
    page.locator("summary", has_text="Filteren en zoeken").click()
    axe(page, "worklist with filters open")
    screenshot(page, "staff-worklist")

    page.get_by_role("link", name=number).click()
    for title in [
        "Klantreis, team en contactpersoon",
        "Naar de volgende fase",
        "Klok stilzetten",
        "Termijn verlengen",
        "Bericht aan de inwoner",
        "Initiatief stoppen",
        "Interne notitie",
    ]:
        open_action(page, title)
    axe(page, "initiative page with every action form open")
    screenshot(page, "staff-initiative")

    # Triage: Cor of team Zuid becomes the contact person.
    page.select_option("#triage-team", label="Wijkteam Zuid")
    page.select_option("#triage-contact", label="Cor Bakker")
    page.get_by_role("button", name="Opslaan en inwoner laten weten").click()
    expect(page.get_by_text("Opgeslagen").first).to_be_visible()

    # Two phases on, each time with a message.
    for message in ["Welkom! Ik bel u deze week.", "Fijn gesprek gehad."]:
        open_action(page, "Naar de volgende fase")
        page.fill("#advance-message", message)
        page.get_by_role("button", name="Naar de volgende fase").click()
        expect(page.get_by_text("Het initiatief staat in de volgende fase.").first).to_be_visible()

    # Errors keep what was typed and are announced.
    open_action(page, "Klok stilzetten")
    page.get_by_role("button", name="Klok stilzetten").click()
    expect(page.get_by_text("Schrijf op wat er nodig is").first).to_be_visible()
    axe(page, "pause form with an error")
    page.fill("#pause-reason", "Stuur ons de begroting.")
    page.get_by_role("button", name="Klok stilzetten").click()
    expect(page.get_by_text("De klok staat stil.").first).to_be_visible()
    axe(page, "paused initiative")

    with live_app.app_context():
        from initiatief.models import Initiative

        initiative = db.session.execute(
            select(Initiative).where(Initiative.number == number)
        ).scalar_one()
        visit = initiative.current_visit
        assert visit.phase.name == "Uitwerken"
        expected_due = format_day(visit.due_on)
        kennismaking = [v for v in initiative.visits if v.phase.name == "Kennismaking"][0]
        kennismaking_done = format_day(kennismaking.left_at)

    page.goto(base + "/medewerker/profiel")
    axe(page, "profile")

    # The resident logs in by mail and sees every change.
    resident = page.context.browser.new_context(locale="nl-NL").new_page()
    resident.goto(base + "/mijn/inloggen")
    resident.fill("#email", "fatima@voorbeeld.example")
    resident.get_by_role("button", name="Stuur mij een link").click()
    deliver_mail(live_app)
    resident.goto(open_newest_mail_link(resident, live_app, "in te loggen"))
    resident.get_by_role("button", name="Inloggen").click()
    resident.goto(f"{base}/mijn/initiatief/{number}")
    content = resident.content()
    assert "Cor Bakker" in content
    assert "Wij wachten op u" in content and "Stuur ons de begroting." in content
    assert "Welkom! Ik bel u deze week." in content and "Fijn gesprek gehad." in content
    assert kennismaking_done in content
    assert "Uitwerken" in content and expected_due in content
    current = resident.locator('[aria-current="step"]')
    assert "Uitwerken" in current.inner_text()
    axe(resident, "resident status after staff actions")
    screenshot(resident, "status-after-staff-actions")
    resident.context.close()


def test_phone_intake_and_letter(live_app, page, axe, screenshot):
    with live_app.app_context():
        make_world()
        db.session.add(User(email="coco@gemeente.example", name="Coco", role=Role.COORDINATOR))
        db.session.commit()
    secret = give_login(live_app, "coco@gemeente.example")
    staff_sign_in(page, live_app, "coco@gemeente.example", secret)
    page.get_by_role("link", name="Intake invullen").click()
    axe(page, "assisted intake form")
    with page.expect_navigation():
        page.get_by_role("button", name="Intake opslaan").click()
    axe(page, "assisted intake with errors")
    page.fill("#title", "Bankje bij de bushalte")
    page.fill("#summary", "Een bankje voor ouderen.")
    page.fill("#description", "Mevrouw wacht vaak lang op de bus.")
    page.check("#theme-0")
    page.select_option("#wijk", label="Weet ik niet")
    page.check("#support-4")
    page.fill("#name", "Mevrouw Jansen")
    page.check("#contact_preference-2")
    page.fill("#postal_address", "Lindelaan 4\n1234 AB Voorbeeld")
    page.check("#consent")
    with page.expect_navigation():
        page.get_by_role("button", name="Intake opslaan").click()
    assert page.get_by_role("heading", name="Beste Mevrouw Jansen,").is_visible()
    axe(page, "letter")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    screenshot(page, "staff-letter-print")
