"""Taking one resident out of a text: their name, e-mail address, phone number and address.

Staff-written text stays when a resident is anonymised (anonymise.py); what
names them in it becomes "[verwijderd]".
"""

import re
import unicodedata
from dataclasses import dataclass

REMOVED = "[verwijderd]"
# Lower-case words that are parts of names but also ordinary words (tussenvoegsels).
NAME_PARTICLES = {"de", "den", "der", "van", "het", "ter", "ten", "te", "in", "op", "la", "le"}
POSTCODE = re.compile(r"\b[1-9][0-9]{3}\s*[A-Za-z]{2}\b")


@dataclass(frozen=True)
class Person:
    """A live initiator's personal data, read once: what a Scrubber looks for."""

    initiative_id: int
    name: str
    email: str
    phone: str
    postal_address: str
    co_initiators: str
    initiator_id: int = 0


class Scrubber:
    """Takes one resident's name, e-mail address, phone number and address out of a text.

    Most texts mention none of it, so a cheap look for the words and digits comes
    first; the regular expression is compiled only for a text that needs it.
    """

    def __init__(
        self,
        literals: list[str],
        name_parts: list[str],
        phone: str,
        *,
        any_case_parts: list[str] | None = None,
        postcodes: list[str] | None = None,
    ) -> None:
        self.literals = literals
        self.name_parts = name_parts
        self.phone_digits = significant_digits(phone)
        self._pattern: re.Pattern | None = None
        # Only for mentions_in_any_form (made on its first call, the anonymiser never needs
        # them): every part of the name, and the postcode alone.
        self._any_case_parts = name_parts if any_case_parts is None else any_case_parts
        self._postcodes = postcodes or []
        self._loose: tuple[list[re.Pattern], set[str]] | None = None

    @classmethod
    def for_person(cls, person: Person) -> "Scrubber":
        # The street and number on their own too ("langs op Lindelaan 12"): the first
        # line of the address, when it has a number in it (never the town alone).
        street = re.split(r"[,\n]", person.postal_address, maxsplit=1)[0]
        street = street if re.search(r"\d", street) and len(street.strip()) >= 5 else ""
        literals = [
            value.strip()
            for value in (
                person.email,
                person.postal_address,
                street,
                person.name,
                person.co_initiators,
            )
            if len(value.strip()) >= 3
        ]
        # Parts of a name on their own ("Beste Fatima,"), capitalised as names are.
        words = [
            part
            for part in re.split(r"[\s,]+", person.name)
            if len(part) >= 3 and part.lower() not in NAME_PARTICLES
        ]
        parts = [part for part in words if part[0].isupper()]
        postcodes = POSTCODE.findall(person.postal_address)
        return cls(literals, parts, person.phone, any_case_parts=words, postcodes=postcodes)

    def mentions(self, text: str) -> bool:
        lowered = text.lower()
        return (
            any(literal.lower() in lowered for literal in self.literals)
            or any(part in text for part in self.name_parts)
            or (bool(self.phone_digits) and self.phone_digits in re.sub(r"\D", "", text))
        )

    def mentions_in_any_form(self, text: str) -> bool:
        """mentions(), and also the forms a copied or retyped text may have that the
        anonymiser leaves alone: a part of the name in any case ("fatima", "AMRANI"),
        the address, e-mail or full name with other, no or invisible spacing
        ("lindelaan  12", "Lindelaan12", "fa\u200btima") and the postcode on its own.

        For refusing a text before it is stored: a false alarm costs a rewording,
        a miss stays in the text after the resident's data is removed.
        """
        if self.mentions(text):
            return True
        if self._loose is None:
            parts = [
                re.compile(rf"(?<!\w){re.escape(loose(p))}(?!\w)") for p in self._any_case_parts
            ]
            together = {squeezed(value) for value in [*self.literals, *self._postcodes]} - {""}
            self._loose = parts, together
        parts, together = self._loose
        flat, text_together = loose(text), squeezed(text)
        return any(value in text_together for value in together) or any(
            part.search(flat) for part in parts
        )

    def pattern(self) -> re.Pattern:
        if self._pattern is None:
            # Longest first, so a full name goes before its parts.
            pieces = [(len(v), rf"(?i:{re.escape(v)})") for v in self.literals]
            pieces += [(len(v), rf"(?<!\w){re.escape(v)}(?!\w)") for v in self.name_parts]
            if self.phone_digits:
                pieces.append((len(self.phone_digits), phone_regex(self.phone_digits)))
            pieces.sort(key=lambda piece: piece[0], reverse=True)
            self._pattern = re.compile("|".join(regex for _, regex in pieces))
        return self._pattern

    def __call__(self, text: str | None) -> str:
        if not text or not self.mentions(text):
            return text or ""
        return self.pattern().sub(REMOVED, text)


def loose(text: str) -> str:
    """The text as it reads: compatibility forms folded (NFKC), invisible format characters
    (zero-width spaces, soft hyphens, direction marks) taken out, case folded."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c) != "Cf").casefold()


def squeezed(text: str) -> str:
    """loose() without any white space: "Lindelaan 12" and "lindelaan12" read the same."""
    return re.sub(r"\s+", "", loose(text))


def significant_digits(phone: str) -> str:
    """The digits that identify a number, without 0, +31 or 0031 in front; '' if too short."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 6:
        return ""
    if digits.startswith("0031"):
        return digits[4:]
    if digits.startswith("31") and phone.strip().startswith("+"):
        return digits[2:]
    return digits[1:] if digits.startswith("0") else digits


def phone_regex(digits: str) -> str:
    """The number however it is written: 06-1234 5678, 0612345678, +31 6 12345678."""
    spaced = r"[\s\-.()/]*".join(re.escape(digit) for digit in digits)
    return rf"(?:(?:\+|00)\s*31[\s\-.()/]*(?:\(0\)[\s\-.]*)?|0[\s\-.()/]*)?{spaced}"
