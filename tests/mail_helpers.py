"""Shared helpers for the tests of resident and staff mails caused by staff actions."""

import re
from datetime import date

from initiatief.extensions import db
from initiatief.services import actions
from tests.factories import MONDAY, act, at, submit

RESIDENT = "fatima@voorbeeld.example"


def fresh(**overrides):
    initiative = submit(MONDAY, **overrides)
    db.session.commit()
    return initiative


def every_resident_mail(world, initiative) -> None:
    """Every staff action that mails the resident, ending in 'afgerond'."""
    w = world
    kwargs = {"journey": w.journey, "team": w.teams["noord"], "contact": w.staff["bram"]}
    act(w, actions.triage, initiative, at(3, 3), **kwargs)
    act(w, actions.advance, initiative, at(3, 3), message="Welkom.")
    act(w, actions.pause, initiative, at(3, 6), waiting_on="initiatiefnemer", reason="Begroting.")
    act(w, actions.resume, initiative, at(3, 9))
    act(w, actions.extend, initiative, at(3, 10), new_due=date(2026, 4, 1), reason="Ziek.")
    act(w, actions.post_update, initiative, at(3, 10), body="Nieuws.")
    while not initiative.is_closed:
        act(w, actions.advance, initiative, at(3, 20))


def parts(message) -> tuple[str, str, str]:
    """Subject (unfolded), text part and HTML part of a message from the SMTP sink."""
    found = {}
    for part in message.walk():
        if part.get_content_type() in ("text/plain", "text/html"):
            body = part.get_payload(decode=True).decode(part.get_content_charset())
            found[part.get_content_type()] = body.replace("\r\n", "\n")
    subject = re.sub(r"\r?\n(?=[ \t])", "", str(message["Subject"]))
    return subject, found["text/plain"], found["text/html"]
