"""Resident mails take their wording from the beheerder's texts, inside one fixed frame."""

from datetime import date

from initiatief.extensions import db
from initiatief.mail import editable_texts
from initiatief.models import MailText
from initiatief.services import actions
from initiatief.services.config import mail_texts
from tests.factories import MONDAY, act, at
from tests.mail_helpers import RESIDENT, every_resident_mail, fresh
from tests.shared_fixtures import in_app

EVIL_NAME = "[klik](https://evil.example) **Jan**"


def save_text(kind: str, subject: str, body: str) -> None:
    db.session.add(MailText(kind=kind, subject=subject, body=body))
    db.session.flush()


def test_a_saved_text_for_nieuwe_fase_is_what_the_next_phase_mail_says(app, outbox, world):
    with in_app(app, world):
        initiative = fresh()
        save_text(
            "nieuwe_fase",
            "Stap gezet: {fase} ({nummer})",
            "Hallo {naam},\n\nNu: **{fase}**, klaar op {verwachte_datum}.\n\n{bericht}\n",
        )
        act(world, actions.advance, initiative, at(3, 3), message="Wij bellen u *snel*.")
        mail = outbox.only("nieuwe_fase")
        assert mail.subject == f"Stap gezet: Kennismaking ({initiative.number})"
        assert "Hallo Fatima el Amrani,\n\nNu: Kennismaking, klaar op dinsdag 17 maart 2026." in (
            mail.text_body
        )
        assert (
            "Nu: <strong>Kennismaking</strong>, klaar op dinsdag 17 maart 2026." in mail.html_body
        )
        assert "<em>snel</em>" in mail.html_body and "Wij bellen u snel." in mail.text_body
        assert "Wat kunt u verwachten?" not in mail.text_body  # the default text is not used
        # The frame stays: who is aan zet, the contact person, the link, the opt-out line.
        for body in (mail.text_body, mail.html_body):
            assert "Maak een afspraak met uw contactpersoon." in body
            assert "anna@gemeente.example" in body
            assert f"/mijn/initiatief/{initiative.number}" in body
            assert "alleen nog e-mail die nodig is" in body


def test_a_receipt_for_a_resident_with_markdown_and_a_link_in_the_name(app, outbox, world):
    with in_app(app, world):
        initiative = fresh(name=EVIL_NAME, title="Tuin_1 (a.b.) voor *iedereen*")
        mail = outbox.only("ontvangstbevestiging")
        text, html = mail.text_body, mail.html_body
        for body in (text, html):
            assert "evil.example" not in body
            assert initiative.number in body
            assert "Anna de Vries" in body and "anna@gemeente.example" in body  # the contact block
            assert f"http://localhost/mijn/initiatief/{initiative.number}" in body
        assert "<strong>Jan" not in html and "<em>iedereen" not in html
        assert "Beste [klik]([link weggelaten] **Jan**," in text  # as typed, once made harmless
        assert "Beste [klik]([link weggelaten] **Jan**," in html
        assert f"<strong>{initiative.number}</strong>" in html  # the text's own Markdown works
        assert '"Tuin_1 (a.b.) voor *iedereen*"' in text
        assert "{" not in text and "}" not in text
        assert "\\" not in text  # escaped once, for Markdown only: no backslashes in the words
        assert "Uw nummer is " + initiative.number in text
        assert "Bekijk uw initiatief" in html


def test_every_resident_mail_uses_its_kinds_saved_text(outbox, app, world):
    with in_app(app, world):
        initiative = fresh()  # the receipt is queued before the texts below are saved
        for kind in editable_texts.KINDS:
            save_text(kind, f"[{kind}] {{nummer}}", f"Tekst van {kind} voor {{naam}}.")
        every_resident_mail(world, initiative)
        mails = [m for m in outbox.mails() if m.to_address == RESIDENT][1:]
        assert [m.kind for m in mails] == [
            "contactpersoon_voorgesteld",
            "nieuwe_fase",
            "actie_gevraagd",
            "weer_verder",
            "termijn_verlengd",
            "nieuw_bericht",
            *["nieuwe_fase"] * 4,  # the last one enters Evaluatie ...
            "evaluatieverzoek",  # ... which asks how it went (once per initiative)
            "afgerond",
        ]
        for mail in mails:
            assert mail.kind in editable_texts.KINDS
            assert mail.subject == f"[{mail.kind}] {initiative.number}"
            assert mail.text_body.startswith(f"Tekst van {mail.kind} voor Fatima el Amrani.\n")
            assert f"<p>Tekst van {mail.kind} voor Fatima el Amrani.</p>" in mail.html_body


def test_a_stop_mail_uses_the_saved_gestopt_text_with_the_real_outcome_and_reason(
    app, outbox, world
):
    with in_app(app, world):
        initiative = fresh()
        save_text("gestopt", "Gestopt: {nummer}", "{uitkomst}\n\nReden: {reden}\n\n{bericht}")
        act(
            world,
            actions.stop,
            initiative,
            at(3, 3),
            outcome="afgewezen",
            reason="Past niet in het budget.",
            message="Bel gerust.",
        )
        mail = outbox.only("gestopt")
        assert mail.subject == f"Gestopt: {initiative.number}"
        assert mail.text_body.startswith(
            "De gemeente heeft besloten uw initiatief niet te steunen. "
            "Wij hebben het daarom afgesloten.\n\nReden: Past niet in het budget.\n\nBel gerust.\n"
        )


def test_cause_values_are_the_ones_just_given_and_never_examples(app, outbox, world):
    with in_app(app, world):
        initiative = fresh()
        initiative.current_visit.delay_reason = "Een oude reden."
        act(world, actions.advance, initiative, at(3, 3))  # no message
        act(
            world,
            actions.pause,
            initiative,
            at(3, 4),
            waiting_on="initiatiefnemer",
            reason="Foto's.",
        )
        act(world, actions.resume, initiative, at(3, 5))
        act(world, actions.extend, initiative, at(3, 5), new_due=date(2026, 4, 2), reason="Druk.")
        assert "Foto's." in outbox.only("actie_gevraagd").text_body
        extended = outbox.only("termijn_verlengd").text_body
        assert "Waarom? Druk." in extended and "donderdag 2 april 2026" in extended
        for mail in outbox.mails():
            for body in (mail.text_body, mail.html_body):
                assert "voorbeeld)" not in body and "Hier komt het bericht" not in body
                assert "{" not in body
        phase = outbox.only("nieuwe_fase").text_body
        assert "nieuwe fase: Kennismaking.\n\nWat kunt u verwachten?" in phase  # no empty message


def test_the_preview_is_the_real_mail(app, outbox, world):
    with in_app(app, world):
        initiative = fresh(name=EVIL_NAME)
        mail = outbox.only("ontvangstbevestiging")
        preview = mail_texts.preview(
            "ontvangstbevestiging", initiative, actor=world.staff["anna"], now=MONDAY
        )
        assert preview.subject == mail.subject
        assert preview.text == mail.text_body
        assert "<!DOCTYPE" not in preview.html and "<body" not in preview.html  # fits in a page
        assert "<!DOCTYPE" in mail.html_body
        for part in ("<h1", "Uw contactpersoon", "Bekijk uw initiatief", "Met vriendelijke groet"):
            assert part in preview.html


def test_the_preview_marks_examples_and_uses_the_stop_of_a_stopped_initiative(app, world):
    with in_app(app, world):
        initiative = fresh()
        anna = world.staff["anna"]
        preview = mail_texts.preview("nieuw_bericht", initiative, actor=anna, now=MONDAY)
        assert "Hier komt het bericht van de medewerker. (voorbeeld)" in preview.text
        act(world, actions.stop, initiative, at(3, 3), outcome="ingetrokken", reason="Verhuisd.")
        preview = mail_texts.preview("gestopt", initiative, actor=anna, now=at(3, 3))
        assert "U heeft ons laten weten dat u stopt." in preview.text
        assert "Waarom? Verhuisd." in preview.text
