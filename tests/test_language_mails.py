"""Every resident mail in the resident's language: subject, both parts, dates and links.

The English wording of the editable texts is ours (mail.default_texts_en); the
frame's sentences come from the catalog (test_language_catalog.py shows that
with a tiny compiled one).
"""

import re
from datetime import date, timedelta

import pytest
from babel.dates import format_date
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.jobs.residents import send_action_reminders
from initiatief.mail import combine, editable_texts, notices
from initiatief.mail.default_texts_en import TEXTS
from initiatief.mail.dispatcher import dispatch_due
from initiatief.models import Event, Initiative, Initiator, MailText, utcnow
from initiatief.models.types import local
from initiatief.services import actions
from tests.factories import MONDAY, act, at
from tests.mail_helpers import RESIDENT, every_resident_mail, fresh, parts
from tests.samples import INTAKE_FORM
from tests.shared_fixtures import in_app


def english_start(kind: str) -> str:
    """The English subject up to its first placeholder."""
    return TEXTS[kind].subject.split("{")[0]


# The intake through the real form


@pytest.mark.parametrize(
    ("language", "subject", "greeting", "month_locale"),
    [
        ("en", "We have received your initiative (INI-", "Dear Fatima el Amrani,", "en"),
        ("nl", "Wij hebben uw initiatief ontvangen (INI-", "Beste Fatima el Amrani,", "nl"),
    ],
)
def test_the_intake_in_a_language_makes_the_receipt_in_that_language(
    app, client, world, smtp_server, language, subject, greeting, month_locale
):
    assert client.get(f"/initiatief-indienen?taal={language}").status_code == 303
    response = client.post("/initiatief-indienen", data={**INTAKE_FORM, "action": "send"})
    assert response.status_code == 303
    with app.app_context():
        initiator = db.session.execute(select(Initiator)).scalar_one()
        assert initiator.language == language
        dispatch_due(utcnow() + timedelta(minutes=1))
    (message,) = smtp_server.messages
    mail_subject, text, html = parts(message)
    assert mail_subject.startswith(subject)
    today = format_date(local(utcnow()).date(), "d MMMM y", locale=month_locale)
    received = {"en": "We received it on", "nl": "Wij hebben het ontvangen op"}[language]
    for body in (text, html):
        assert greeting in body
        assert f"{received} {today}." in body
    other = "Beste" if language == "en" else "Dear"
    assert other not in text and other not in html
    assert f'<html lang="{language}">' in html


def test_an_assisted_intake_takes_the_language_staff_chose(outbox, app, client):
    from tests.admin_world import BEA, build_admin_world
    from tests.staff_helpers import sign_in

    build_admin_world(app)
    sign_in(app, client, BEA)
    data = {**INTAKE_FORM, "consent": "y", "language": "en"}
    response = client.post("/medewerker/intake", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    with app.app_context():
        initiative = db.session.execute(select(Initiative)).scalar_one()
        assert initiative.initiator.language == "en"
        (receipt,) = outbox.mails("ontvangstbevestiging")
        assert receipt.subject.startswith("We have received your initiative")
    html = client.get("/medewerker/intake").get_data(as_text=True)
    assert 'value="nl" checked' in html  # Dutch unless staff choose otherwise


# Every kind


@pytest.mark.parametrize("kind", list(editable_texts.KINDS))
def test_every_resident_mail_kind_is_english_for_an_english_resident(app, smtp_server, world, kind):
    with in_app(app, world):
        english = fresh(language="en")
        notices.queue_resident_mail(english, key=f"test:{kind}", kind=kind, now=MONDAY, urgent=True)
        db.session.commit()
        dispatch_due(MONDAY + timedelta(minutes=1))
        sent = {parts(m)[0]: parts(m) for m in smtp_server.messages}
        matches = [s for s in sent if s.startswith(english_start(kind))]
        assert len(matches) == 1, sorted(sent)
        subject = matches[0]
        _, text, html = sent[subject]
        assert english.number in subject or "{nummer}" not in TEXTS[kind].subject
        for body in (text, html):
            # The mail after deleting the resident's details greets without the name.
            assert "Dear Fatima el Amrani," in body or "{naam}" not in TEXTS[kind].body
            assert "Beste" not in body
            assert "{" not in re.sub(r"<style.*?</style>", "", body, flags=re.S)
            assert '<html lang="en">' in html


@pytest.mark.parametrize("kind", list(editable_texts.KINDS))
def test_every_english_default_text_has_the_dutch_placeholders(kind):
    dutch = set(
        editable_texts.PLACEHOLDER.findall(
            editable_texts.KINDS[kind].body + editable_texts.KINDS[kind].subject
        )
    )
    english = set(editable_texts.PLACEHOLDER.findall(TEXTS[kind].body + TEXTS[kind].subject))
    assert english == dutch
    assert not editable_texts.unknown_placeholders(kind, TEXTS[kind].body)
    assert not editable_texts.unknown_placeholders(kind, TEXTS[kind].subject, subject=True)


def test_dates_in_mails_follow_the_language(outbox, app, world):
    with in_app(app, world):
        english, dutch = fresh(language="en"), fresh()
        for initiative in (english, dutch):
            visit = initiative.current_visit
            visit.due_on = date(2026, 4, 1)
            event = Event(initiative=initiative, kind="replanned", created_at=MONDAY)
            db.session.add(event)
            db.session.flush()
            notices.queue_replanned(initiative, event, visit, MONDAY, reason="Ziek.")
        english_mail, dutch_mail = outbox.mails("termijn_verlengd")
        assert "**New expected date:** Wednesday 1 April 2026" not in english_mail.text_body
        assert "New expected date: Wednesday 1 April 2026" in english_mail.text_body
        assert "Wednesday 1 April 2026" in english_mail.html_body
        assert "Nieuwe verwachte datum: woensdag 1 april 2026" in dutch_mail.text_body
        assert english_mail.subject == f"Your initiative {english.number} takes longer"
        assert dutch_mail.subject == f"Uw initiatief {dutch.number} duurt langer"


def test_every_staff_action_mails_an_english_resident_in_english(outbox, app, world):
    with in_app(app, world):
        initiative = fresh(language="en")
        every_resident_mail(world, initiative)
        mails = [m for m in outbox.mails() if m.to_address == RESIDENT]
        assert len(mails) == 13  # the receipt and every mail a staff action causes
        for mail in mails:
            assert mail.subject.startswith(english_start(mail.kind)), mail.subject
            assert mail.text_body.startswith("Dear Fatima el Amrani,\n"), mail.kind


def test_the_action_reminder_says_the_date_it_asked_in_english(outbox, app, world):
    with in_app(app, world):
        initiative = fresh(language="en")
        kwargs = {
            "journey": world.journey,
            "team": world.teams["noord"],
            "contact": world.staff["bram"],
        }
        act(world, actions.triage, initiative, at(3, 3), **kwargs)
        act(
            world,
            actions.pause,
            initiative,
            at(3, 6),
            waiting_on="initiatiefnemer",
            reason="Een begroting.",
        )
        db.session.commit()
        assert send_action_reminders(at(3, 30)) == 1
        (reminder,) = outbox.mails("herinnering_actie")
        assert reminder.subject.startswith("Reminder: we need something from you")
        assert (
            "On 6 March 2026 we asked you for something for your initiative" in reminder.text_body
        )


def test_a_combined_mail_is_in_the_residents_language(app, world):
    with in_app(app, world):
        initiative = fresh(language="en")
        rows = [
            notices.queue_resident_mail(
                initiative,
                key=f"news:{n}",
                kind="nieuw_bericht",
                now=MONDAY,
                urgent=False,
                bericht="x",
            )
            for n in (1, 2)
        ]
        _, _, html = combine.combined_parts(rows, MONDAY)
        assert html.startswith('<!DOCTYPE html><html lang="en">')


# Texts a beheerder saved


def test_a_dutch_saved_text_never_reaches_an_english_resident(outbox, app, world):
    with in_app(app, world):
        db.session.add(
            MailText(kind="ontvangstbevestiging", subject="Aangepast {nummer}", body="Hoi {naam}")
        )
        db.session.flush()
        english, dutch = fresh(language="en"), fresh()
        english_mail, dutch_mail = outbox.mails("ontvangstbevestiging")
        assert english_mail.subject == f"We have received your initiative ({english.number})"
        assert dutch_mail.subject == f"Aangepast {dutch.number}"
        db.session.add(
            MailText(
                kind="ontvangstbevestiging",
                language="en",
                subject="Got it {nummer}",
                body="Hi {naam}",
            )
        )
        db.session.flush()
        fresh(language="en")
        assert outbox.mails("ontvangstbevestiging")[-1].subject.startswith("Got it INI-")


def test_links_in_an_english_mail_open_the_pages_in_english(outbox, app, client, world):
    with in_app(app, world):
        english = fresh(language="en")
        fresh()
        english_mail, dutch_mail = outbox.mails("ontvangstbevestiging")
        assert f"/mijn/initiatief/{english.number}?taal=en" in english_mail.text_body
        assert "taal=" not in dutch_mail.text_body and "taal=" not in dutch_mail.html_body
        notices.queue_evaluation_request(english, MONDAY)
        (request,) = outbox.mails("evaluatieverzoek")
        assert "[Happy](" not in request.text_body
        assert re.search(
            r"Happy \(http://localhost/evaluatie/\S+\?antwoord=tevreden&taal=en\)",
            request.text_body,
        )
        assert "\N{SLIGHTLY SMILING FACE}" in request.html_body  # still our own answer button
        assert "taal=en" in request.headers  # the one-click unsubscribe too
        db.session.commit()
        path = re.search(r"http://localhost(/mijn/initiatief/\S+)", english_mail.text_body).group(1)
    response = client.get(path, headers={"Accept-Language": "nl"})
    assert response.status_code == 303 and response.headers["Set-Cookie"].startswith("taal=en;")


def test_the_login_link_comes_in_the_language_of_the_page_that_asked(app, client, world, outbox):
    with app.app_context():
        fresh(language="en")  # the language stored on the initiative does not decide here
    client.post("/mijn/inloggen", data={"email": RESIDENT}, headers={"Accept-Language": "nl"})
    client.set_cookie("taal", "en")
    client.post("/mijn/inloggen", data={"email": RESIDENT})
    with app.app_context():
        dutch, english = outbox.mails("inloglink")
    assert '<html lang="nl">' in dutch.html_body and "taal=" not in dutch.text_body
    assert '<html lang="en">' in english.html_body
    assert re.search(r"/mijn/inloggen/link/\S+\?taal=en", english.text_body)
