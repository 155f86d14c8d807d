"""The mail text pages in beheer, in a real browser (issue 9, 6 and 7).

The HTML preview of a mail has inline styles, as mails need; on the page's strict
policy (style-src 'self') they broke. It is shown in a sandboxed iframe whose
own response allows only those styles. Every mail text page passes axe-core at
360 and 1280 px, with no console errors about the Content-Security-Policy.
"""

import pytest

from initiatief.mail import editable_texts
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import beheerder_sign_in, seed_admin_world

WIDTHS = (360, 1280)


@pytest.fixture
def signed_in(live_app, page):
    """Bea, signed in through the real forms, on a page that records console errors."""
    _, secret = seed_admin_world(live_app)
    base = live_app.config["LIVE_URL"]
    errors: list[str] = []

    def console(message) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    beheerder_sign_in(page, base, secret)
    return base, errors


# Each kind in each language: the Dutch text and the English one (?taal=en). One test
# per language: all 76 pages with axe-core in one test came close to the 120 s timeout
# on a busy machine.
@pytest.mark.parametrize(("query", "suffix"), [("", ""), ("?taal=en", "-en")], ids=["nl", "en"])
def test_every_mail_text_page_shows_its_preview_without_csp_errors_and_passes_axe(
    page, signed_in, axe, query, suffix
):
    base, errors = signed_in
    page.goto(base + "/beheer/mailteksten" + query)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        axe(page, f"mail texts{suffix} at {width}px")
    ARTIFACTS.mkdir(exist_ok=True)
    for kind in editable_texts.KINDS:
        for width in WIDTHS:
            # Loaded at each width: a sandboxed frame is painted out of process, and a
            # resize after loading can leave its old picture in a screenshot.
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{base}/beheer/mailteksten/{kind}{query}")
            iframe = page.locator("iframe.mail-preview")
            assert iframe.get_attribute("sandbox") == "" and iframe.get_attribute("title"), kind
            # The mail's own heading is there, styled inline as residents see it.
            heading = page.frame_locator("iframe.mail-preview").locator("h1")
            assert heading.count() == 1, kind
            assert heading.evaluate("h => getComputedStyle(h).fontSize") == "24px", kind
            mail = page.frame_locator("iframe.mail-preview").locator("body").inner_text()
            # The greeting; after deleting a resident's data their name is gone.
            if kind == "gegevens_verwijderd":
                greeting = "Hello," if suffix else "Goedendag,"
            else:
                greeting = "Dear " if suffix else "Beste "
            assert greeting in mail, kind
            axe(page, f"mail text {kind}{suffix} at {width}px")
            name = f"{kind}{suffix}-{width}.png"
            page.screenshot(path=str(ARTIFACTS / f"mail-text-{name}"), full_page=True)
            iframe.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / f"mail-preview-{name}"))
    csp = [e for e in errors if "Content Security Policy" in e or "Content-Security-Policy" in e]
    assert csp == [], csp
    assert errors == [], errors


def test_the_unsaved_text_is_previewed_in_the_frame(page, signed_in):
    base, errors = signed_in
    page.goto(f"{base}/beheer/mailteksten/nieuw_bericht")
    page.fill("#body", "Beste {naam},\n\nDit is **nieuw** en nog niet opgeslagen.")
    with page.expect_navigation():
        page.get_by_role("button", name="Voorbeeld bekijken zonder op te slaan").click()
    frame = page.frame_locator("iframe.mail-preview")
    assert frame.locator("strong", has_text="nieuw").count() == 1
    assert "nog niet opgeslagen" in page.locator("pre.mailbox-text").inner_text()
    assert errors == [], errors
