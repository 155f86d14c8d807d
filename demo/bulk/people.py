"""Fictional residents and their ideas for the bulk demo, in bounded memory.

Unlike demo/residents.py this keeps no list of everyone handed out: addresses are
made unique by a running number, and the residents who come back with a second
plan are drawn from a short window of recent ones.
"""

import random
from collections import deque

from initiatief.models import ContactPreference

from .. import ideas
from ..residents import RESIDENT_DOMAIN, SMALL, _ascii

REPEAT_SHARE = 0.06  # residents who bring a second plan
WINDOW = 300  # how many recent residents a repeat is drawn from

_SMALL_IDEAS = tuple(i for i in ideas.IDEAS if i.amount is None or i.amount <= SMALL)
_LARGE_IDEAS = tuple(i for i in ideas.IDEAS if i not in _SMALL_IDEAS)


class People:
    """Hands out residents and ideas from one random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.serial = 0
        self.recent: deque[dict] = deque(maxlen=WINDOW)

    def idea(self, slug: str) -> ideas.Idea:
        """An idea that fits the journey: small amounts for the small journey."""
        rng = self.rng
        if slug == "klein":
            return rng.choice(_SMALL_IDEAS)
        return rng.choice(_LARGE_IDEAS if rng.random() < 0.6 else ideas.IDEAS)

    def description(self, idea: ideas.Idea) -> str:
        parts = [idea.body]
        if self.rng.random() < 0.5:
            asks = "\n".join(f"- {ideas.SUPPORT_ASKS[s]}" for s in idea.support)
            parts.append(f"**Wat we van de gemeente vragen:**\n\n{asks}")
        return "\n\n".join(parts)

    def resident(self, wijk_name: str | None) -> dict:
        """A fictional resident; now and then one who came before."""
        rng = self.rng
        if self.recent and rng.random() < REPEAT_SHARE:
            return dict(rng.choice(self.recent))
        self.serial += 1
        first, last = rng.choice(ideas.FIRST_NAMES), rng.choice(ideas.LAST_NAMES)
        email = f"{_ascii(first)}.{_ascii(last)}.{self.serial}@{RESIDENT_DOMAIN}"
        preference = rng.choices(list(ContactPreference), weights=(7, 2, 1))[0]
        has_phone = preference != ContactPreference.EMAIL or rng.random() < 0.85
        address = ""
        if preference == ContactPreference.LETTER:
            postcode = f"{rng.randint(1000, 9999)} {rng.choice(('AB', 'KL', 'VB', 'XT'))}"
            address = f"{rng.choice(ideas.STREETS)} {rng.randint(1, 180)}, {postcode} Voorbeeld"
        organisation = ""
        if wijk_name is not None and rng.random() < 0.12:
            organisation = f"Bewonersvereniging {wijk_name}"
        co = ""
        if rng.random() < 0.3:
            co = ", ".join(
                f"{rng.choice(ideas.FIRST_NAMES)} {rng.choice(ideas.LAST_NAMES)}"
                for _ in range(rng.randint(1, 3))
            )
        resident = {
            "name": f"{first} {last}",
            "email": email,
            # 06 0000 ...: not a number anyone can have, as in the small demo.
            "phone": f"06 0000 {rng.randint(2000, 9999)}" if has_phone else "",
            "contact_preference": str(preference),
            "postal_address": address,
            "organisation": organisation,
            "co_initiators": co,
        }
        self.recent.append(resident)
        return dict(resident)
