"""Keeping what people wrote harmless in mails: no links from residents, no header tricks."""

import re
import unicodedata
from email.header import Header

# Anything a mail client might turn into a link: schemes, www., bare domains.
LINK_LIKE = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://\S*|www\.\S+|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/\S*)?)",
    re.IGNORECASE,
)
# Control characters and line or paragraph separators (CR, LF, VT, FF, NEL, U+2028,
# U+2029, tab, NUL ...); lone surrogates cannot be encoded at all.
BREAKING_CATEGORIES = {"Cc", "Cs", "Zl", "Zp"}
# Bidi controls (Cf) make a subject display as something else than it says.
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
SUBJECT_LIMIT = 300  # the outbox column's width


def without_links(text: str) -> str:
    """Resident text with link-like parts replaced, so our mail never carries their links.

    A title such as "Speeltuin, zie bank-login.example/x" would otherwise become a
    clickable link in a mail sent from the municipality's own domain.
    """
    return LINK_LIKE.sub("[link weggelaten]", text)


def header_text(value: object, limit: int = SUBJECT_LIMIT) -> str:
    """Text for a subject or display name: one line, no control characters, at most limit.

    The one place every subject and display name passes (outbox.queue_mail and
    the dispatcher's message), so an initiative title, a resident's or a staff
    member's name can never start a new header line, whatever break it uses.
    Each line break or control becomes a space; runs of spaces become one.
    "%0d%0a" stays those six characters: nothing here decodes anything.
    """
    cleaned = "".join(
        " " if unicodedata.category(char) in BREAKING_CATEGORIES or char in BIDI_CONTROLS else char
        for char in str(value or "")
    )
    return " ".join(cleaned.split())[:limit].rstrip()


def encoded_header(value: object, name: str = "Subject", *, always: bool = False) -> str:
    """header_text, RFC 2047-encoded when it is not plain ASCII or holds "=?".

    always encodes plain text too: a display name then needs no quoting rules.
    Text a user wrote like an encoded-word (=?utf-8?q?...?=) is encoded itself,
    so a mail client decodes it back to the literal text instead of to whatever
    the encoded-word says. Plain text is folded at spaces, encoded text in words
    of at most 76 characters, so the SMTP policy sends the lines as they are
    (its own refolding starts a long subject on a line of its own).
    """
    text = header_text(value)
    plain = text.isascii() and "=?" not in text and not always
    return Header(text, "us-ascii" if plain else "utf-8", header_name=name).encode()
