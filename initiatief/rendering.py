"""Markdown to sanitised HTML, and Dutch date and time formatting for templates and mails."""

import hashlib
import threading
from datetime import date, datetime
from functools import lru_cache
from html.parser import HTMLParser
from importlib.metadata import version

import markdown as md
import nh3
from babel.dates import format_date
from babel.numbers import format_decimal
from flask import Flask
from flask_babel import gettext
from markupsafe import Markup

from .catalogue import locale_name
from .choices import SUPPORT_KINDS, THEMES
from .models.types import AMSTERDAM, local

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "a",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer"
MARKDOWN_EXTENSIONS = ["sane_lists"]


def _renderer_stamp() -> str:
    """What render_markdown's output depends on, hashed: the libraries and our allow-list.

    HTML stored with another stamp (services/event_html.py) is not used: an upgrade
    of markdown or nh3, or a change to the allow-list, renders it again.
    """
    parts = [
        f"markdown {version('markdown')}",
        f"nh3 {version('nh3')}",
        f"extensions {MARKDOWN_EXTENSIONS}",
        f"tags {sorted(ALLOWED_TAGS)}",
        f"attributes {sorted((tag, sorted(names)) for tag, names in ALLOWED_ATTRIBUTES.items())}",
        f"schemes {sorted(URL_SCHEMES)}",
        f"rel {LINK_REL}",
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


RENDERER_STAMP = _renderer_stamp()

_parsers = threading.local()


def _markdown() -> md.Markdown:
    """This thread's Markdown parser, reset for the next text.

    Building one (its extensions, patterns and processors) cost more than most
    texts take to convert; Python-Markdown documents reuse with reset(), but an
    instance is not safe to share between threads.
    """
    parser = getattr(_parsers, "markdown", None)
    if parser is None:
        parser = _parsers.markdown = md.Markdown(
            extensions=MARKDOWN_EXTENSIONS, output_format="html"
        )
    return parser.reset()


def render_markdown(text: str | None) -> Markup:
    """Markdown from anyone, rendered and then cleaned on an allow-list.

    Raw HTML in the source is escaped by nh3's allow-list; links may only be
    http(s) or mailto and get rel="nofollow noopener noreferrer".
    """
    html = _markdown().convert(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    )
    return Markup(clean)  # noqa: S704 (nh3 allow-list output)


@lru_cache(maxsize=512)
def render_config_markdown(text: str | None) -> Markup:
    """render_markdown for configuration a beheerder wrote (a phase's expectation).

    Kept per process: a few texts shown on every status page, no personal data. An
    edited text is another key, so nothing stale is ever shown.
    """
    return render_markdown(text)


class _PlainText(HTMLParser):
    """Reads render_markdown's HTML (its allow-list only) back as plain text for mail."""

    BLOCKS = {"p", "h2", "h3", "h4", "pre", "blockquote", "ul", "ol", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []  # finished blocks, joined by blank lines
        self.line: list[str] = []  # the text of the block being read
        self.lists: list[list] = []  # per open list: [kind, next number]
        self.quote = 0
        self.links: list[tuple[str, int]] = []  # (href, where its text starts)

    def flush(self) -> None:
        text = "".join(self.line).strip("\n ")
        self.line = []
        if not text:
            return
        if self.quote:
            text = "\n".join(("> " + line).rstrip() for line in text.split("\n"))
        self.blocks.append(text)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "p" and self.lists:  # a loose list: paragraphs inside an item
            if not "".join(self.line).endswith(("- ", ". ")):
                self.line.append("\n" + "  " * len(self.lists))
            return
        if tag in self.BLOCKS and not (tag in ("ul", "ol") and self.lists):
            self.flush()
        if tag in ("ul", "ol"):
            if self.lists:  # a nested list starts on its own line
                self.line.append("\n")
            self.lists.append([tag, 1])
        elif tag == "li":
            kind, number = self.lists[-1] if self.lists else ("ul", 1)
            if self.line and not "".join(self.line).endswith("\n"):
                self.line.append("\n")
            bullet = f"{number}. " if kind == "ol" else "- "
            self.line.append("  " * (len(self.lists) - 1) + bullet)
            if self.lists:
                self.lists[-1][1] += 1
        elif tag == "br":
            self.line.append("\n")
        elif tag == "hr":
            self.blocks.append("-" * 20)
        elif tag == "blockquote":
            self.quote += 1
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len("".join(self.line))))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.links:
            href, start = self.links.pop()
            label = "".join(self.line)[start:].strip()
            shown = href.removeprefix("mailto:")
            if shown and shown != label:
                self.line.append(f" ({shown})")
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            if self.lists:
                return
        elif tag == "li" or (tag == "p" and self.lists):
            return
        if tag in self.BLOCKS:
            self.flush()
        if tag == "blockquote":
            self.quote -= 1

    def handle_data(self, data: str) -> None:
        if self.lists and not data.strip():
            return  # the newlines between list items in the HTML
        self.line.append(data)

    def text(self) -> str:
        self.close()
        self.flush()
        return "\n\n".join(self.blocks)


def markdown_text(text: str | None) -> str:
    """Markdown as readable plain text, for the text part of mails.

    Rendered exactly as the HTML part (render_markdown, sanitised) and read back:
    emphasis markers gone, a link as "text (url)" (the url alone when that is its
    text; an e-mail address without "mailto:"), list items with "- " or "1. ",
    headings and paragraphs as plain lines with a blank line between them, quotes
    with "> ". Line breaks the author typed inside a paragraph stay.
    """
    return html_text(render_markdown(text))


def html_text(html: Markup) -> str:
    """render_markdown's HTML read back as plain text (see markdown_text), for a
    caller that needs both parts of one text and so renders it only once."""
    reader = _PlainText()
    reader.feed(str(html))
    return reader.text()


def _locale() -> str:
    try:
        return locale_name() or "nl"
    except (RuntimeError, KeyError):  # outside a request, e.g. in the scheduler
        return "nl"


@lru_cache(maxsize=4096)
def _formatted_date(value: date, pattern: str, locale: str) -> str:
    """babel's format_date, kept per process: a status page shows a dozen dates, often the same."""
    return format_date(value, pattern, locale=locale)


def format_day(value: date | datetime | None) -> str:
    """'3 maart 2026'; a datetime is taken in Amsterdam time first."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local(value).date()
    return _formatted_date(value, "d MMMM y", _locale())


def format_weekday(value: date | datetime | None) -> str:
    """'dinsdag 3 maart 2026', for the dates a resident plans around."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local(value).date()
    return _formatted_date(value, "EEEE d MMMM y", _locale())


def format_time(value: datetime | None) -> str:
    """'16.30 uur' in Amsterdam time; the catalog says it per language ('16.30' in English)."""
    if value is None:
        return ""
    moment = local(value)
    return gettext("%(time)s uur", time=f"{moment.hour:02d}.{moment.minute:02d}")


def format_moment(value: datetime | None) -> str:
    """'3 maart 2026, 16.30 uur'."""
    if value is None:
        return ""
    return f"{format_day(value)}, {format_time(value)}"


def format_euros(value: int | None) -> str:
    """Whole euros as the language writes them: '€ 2.500' in Dutch, '€2,500' in English.

    In English '€ 2.500' would read as two and a half euros.
    """
    if value is None:
        return ""
    locale = _locale()
    amount = format_decimal(value, format="#,##0", locale=locale)
    return f"€ {amount}" if locale == "nl" else f"€{amount}"


def theme_label(value: str) -> str:
    return _label(THEMES, value)


def support_labels(values: list[str]) -> str:
    return ", ".join(_label(SUPPORT_KINDS, value) for value in values or [])


def _label(pairs, value: str) -> str:
    return gettext(dict(pairs).get(value, value))


def register(app: Flask) -> None:
    app.add_template_filter(render_markdown, "markdown")
    app.add_template_filter(render_config_markdown, "config_markdown")
    app.add_template_filter(format_day, "day")
    app.add_template_filter(format_weekday, "weekday")
    app.add_template_filter(format_time, "time")
    app.add_template_filter(format_moment, "moment")
    app.add_template_filter(format_euros, "euros")
    app.add_template_global(_locale, "current_locale")
    app.add_template_global(theme_label, "theme_label")
    app.add_template_global(support_labels, "support_labels")
    app.add_template_global(lambda: datetime.now(AMSTERDAM), "now_local")
