"""Mails caused by staff actions: who gets them, what they say, when they may go out."""

from datetime import UTC, date, datetime

import pytest

from initiatief.mail.notices import resident_send_after
from initiatief.services import actions
from tests.factories import MONDAY, act, at
from tests.mail_helpers import RESIDENT, fresh
from tests.shared_fixtures import in_app


def everything(world, initiative) -> None:
    """Every staff action that mails, in an order a real initiative could follow."""
    w = world
    act(
        w,
        actions.triage,
        initiative,
        at(3, 3),
        journey=w.journey,
        team=w.teams["noord"],
        contact=w.staff["bram"],
    )
    act(w, actions.advance, initiative, at(3, 3), message="Wij bellen u **snel**.")
    act(w, actions.pause, initiative, at(3, 6), waiting_on="initiatiefnemer", reason="Begroting.")
    act(w, actions.resume, initiative, at(3, 9))
    act(w, actions.extend, initiative, at(3, 10), new_due=date(2026, 4, 1), reason="Ziek.")
    act(w, actions.post_update, initiative, at(3, 10), body="Zie [de kaart](https://x.nl).")
    actions.resident_reply(initiative, body="Top! Kijk op evil.example/bank", now=at(3, 11))
    act(w, actions.stop, initiative, at(3, 12), outcome="ingetrokken", reason="Verhuisd.")


def test_every_mail_names_the_number_has_two_parts_and_never_a_resident_link(outbox, app, world):
    with in_app(app, world):
        initiative = fresh(
            title="Speeltuin, zie https://evil.example/login", name="Jan www.evil.example"
        )
        everything(world, initiative)
        mails = outbox.mails()[1:]  # after the receipt
        assert [m.kind for m in mails] == [
            "contactpersoon_voorgesteld",
            "nieuwe_contactpersoon",
            "nieuwe_fase",
            "actie_gevraagd",
            "weer_verder",
            "termijn_verlengd",
            "nieuw_bericht",
            "reactie",
            "gestopt",
            "evaluatieverzoek",
        ]
        for mail in mails:
            assert initiative.number in mail.subject
            assert mail.text_body.strip() and mail.html_body.strip()
            assert mail.initiative_id == initiative.id
            for body in (mail.text_body, mail.html_body):
                assert "evil.example" not in body
                assert "[link weggelaten]" in body
            if mail.to_address == RESIDENT:
                assert f"/mijn/initiatief/{initiative.number}" in mail.text_body
                assert "Bram Jansen" in mail.text_body and "Bram Jansen" in mail.html_body
        staff = {m.kind: m.to_address for m in mails if m.to_address != RESIDENT}
        assert staff == {
            "nieuwe_contactpersoon": "bram@gemeente.example",
            "reactie": "bram@gemeente.example",
        }
        assert len({m.key for m in mails}) == len(mails)


def test_the_new_contact_is_introduced_to_the_resident_and_told_it_is_theirs(app, outbox, world):
    with in_app(app, world):
        initiative = fresh()
        act(
            world,
            actions.triage,
            initiative,
            at(3, 3),
            journey=world.journey,
            team=world.teams["noord"],
            contact=world.staff["bram"],
        )
        resident = outbox.only("contactpersoon_voorgesteld")
        assert resident.to_address == RESIDENT
        assert "Vanaf nu is Bram Jansen uw contactpersoon" in resident.text_body
        assert "bram@gemeente.example" in resident.html_body
        assert "woensdag 4 maart 2026" in resident.text_body
        staff = outbox.only("nieuwe_contactpersoon")
        assert staff.subject == f"U bent nu contactpersoon voor {initiative.number}"
        assert (
            "Moestuin aan de Lindelaan" in staff.text_body and "Fatima el Amrani" in staff.text_body
        )


def test_the_new_phase_mail_says_what_to_expect_what_to_do_and_when(app, outbox, world):
    with in_app(app, world):
        initiative = fresh()
        act(world, actions.advance, initiative, at(3, 3), message="Wij bellen u **snel**.")
        mail = outbox.only("nieuwe_fase")
        assert "Kennismaking" in mail.subject
        for body in (mail.text_body, mail.html_body):
            assert "Uitleg over kennismaking." in body
            assert "Maak een afspraak met uw contactpersoon." in body
            assert "dinsdag 17 maart 2026" in body
        assert "Wij bellen u snel." in mail.text_body
        assert "Wij bellen u <strong>snel</strong>." in mail.html_body
        assert (
            "alleen nog e-mail die nodig is" in mail.text_body
        )  # non-essential: how to switch it off


def test_a_phase_set_not_to_mail_sends_nothing_and_finishing_says_so(app, outbox, world):
    with in_app(app, world):
        initiative = fresh()
        world.journey.phases[1].mail_on_enter = False
        act(world, actions.advance, initiative, at(3, 3))
        assert outbox.mails("nieuwe_fase") == []
        world.journey.phases[2].mail_on_enter = False
        act(world, actions.advance, initiative, at(3, 4), message="Wij sturen u een voorbeeld.")
        assert (
            "Wij sturen u een voorbeeld." in outbox.only("nieuwe_fase").text_body
        )  # written for them
        while not initiative.is_closed:
            act(world, actions.advance, initiative, at(3, 20))
        mail = outbox.only("afgerond")
        assert mail.subject == f"Uw initiatief {initiative.number} is afgerond"
        assert "Wat gebeurt er nu?" not in mail.text_body


def test_opt_out_silences_news_but_not_what_the_resident_must_know(outbox, app, world):
    with in_app(app, world):
        initiative = fresh()
        initiative.initiator.mail_opt_out = True
        everything(world, initiative)
        kinds = [m.kind for m in outbox.mails() if m.to_address == RESIDENT]
        assert kinds == [
            "ontvangstbevestiging",
            "contactpersoon_voorgesteld",
            "actie_gevraagd",
            "weer_verder",
            "termijn_verlengd",
            "gestopt",
        ]


def test_waiting_on_the_resident_asks_for_action_and_a_third_party_does_not(app, outbox, world):
    with in_app(app, world):
        initiative = fresh()
        act(world, actions.pause, initiative, at(3, 3), waiting_on="derde", reason="Offerte.")
        assert outbox.mails("actie_gevraagd") == []
        act(world, actions.resume, initiative, at(3, 3, 15))
        pause = act(
            world,
            actions.pause,
            initiative,
            at(3, 4),
            waiting_on="initiatiefnemer",
            reason="Stuur ons de begroting.",
        )
        mail = outbox.only("actie_gevraagd")
        assert mail.key == f"action-requested:{pause.data['pause_id']}:resident"
        assert "Wat vragen wij van u?" in mail.text_body
        assert "<strong>Stuur ons de begroting.</strong>" in mail.html_body
        # essential: cannot be switched off
        assert "alleen nog e-mail die nodig is" not in mail.text_body


def test_resume_tells_the_new_date_only_when_it_moved(app, outbox, world):
    with in_app(app, world):
        initiative = fresh()
        act(world, actions.pause, initiative, at(3, 3, 9), waiting_on="derde", reason="Offerte.")
        act(world, actions.resume, initiative, at(3, 3, 15))  # same day: nothing moved
        assert outbox.mails("weer_verder") == []
        act(world, actions.pause, initiative, at(3, 3, 16), waiting_on="derde", reason="Offerte.")
        event = act(world, actions.resume, initiative, at(3, 5))
        mail = outbox.only("weer_verder")
        assert mail.key == f"resumed:{event.id}:resident"
        assert "vrijdag 6 maart 2026" in mail.text_body  # due 4 March + 2 paused working days


def test_extension_says_it_takes_longer_why_and_the_new_date(app, outbox, world):
    with in_app(app, world):
        initiative = fresh()
        act(
            world,
            actions.extend,
            initiative,
            at(3, 3),
            new_due=date(2026, 3, 13),
            reason="Wij wachten op de wethouder.",
        )
        mail = outbox.only("termijn_verlengd")
        assert mail.subject == f"Uw initiatief {initiative.number} duurt langer"
        for body in (mail.text_body, mail.html_body):
            assert "Wij wachten op de wethouder." in body and "vrijdag 13 maart 2026" in body


@pytest.mark.parametrize(
    ("outcome", "sentence"),
    [
        ("ingetrokken", "U heeft ons laten weten dat u stopt"),
        ("afgewezen", "De gemeente heeft besloten uw initiatief"),
        ("samengevoegd", "samengevoegd met een ander initiatief"),
        ("anders", "Wij zijn gestopt met uw initiatief"),
    ],
)
def test_the_stop_mail_says_what_was_decided_and_why(app, outbox, world, outcome, sentence):
    with in_app(app, world):
        initiative = fresh()
        initiative.initiator.mail_opt_out = True
        act(
            world,
            actions.stop,
            initiative,
            at(3, 3),
            outcome=outcome,
            reason="Dit is de reden.",
            message="Bel gerust als u *vragen* heeft.",
        )
        mail = outbox.only("gestopt")
        for body in (mail.text_body, mail.html_body):
            assert sentence in body and "Dit is de reden." in body and "Anna de Vries" in body
        assert "<em>vragen</em>" in mail.html_body and "als u vragen heeft" in mail.text_body


def test_a_reply_goes_to_the_contact_or_else_the_team_or_nowhere(outbox, app, world):
    with in_app(app, world):
        initiative = fresh()
        actions.resident_reply(initiative, body="Eerste", now=at(3, 3))
        initiative.contact = None
        initiative.team.email = "noord@gemeente.example"
        actions.resident_reply(initiative, body="Tweede", now=at(3, 4))
        initiative.team = None
        actions.resident_reply(initiative, body="Derde", now=at(3, 5))
        replies = outbox.mails("reactie")
        assert [m.to_address for m in replies] == [
            "anna@gemeente.example",
            "noord@gemeente.example",
        ]
        assert "Beste collega's," in replies[1].text_body and "Tweede" in replies[1].html_body


@pytest.mark.parametrize(
    ("now", "send_after"),
    [
        (datetime(2026, 3, 2, 12, tzinfo=UTC), datetime(2026, 3, 2, 12, tzinfo=UTC)),
        (datetime(2026, 3, 2, 20, 30, tzinfo=UTC), datetime(2026, 3, 3, 7, tzinfo=UTC)),
        (datetime(2026, 3, 2, 5, 59, tzinfo=UTC), datetime(2026, 3, 2, 7, tzinfo=UTC)),
        # The night summer time starts: 08.00 is then 06.00 UTC.
        (datetime(2026, 3, 28, 22, tzinfo=UTC), datetime(2026, 3, 29, 6, tzinfo=UTC)),
    ],
)
def test_resident_mail_waits_for_the_morning(now, send_after):
    assert resident_send_after(now) == send_after


def test_evening_action_reaches_the_resident_in_the_morning_and_staff_at_once(app, outbox, world):
    with in_app(app, world):
        initiative = fresh()
        evening = datetime(2026, 3, 3, 21, tzinfo=UTC)
        act(
            world,
            actions.triage,
            initiative,
            evening,
            journey=world.journey,
            team=world.teams["noord"],
            contact=world.staff["bram"],
        )
        assert outbox.only("contactpersoon_voorgesteld").send_after == datetime(
            2026, 3, 4, 7, tzinfo=UTC
        )
        assert outbox.only("nieuwe_contactpersoon").send_after == evening


def test_an_anonymised_resident_gets_no_mail(outbox, app, world):
    with in_app(app, world):
        initiative = fresh()
        initiative.initiator.anonymised_at = MONDAY
        act(
            world,
            actions.pause,
            initiative,
            at(3, 3),
            waiting_on="initiatiefnemer",
            reason="Iets.",
        )
        assert outbox.mails("actie_gevraagd") == []


def test_a_passed_due_date_is_said_plainly_not_promised_again(app, outbox, world):
    with in_app(app, world):
        initiative = fresh()  # Ontvangen, due Wednesday 4 March
        initiative.current_visit.delay_reason = "Uw contactpersoon is ziek."
        act(world, actions.post_update, initiative, at(3, 10), body="Wij zijn er nog mee bezig.")
        mail = outbox.only("nieuw_bericht")
        for body in (mail.text_body, mail.html_body):
            assert "duurt langer dan wij hadden gezegd (woensdag 4 maart 2026)" in body
            assert "Uw contactpersoon is ziek." in body and "Wij verwachten dat" not in body
