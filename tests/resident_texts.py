"""Which files hold text a resident reads, and the messages in them, as pybabel extracts them.

Shared by the catalog checks (test_translations) and the English mail checks.
"""

import re
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"

RESIDENT_TEMPLATES = (
    "layout.html",
    "public/",
    "resident/",
    "evaluation/",
    "preferences/",
    "errors/",
    "macros/",
    "email/layout.html",
    "email/_contact.html",
    "email/_contact.txt",
    "email/login_link.html",
    "email/login_link.txt",
    "email/resident_message.html",
    "email/resident_message.txt",
)
STAFF_TEMPLATES = (
    "admin/",
    "staff/",
    "mailbox/",  # the development mailbox, not a page of the product
    "email/callback_notice.",
    "email/notice_",
    "email/staff_",
)
# Python: every module directly in initiatief/views/ (the resident and public
# blueprints; staff and beheer have their own packages) except NOT_RESIDENT_VIEWS,
# plus these modules elsewhere whose messages reach residents.
NOT_RESIDENT_VIEWS = ("__init__.py", "health.py", "mailbox.py")
RESIDENT_MODULES_ELSEWHERE = (
    "initiatief/choices.py",
    "initiatief/forms/intake.py",
    "initiatief/forms/resident.py",
    "initiatief/forms/evaluation.py",
    "initiatief/forms/fields.py",
    "initiatief/forms/resident_details.py",
    "initiatief/mail/composers.py",
    "initiatief/mail/notices.py",
    "initiatief/mail/combine.py",
    "initiatief/services/actions/messages.py",
    "initiatief/services/actions/guards.py",
    "initiatief/services/resident_details.py",
    "initiatief/services/resident_rights.py",
    "initiatief/mail/privacy_notices.py",
    "initiatief/rendering.py",
)


def resident_modules() -> list[str]:
    views = sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "initiatief" / "views").glob("*.py")
        if path.name not in NOT_RESIDENT_VIEWS
    )
    return views + list(RESIDENT_MODULES_ELSEWHERE)


# Staff mail subjects made in resident modules (a resident's request queues them).
# They stay untranslated on purpose, so they fall back to Dutch: the mail goes to
# staff, even when the resident who caused it reads English.
STAFF_ONLY = {
    "Terugbelverzoek voor %(number)s",
    "U bent nu contactpersoon voor %(number)s",
    "Reactie van de initiatiefnemer op %(number)s",
}
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "N_": None}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def relative(path: Path) -> str:
    return path.relative_to(TEMPLATES).as_posix()


def is_resident_template(name: str) -> bool:
    return any(
        name == entry or (entry.endswith("/") and name.startswith(entry))
        for entry in RESIDENT_TEMPLATES
    )


def is_staff_template(name: str) -> bool:
    return any(name.startswith(entry) for entry in STAFF_TEMPLATES)


def resident_templates() -> list[Path]:
    found = sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.txt"))
    return [path for path in found if is_resident_template(relative(path))]


def resident_messages() -> dict[object, set[str]]:
    """Every msgid (str, or a (singular, plural) tuple) in the resident files, with where."""
    found: dict[object, set[str]] = {}
    sources = [(path, "jinja2") for path in resident_templates()]
    sources += [(ROOT / module, "python") for module in resident_modules()]
    for path, method in sources:
        options = {"extensions": "jinja2.ext.do"} if method == "jinja2" else {}
        for lineno, message, _comments, _context in extract_from_file(
            method, str(path), keywords=KEYWORDS, options=options
        ):
            key = message if isinstance(message, str) else tuple(message[:2])
            if key:
                found.setdefault(key, set()).add(f"{path.relative_to(ROOT)}:{lineno}")
    return found
