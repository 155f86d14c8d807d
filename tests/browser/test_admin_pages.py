"""The beheer pages in a real browser: signed in through the real forms, axe-core on each."""

import re

from playwright.sync_api import expect

from tests.browser.helpers import beheerder_sign_in, seed_admin_world, submit_form


def test_every_beheer_page_passes_axe(live_app, page, axe, screenshot):
    world, secret = seed_admin_world(live_app)
    base = live_app.config["LIVE_URL"]
    beheerder_sign_in(page, base, secret)

    page.get_by_role("link", name="Beheer", exact=True).click()
    expect(page).to_have_title(re.compile("^Overzicht - Beheer"))
    axe(page, "beheer overview")

    pages = {
        "journeys": "/beheer/klantreizen",
        "new journey": "/beheer/klantreizen/nieuw",
        "journey with phases": f"/beheer/klantreizen/{world.journey}",
        "new phase": f"/beheer/klantreizen/{world.journey}/fasen/nieuw",
        "closed days": "/beheer/gesloten-dagen",
        "teams and wijken": "/beheer/teams",
        "new team": "/beheer/teams/nieuw",
        "team": f"/beheer/teams/{world.teams['noord']}",
        "new wijk": "/beheer/wijken/nieuw",
        "wijk": f"/beheer/wijken/{world.wijken['centrum']}",
        "staff": "/beheer/medewerkers",
        "new colleague": "/beheer/medewerkers/nieuw",
        "colleague": f"/beheer/medewerkers/{world.users['anna']}",
        "own account": f"/beheer/medewerkers/{world.users['bea']}",
        "mail texts": "/beheer/mailteksten",
    }
    for label, path in pages.items():
        page.goto(base + path)
        assert page.locator("h1").count() == 1, label
        axe(page, label)

    # A phase: errors first (summary gets focus), then the Markdown preview.
    page.goto(f"{base}/beheer/fasen/{world.phases[1]}")
    axe(page, "phase form")
    page.fill("#name", "")
    page.fill("#norm_days", "veel")
    submit_form(page, "Opslaan")
    expect(page).to_have_title(re.compile("^Fout:"))
    expect(page.locator(".error-summary")).to_be_focused()
    assert page.input_value("#norm_days") == "veel"
    axe(page, "phase form with errors")
    page.fill("#name", "Kennismaking")
    page.fill("#norm_days", "10")
    page.fill("#expectation", "Wij **bellen** u.\n\n- een afspraak\n- een bezoek")
    submit_form(page, "Voorbeeld bekijken")
    assert page.locator(".preview strong").inner_text() == "bellen"
    axe(page, "phase form with preview")
    submit_form(page, "Opslaan")
    assert "Termijnen die al lopen" in page.locator("main").inner_text()
    axe(page, "journey after saving a phase")

    # A closed day with an error, then added.
    page.goto(base + "/beheer/gesloten-dagen")
    submit_form(page, "Toevoegen")
    axe(page, "closed days with errors")
    page.fill("#day", "2026-12-24")
    page.fill("#reason", "Kerstavond")
    submit_form(page, "Toevoegen")
    assert "Kerstavond" in page.locator(".history").first.inner_text()
    axe(page, "closed days with one day")

    # A new colleague: the one-time password page.
    page.goto(base + "/beheer/medewerkers/nieuw")
    submit_form(page, "Medewerker toevoegen")
    axe(page, "new colleague with errors")
    page.fill("#name", "Dirk de Wit")
    page.fill("#email", "dirk@gemeente.example")
    page.check("#role-1")
    submit_form(page, "Medewerker toevoegen")
    assert len(page.locator("#wachtwoord").inner_text()) == 19
    axe(page, "one-time password")

    # A mail text: the preview with the real initiative, and an unknown placeholder.
    page.goto(base + "/beheer/mailteksten/ontvangstbevestiging")
    frame = page.frame_locator("iframe.mail-preview")  # the HTML part, sandboxed (issue 9)
    assert "Beste Fatima el Amrani," in frame.locator("body").inner_text()
    axe(page, "mail text with preview")
    screenshot(page, "admin-mail-text")
    page.fill("#body", "Beste {voornaam},")
    submit_form(page, "Opslaan")
    assert "Deze invulvelden kennen wij niet: {voornaam}." in page.locator("main").inner_text()
    axe(page, "mail text with errors")

    page.goto(f"{base}/beheer/klantreizen/{world.journey}")
    screenshot(page, "admin-journey")
