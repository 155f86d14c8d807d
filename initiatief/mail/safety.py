"""Keeping resident free text in mails harmless."""

import re

# Anything a mail client might turn into a link: schemes, www., bare domains.
LINK_LIKE = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://\S*|www\.\S+|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/\S*)?)",
    re.IGNORECASE,
)


def without_links(text: str) -> str:
    """Resident text with link-like parts replaced, so our mail never carries their links.

    A title such as "Speeltuin, zie bank-login.example/x" would otherwise become a
    clickable link in a mail sent from the municipality's own domain.
    """
    return LINK_LIKE.sub("[link weggelaten]", text)
