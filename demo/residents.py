"""Fictional residents and the ideas they bring, each idea used once until they run out."""

import random
import unicodedata

from initiatief.models import ContactPreference, Wijk

from . import ideas
from .history import Plan

# Reserved for examples (RFC 2606), so no demo mail can ever reach a real person.
RESIDENT_DOMAIN = "voorbeeld.example"
# The most the small journey ("Klein initiatief") is for, in euros.
SMALL = 2500


class Residents:
    """Hands out residents and ideas for the demo initiatives from one random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used_ideas: set[str] = set()
        self.residents: list[dict] = []

    def idea(self, plan: Plan) -> ideas.Idea:
        """An idea that fits the journey; larger plans go to the standard journey first."""
        small = [i for i in ideas.IDEAS if i.amount is None or i.amount <= SMALL]
        if plan.skip is not None:
            choices = [[i for i in ideas.IDEAS if "geld" not in i.support]]  # nothing to decide
        elif plan.journey.slug == "klein":
            choices = [small]
        else:
            choices = [[i for i in ideas.IDEAS if i not in small], list(ideas.IDEAS)]
        for fits in choices:
            fresh = [i for i in fits if i.title not in self.used_ideas]
            if fresh:
                break
        idea = self.rng.choice(fresh or choices[-1])
        self.used_ideas.add(idea.title)
        return idea

    def description(self, idea: ideas.Idea) -> str:
        parts = [idea.body]
        if self.rng.random() < 0.6:
            asks = "\n".join(f"- {ideas.SUPPORT_ASKS[s]}" for s in idea.support)
            parts.append(f"**Wat we van de gemeente vragen:**\n\n{asks}")
        if self.rng.random() < 0.4:
            parts.append(f"We zijn nu met {self.rng.randint(3, 15)} mensen die willen helpen.")
        return "\n\n".join(parts)

    def resident(self, wijk: Wijk | None) -> dict:
        """A fictional resident; the seventh is the first again (two plans, one person)."""
        rng = self.rng
        if len(self.residents) == 6:
            self.residents.append(self.residents[0])
            return dict(self.residents[0])
        taken = {r["email"] for r in self.residents}
        # Unique addresses; past the ~500 name pairs a number keeps them apart.
        for attempt in range(1_000_000):
            first, last = rng.choice(ideas.FIRST_NAMES), rng.choice(ideas.LAST_NAMES)
            suffix = "" if attempt < 50 else str(attempt)
            email = f"{_ascii(first)}.{_ascii(last)}{suffix}@{RESIDENT_DOMAIN}"
            if email not in taken:
                break
        preference = rng.choices(list(ContactPreference), weights=(7, 2, 1))[0]
        has_phone = preference != ContactPreference.EMAIL or rng.random() < 0.85
        address = ""
        if preference == ContactPreference.LETTER:
            postcode = f"{rng.randint(1000, 9999)} {rng.choice(('AB', 'KL', 'VB'))}"
            address = f"{rng.choice(ideas.STREETS)} {rng.randint(1, 120)}, {postcode} Voorbeeld"
        organisation = ""
        if wijk is not None and rng.random() < 0.15:
            organisation = f"Bewonersvereniging {wijk.name}"
        resident = {
            "name": f"{first} {last}",
            "email": email,
            "phone": f"06 0000 {rng.randint(2000, 9999)}" if has_phone else "",
            "contact_preference": preference,
            "postal_address": address,
            "organisation": organisation,
            "co_initiators": self._co_initiators(),
            # One in ten reads English, so staff meet "Engelstalig" (no draw: same seed, same rest).
            "language": "en" if len(self.residents) % 10 == 3 else "nl",
        }
        self.residents.append(resident)
        return dict(resident)

    def _co_initiators(self) -> str:
        if self.rng.random() > 0.3:
            return ""
        names = [
            f"{self.rng.choice(ideas.FIRST_NAMES)} {self.rng.choice(ideas.LAST_NAMES)}"
            for _ in range(self.rng.randint(1, 3))
        ]
        return ", ".join(names)


def _ascii(name: str) -> str:
    """'van den Berg' -> 'vandenberg', for an e-mail address."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum())
