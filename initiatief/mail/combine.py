"""Several non-urgent mails to one resident about one initiative, sent as one.

Mails that ask the resident to do something (texts: MailKind.asks_action) are
never combined: they go on their own, so a question is not hidden among news.
A combined mail starts with what the resident must do now, if anything, and
its subject then says so.
"""

import re
from collections import defaultdict
from datetime import datetime

from flask_babel import gettext as _
from markupsafe import escape

from ..dates.planning import load_calendar, today_local
from ..dates.timeline import build_timeline
from ..models import Initiative, OutboxMail
from .composers import resident_locale
from .default_texts import KINDS

BODY = re.compile(r"<body[^>]*>(.*)</body>", re.IGNORECASE | re.DOTALL)
# Kinds that stand on their own; also rows queued as non-urgent before this rule.
STANDALONE_KINDS = frozenset(kind for kind, spec in KINDS.items() if spec.asks_action)


def group_combinable(rows: list[OutboxMail]) -> dict[int, list[OutboxMail]]:
    """For each first combinable row of a (initiative, address) pair, the rows that join it.

    Combinable: not urgent, about an initiative, and of a kind that asks nothing
    of the resident.
    """
    groups: dict[tuple[int, str], list[OutboxMail]] = defaultdict(list)
    for row in rows:
        if not row.urgent and row.initiative_id is not None and row.kind not in STANDALONE_KINDS:
            groups[(row.initiative_id, row.to_address.lower())].append(row)
    return {group[0].id: group[1:] for group in groups.values() if len(group) > 1}


def resident_task(initiative: Initiative | None, now: datetime) -> str | None:
    """What the resident must do now ("" when we wait without a task), or None.

    From the same timeline as the status page, at the moment of sending, so the
    combined mail says what holds now rather than what an older message said.
    """
    if initiative is None:
        return None
    timeline = build_timeline(initiative, load_calendar(), today_local(now))
    if timeline.aan_zet.who != "initiatiefnemer":
        return None
    return timeline.aan_zet.task or ""


def combined_parts(rows: list[OutboxMail], now: datetime) -> tuple[str, str, str]:
    """Subject, text and HTML of one mail holding every row's message, newest first.

    When the resident is aan zet, the mail opens with what they must do and the
    subject starts with "Wij wachten op u".
    """
    initiative = rows[0].initiative
    if initiative is None:
        return _combined_parts(rows, now)
    # In the resident's language, like each of the mails it holds.
    with resident_locale(initiative) as language:
        return _combined_parts(rows, now, language)


def _combined_parts(rows: list[OutboxMail], now: datetime, language: str = "nl"):
    initiative = rows[0].initiative
    number = initiative.number if initiative else ""
    task = resident_task(initiative, now)
    if task is None:
        subject = _(
            "Nieuws over uw initiatief %(number)s (%(count)d berichten)",
            number=number,
            count=len(rows),
        )
    else:
        subject = _(
            "Wij wachten op u: nieuws over uw initiatief %(number)s (%(count)d berichten)",
            number=number,
            count=len(rows),
        )
    intro = _(
        "Er is meer nieuws over uw initiatief. Hieronder staan alle berichten, het nieuwste eerst."
    )
    newest_first = list(reversed(rows))
    rule = "\n\n" + "-" * 40 + "\n\n"
    todo_text, todo_html = "", ""
    if task is not None:
        heading, waiting = _("Wat moet u doen?"), _("Wij wachten op u")
        todo_text = f"{heading}\n{waiting}: {task}\n\n" if task else f"{heading}\n{waiting}.\n\n"
        todo_html = f"<h2>{escape(heading)}</h2><p><strong>{escape(waiting)}</strong>" + (
            f": {escape(task)}</p>" if task else ".</p>"
        )
    text = (
        todo_text
        + intro
        + rule
        + rule.join(f"{row.subject}\n\n{row.text_body}" for row in newest_first)
    )
    sections = [f"<h2>{escape(row.subject)}</h2>{_inner(row.html_body)}" for row in newest_first]
    html = (
        f'<!DOCTYPE html><html lang="{escape(language)}"><head><meta charset="utf-8">'
        f"<title>{escape(subject)}</title></head><body>"
        f"{todo_html}<p>{escape(intro)}</p><hr>" + "<hr>".join(sections) + "</body></html>"
    )
    return subject, text, html


def _inner(html: str) -> str:
    match = BODY.search(html)
    return match.group(1) if match else html
