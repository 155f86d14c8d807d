"""The evaluation in a real browser: from the mail link to the thank-you page, and back at staff.

Each page is checked with axe-core and photographed at 360 and 1280 px wide.
"""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import Feedback, Initiative, OutboxMail, Role, User, utcnow
from initiatief.services import actions
from initiatief.services.evaluation import record_verdict
from tests.browser.helpers import staff_sign_in
from tests.factories import make_world, submit
from tests.staff_helpers import give_login


def stopped_initiative(app, **overrides) -> dict[str, str]:
    """A withdrawn initiative and the answer links of its evaluation mail."""
    with app.app_context():
        world = make_world()
        db.session.add(
            User(email="coco@gemeente.example", name="Coco Coördinator", role=Role.COORDINATOR)
        )
        initiative = submit(utcnow(), email="fatima@voorbeeld.example", **overrides)
        actions.stop(
            initiative,
            outcome="ingetrokken",
            reason="Verhuisd.",
            actor=world.staff["anna"],
            now=utcnow(),
            expected_version=initiative.version,
        )
        db.session.commit()
        mail = db.session.execute(
            select(OutboxMail).where(OutboxMail.kind == "evaluatieverzoek")
        ).scalar_one()
        links = re.findall(r"(http://\S+/evaluatie/\S+\?antwoord=(\w+))", mail.text_body)
        return {verdict: url for url, verdict in links} | {"number": initiative.number}


def choose(page, question: str, answer: str) -> None:
    page.get_by_role("group", name=re.compile(question)).get_by_label(answer, exact=True).check()


def test_answer_from_the_mail_with_the_optional_questions(live_app, page, axe, screenshot):
    links = stopped_initiative(live_app)
    page.goto(links["tevreden"])
    assert page.get_by_label("Tevreden", exact=True).is_checked()
    axe(page, "evaluation answer page")
    choose(page, "persoonlijke contact", "Heel goed")
    choose(page, "wat u kon verwachten", "Goed")
    choose(page, "de snelheid", "Matig")
    page.fill("#remark", "Fijne samenwerking, maar het duurde lang.")
    screenshot(page, "evaluation-answer")
    page.get_by_role("button", name="Verstuur mijn antwoord").click()
    assert page.get_by_role("heading", name="Dank u wel").is_visible()
    assert page.get_by_text("Wij nemen contact met u op").count() == 0
    axe(page, "evaluation thanks")
    screenshot(page, "evaluation-thanks")
    with live_app.app_context():
        feedback = db.session.execute(select(Feedback)).scalar_one()
        assert (feedback.verdict, feedback.contact_score, feedback.clarity_score) == (3, 5, 4)
        assert (feedback.speed_score, feedback.outcome_score) == (2, None)


def test_the_page_with_errors_keeps_what_was_typed(live_app, page, axe, screenshot):
    links = stopped_initiative(live_app)
    page.goto(links["neutraal"].split("?")[0])  # no answer chosen yet
    choose(page, "het resultaat", "Redelijk")
    page.fill("#remark", "Te lang. " * 230)
    page.get_by_role("button", name="Verstuur mijn antwoord").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Fout:"))
    assert page.get_by_text("Kies een antwoord.").count() == 2  # summary and inline
    assert page.locator("#remark").get_attribute("aria-describedby") == "remark-uitleg remark-fout"
    assert (
        page.get_by_role("group", name=re.compile("het resultaat"))
        .get_by_label("Redelijk", exact=True)
        .is_checked()
    )
    axe(page, "evaluation answer page with errors")
    screenshot(page, "evaluation-errors")
    page.get_by_role("link", name="Kies een antwoord.").click()
    assert page.evaluate("document.activeElement.id") == "verdict-0"


def test_an_unhappy_resident_hears_a_coordinator_calls_back(live_app, page, axe, screenshot):
    links = stopped_initiative(live_app)
    page.goto(links["ontevreden"])
    page.get_by_role("button", name="Verstuur mijn antwoord").click()
    assert page.get_by_role("heading", name="Wij nemen contact met u op").is_visible()
    assert page.get_by_text("Een coördinator belt u terug.").is_visible()
    axe(page, "evaluation thanks (unhappy)")
    screenshot(page, "evaluation-thanks-unhappy")
    page.goto(links["tevreden"])  # the same link again: already answered
    assert page.get_by_text("al gekregen").is_visible()
    axe(page, "evaluation already answered")


def test_expired_and_wrong_links(live_app, page, axe, screenshot):
    links = stopped_initiative(live_app)
    live_app.config["EVALUATION_VALID_DAYS"] = -1  # every link is too old now
    response = page.goto(links["tevreden"])
    assert response.status == 410
    assert page.get_by_role("heading", name="Deze link is verlopen").is_visible()
    axe(page, "evaluation link expired")
    screenshot(page, "evaluation-expired")
    response = page.goto(live_app.config["LIVE_URL"] + "/evaluatie/nep")
    assert response.status == 404
    axe(page, "evaluation link wrong")


def test_staff_see_the_verdict_and_mark_it_followed_up(live_app, page, axe, screenshot):
    links = stopped_initiative(live_app)
    with live_app.app_context():
        record_verdict(
            db.session.execute(select(Initiative)).scalar_one(),
            "ontevreden",
            utcnow(),
            scores={"contact": 2, "clarity": 1, "outcome": 3},
            remark="Ik hoorde weken niets.\nNiemand belde terug.",
        )
        db.session.commit()
    secret = give_login(live_app, "coco@gemeente.example")
    staff_sign_in(page, live_app, "coco@gemeente.example", secret)
    page.goto(f"{live_app.config['LIVE_URL']}/medewerker/initiatief/{links['number']}")
    section = page.locator("section.feedback")
    assert section.get_by_text("Ontevreden", exact=True).is_visible()
    assert section.get_by_text("Matig (2 van 5)").is_visible()
    assert section.get_by_text("Niemand belde terug.").is_visible()
    axe(page, "staff initiative page with the verdict and the follow-up form")
    screenshot(page, "staff-evaluation")
    page.fill("#follow-up-note", "Gebeld. Excuses gemaakt, plan loopt weer.")
    page.get_by_role("button", name="Opgevolgd").click()
    assert page.get_by_text("Genoteerd: de evaluatie is opgevolgd.").is_visible()
    assert section.get_by_text("Opgevolgd op").is_visible()
    axe(page, "staff initiative page after the follow-up")
