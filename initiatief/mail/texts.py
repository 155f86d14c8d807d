"""Editable texts of the resident mails: Markdown with named {placeholders}, filled safely.

A beheerder edits the subject and body of each kind in KINDS (default_texts);
the MailText row wins over the built-in default. The body is only the message
itself: composers.compose_resident puts the fixed frame around it (what happens
next, the contact person's block, the link to the status page, the greeting and
the footer).

Values are filled in with a regular expression, never with str.format, so a
text cannot reach attributes or crash on a stray brace. Before a value goes
into Markdown it is made inert: resident free text loses anything link-like
(safety.without_links), and every value that is not staff Markdown has its
Markdown and HTML characters escaped and its line breaks folded.
"""

import re

from markupsafe import Markup

from ..extensions import db
from ..models import MailText
from ..rendering import markdown_text, render_markdown
from .default_texts import KINDS, MailKind, Source
from .safety import header_text, without_links

# A placeholder as fill() replaces it: {name} with lower-case letters, digits, underscores.
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
# Anything that looks meant as a placeholder, also when mistyped ({Naam}, { naam }).
PLACEHOLDER_LIKE = re.compile(r"\{\s*[\w.-]+\s*\}")
# The characters Python-Markdown lets us escape with a backslash.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def mail_kind(kind: str) -> MailKind:
    """The registry entry; KeyError for a kind without editable texts."""
    return KINDS[kind]


def mail_text(kind: str) -> tuple[str, str]:
    """(subject template, body template): the beheerder's saved text, else the default."""
    spec = mail_kind(kind)
    saved = db.session.get(MailText, kind)
    if saved is not None:
        return saved.subject, saved.body
    return spec.subject, spec.body


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


def _values(spec: MailKind, values: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The kind's values twice: as plain text, and made safe for Markdown."""
    plain: dict[str, str] = {}
    marked: dict[str, str] = {}
    for placeholder in spec.placeholders:
        value = str(values.get(placeholder.name) or "").strip() or str(placeholder.fallback)
        if placeholder.source == Source.RESIDENT:
            value = without_links(value)
        if placeholder.source in (Source.MARKDOWN, Source.URL):
            plain[placeholder.name] = marked[placeholder.name] = value
        else:
            plain[placeholder.name] = " ".join(value.split())
            marked[placeholder.name] = escape_markdown(value)
    return plain, marked


def render_body(
    kind: str, values: dict[str, str], *, template: str | None = None
) -> tuple[str, Markup]:
    """The body as plain text and as sanitised HTML, filled with values made safe.

    Both parts come from the same filled Markdown: the HTML is render_markdown,
    the text is that read back as plain text (rendering.markdown_text), so staff
    Markdown in a value ({bericht}, {verwachting}) reads well in both. template
    overrides the stored text (the edit page previews unsaved text). Values the
    caller leaves out become the placeholder's fallback.
    """
    spec = mail_kind(kind)
    body = template if template is not None else mail_text(kind)[1]
    _, marked = _values(spec, values)
    source = fill(body, marked)
    # An empty value (no message, say) must not leave a hole of blank lines.
    text = re.sub(r"\n{3,}", "\n\n", markdown_text(source).strip() + "\n")
    return text, render_markdown(source)


def render_subject(kind: str, values: dict[str, str], *, template: str | None = None) -> str:
    """The subject line, one line whatever the values hold (safety.header_text)."""
    spec = mail_kind(kind)
    subject = template if template is not None else mail_text(kind)[0]
    plain, _ = _values(spec, values)
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
