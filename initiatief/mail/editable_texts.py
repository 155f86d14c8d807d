"""Editable texts of the resident mails: Markdown with named {placeholders}, filled safely.

A beheerder edits the subject and body of each kind in KINDS (default_texts),
per language: the MailText row of (kind, language) wins over the built-in text
of that language (Dutch: default_texts; English: default_texts_en). A language
without built-in texts of its own gets the English ones, never Dutch text. The
body is only the message itself: composers.compose_resident puts the fixed
frame around it (what happens next, the contact person's block, the link to the
status page, the greeting and the footer).

Values are filled in with a regular expression, never with str.format, so a
text cannot reach attributes or crash on a stray brace. Before a value goes
into Markdown it is made inert: resident free text loses anything link-like
(safety.without_links), and every value that is not staff Markdown has its
Markdown and HTML characters escaped and its line breaks folded.
"""

import re
from datetime import date

from markupsafe import Markup

from ..extensions import db
from ..models import MailText
from ..rendering import format_weekday, html_text, render_markdown
from . import default_texts_en
from .default_texts import KINDS, MailKind, Placeholder, Source
from .safety import header_text, without_links

SOURCE_LANGUAGE = "nl"  # the language of MailKind's own subject, body and fallbacks

# A placeholder as fill() replaces it: {name} with lower-case letters, digits, underscores.
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
# Anything that looks meant as a placeholder, also when mistyped ({Naam}, { naam }).
PLACEHOLDER_LIKE = re.compile(r"\{\s*[\w.-]+\s*\}")
# The characters Python-Markdown lets us escape with a backslash.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def mail_kind(kind: str) -> MailKind:
    """The registry entry; KeyError for a kind without editable texts."""
    return KINDS[kind]


def default_text(kind: str, language: str = SOURCE_LANGUAGE) -> tuple[str, str]:
    """(subject, body) as built in for this language; English for one without its own."""
    spec = mail_kind(kind)
    if language == SOURCE_LANGUAGE:
        return spec.subject, spec.body
    text = default_texts_en.TEXTS[kind]
    return text.subject, text.body.strip() + "\n"


def fallback(spec: MailKind, placeholder: Placeholder, language: str) -> str:
    """What the placeholder says in this language when the mail has no value for it."""
    if language == SOURCE_LANGUAGE:
        return str(placeholder.fallback)
    own = default_texts_en.TEXTS[spec.kind].fallbacks
    return own.get(placeholder.name) or default_texts_en.FALLBACKS.get(placeholder.name, "")


def mail_text(kind: str, language: str = SOURCE_LANGUAGE) -> tuple[str, str]:
    """(subject template, body template): the beheerder's saved text, else the built-in one."""
    saved = db.session.get(MailText, (kind, language))
    if saved is not None:
        return saved.subject, saved.body
    return default_text(kind, language)


def fill(template: str, values: dict[str, str]) -> str:
    """Replace {name} where values has name; everything else stays exactly as written.

    One pass: a value that itself contains "{naam}" is not filled again.
    """

    def replace(match: re.Match) -> str:
        name = match.group(1)
        return str(values[name]) if name in values else match.group(0)

    return PLACEHOLDER.sub(replace, template)


def escape_markdown(value: str) -> str:
    """One inert line of text: no new paragraphs, markup, links or HTML tags."""
    value = " ".join(value.split())
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return MARKDOWN_SPECIAL.sub(r"\\\1", value)


def _value(value: object) -> str:
    """A value as the mail says it: a date as "dinsdag 3 maart 2026" in the mail's
    language (the caller renders inside the resident's locale), a lazy text translated."""
    if isinstance(value, date):
        return format_weekday(value)
    return str(value or "").strip()


def _values(spec: MailKind, values: dict, language: str) -> tuple[dict[str, str], dict[str, str]]:
    """The kind's values twice: as plain text, and made safe for Markdown."""
    plain: dict[str, str] = {}
    marked: dict[str, str] = {}
    for placeholder in spec.placeholders:
        value = _value(values.get(placeholder.name)) or fallback(spec, placeholder, language)
        if placeholder.source == Source.RESIDENT:
            value = without_links(value)
        if placeholder.source in (Source.MARKDOWN, Source.URL):
            plain[placeholder.name] = marked[placeholder.name] = value
        else:
            plain[placeholder.name] = " ".join(value.split())
            marked[placeholder.name] = escape_markdown(value)
    return plain, marked


def render_body(
    kind: str,
    values: dict,
    *,
    template: str | None = None,
    language: str = SOURCE_LANGUAGE,
) -> tuple[str, Markup]:
    """The body as plain text and as sanitised HTML, filled with values made safe.

    Both parts come from the same filled Markdown: the HTML is render_markdown,
    the text is that read back as plain text (rendering.markdown_text), so staff
    Markdown in a value ({bericht}, {verwachting}) reads well in both. template
    overrides the stored text (the edit page previews unsaved text). Values the
    caller leaves out become the placeholder's fallback in this language.
    """
    spec = mail_kind(kind)
    body = template if template is not None else mail_text(kind, language)[1]
    _, marked = _values(spec, values, language)
    source = fill(body, marked)
    # An empty value (no message, say) must not leave a hole of blank lines.
    html = render_markdown(source)
    text = re.sub(r"\n{3,}", "\n\n", html_text(html).strip() + "\n")
    return text, html


def render_subject(
    kind: str, values: dict, *, template: str | None = None, language: str = SOURCE_LANGUAGE
) -> str:
    """The subject line, one line whatever the values hold (safety.header_text)."""
    spec = mail_kind(kind)
    subject = template if template is not None else mail_text(kind, language)[0]
    plain, _ = _values(spec, values, language)
    allowed = {name: plain[name] for name in spec.subject_names}
    return header_text(fill(subject, allowed))


def unknown_placeholders(kind: str, template: str, *, subject: bool = False) -> list[str]:
    """Everything written like a placeholder that this kind does not fill, as written."""
    spec = mail_kind(kind)
    allowed = spec.subject_names if subject else spec.names
    found = []
    for match in PLACEHOLDER_LIKE.finditer(template):
        token = match.group(0)
        name = PLACEHOLDER.fullmatch(token)
        if (name is None or name.group(1) not in allowed) and token not in found:
            found.append(token)
    return found


def allowed_list(kind: str, *, subject: bool = False) -> str:
    """The placeholders a beheerder may use, for error messages: "{naam}, {titel}, ..."."""
    spec = mail_kind(kind)
    names = spec.subject_names if subject else spec.names
    return ", ".join("{" + name + "}" for name in names)
