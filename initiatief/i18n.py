"""Language choice: Dutch first; an English catalog can be added without code changes."""

from flask import request

SUPPORTED = ("nl", "en")


def select_locale() -> str:
    """Dutch unless the resident chose another supported language (?lang=en)."""
    chosen = request.args.get("lang") if request else None
    return chosen if chosen in SUPPORTED else "nl"
