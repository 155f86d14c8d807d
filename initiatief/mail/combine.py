"""Several non-urgent mails to one resident about one initiative, sent as one."""

import re
from collections import defaultdict

from flask_babel import gettext as _
from markupsafe import escape

from ..models import OutboxMail

BODY = re.compile(r"<body[^>]*>(.*)</body>", re.IGNORECASE | re.DOTALL)


def group_combinable(rows: list[OutboxMail]) -> dict[int, list[OutboxMail]]:
    """For each first non-urgent row of a (initiative, address) pair, the rows that join it."""
    groups: dict[tuple[int, str], list[OutboxMail]] = defaultdict(list)
    for row in rows:
        if not row.urgent and row.initiative_id is not None:
            groups[(row.initiative_id, row.to_address.lower())].append(row)
    return {group[0].id: group[1:] for group in groups.values() if len(group) > 1}


def combined_parts(rows: list[OutboxMail]) -> tuple[str, str, str]:
    """Subject, text and HTML of one mail holding every row's message, newest first."""
    number = rows[0].initiative.number if rows[0].initiative else ""
    subject = _(
        "Nieuws over uw initiatief %(number)s (%(count)d berichten)", number=number, count=len(rows)
    )
    intro = _(
        "Er is meer nieuws over uw initiatief. Hieronder staan alle berichten, het nieuwste eerst."
    )
    newest_first = list(reversed(rows))
    rule = "\n\n" + "-" * 40 + "\n\n"
    text = intro + rule + rule.join(f"{row.subject}\n\n{row.text_body}" for row in newest_first)
    sections = [f"<h2>{escape(row.subject)}</h2>{_inner(row.html_body)}" for row in newest_first]
    html = (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
        f"<title>{escape(subject)}</title></head><body>"
        f"<p>{escape(intro)}</p><hr>" + "<hr>".join(sections) + "</body></html>"
    )
    return subject, text, html


def _inner(html: str) -> str:
    match = BODY.search(html)
    return match.group(1) if match else html
