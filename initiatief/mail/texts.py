"""Editable texts of the resident mails: Markdown with named {placeholders}, filled safely.

A beheerder edits the subject and body of each kind in KINDS; the MailText row
wins over the built-in default. The body is only the message itself: the
composer still adds the contact person's block, the link to the status page,
the greeting at the end and the footer around it.

Values are filled in with a regular expression, never with str.format, so a
text cannot reach attributes or crash on a stray brace. Before a value goes
into Markdown it is made inert: resident free text loses anything link-like
(safety.without_links), and every value that is not staff Markdown has its
Markdown and HTML characters escaped and its line breaks folded.
"""

import re
from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..extensions import db
from ..models import MailText
from ..rendering import render_markdown
from .safety import without_links

# A placeholder as fill() replaces it: {name} with lower-case letters, digits, underscores.
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
# Anything that looks meant as a placeholder, also when mistyped ({Naam}, { naam }).
PLACEHOLDER_LIKE = re.compile(r"\{\s*[\w.-]+\s*\}")
# The characters Python-Markdown lets us escape with a backslash.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


class Source(StrEnum):
    """Where a placeholder's value comes from, which decides how it is made safe."""

    TEXT = "text"  # our own data or short staff text: escaped
    RESIDENT = "resident"  # resident free text: links removed, then escaped
    MARKDOWN = "markdown"  # staff Markdown (messages, 'wat kunt u verwachten'): as written
    URL = "url"  # an absolute link we built ourselves: as is


@dataclass(frozen=True)
class Placeholder:
    name: str
    description: str
    source: Source = Source.TEXT
    # Shown when the composer has no value, so a resident never reads "{datum}" or a gap.
    fallback: str = ""


@dataclass(frozen=True)
class MailKind:
    kind: str
    name: str
    sent_when: str
    subject: str
    body: str
    placeholders: tuple[Placeholder, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.placeholders)

    @property
    def subject_names(self) -> tuple[str, ...]:
        """Multi-line Markdown and links have no place in a subject line."""
        plain = (Source.TEXT, Source.RESIDENT)
        return tuple(p.name for p in self.placeholders if p.source in plain)


NAAM = Placeholder("naam", _l("naam van de initiatiefnemer"), Source.RESIDENT)
TITEL = Placeholder("titel", _l("naam van het initiatief"), Source.RESIDENT)
NUMMER = Placeholder("nummer", _l("nummer van het initiatief, bijvoorbeeld INI-2026-0042"))
CONTACT = Placeholder(
    "contactpersoon", _l("naam van de contactpersoon"), fallback="uw contactpersoon"
)
LINK = Placeholder("link", _l("adres van de pagina van het initiatief"), Source.URL)
FASE = Placeholder("fase", _l("naam van de fase waar het initiatief nu in zit"))
BERICHT = Placeholder(
    "bericht", _l("bericht van de medewerker (Markdown, op een eigen regel)"), Source.MARKDOWN
)
VOLGENDE = Placeholder(
    "volgende_datum", _l("datum van de volgende stap"), fallback="nog niet bekend"
)
NIEUWE = Placeholder("nieuwe_datum", _l("de nieuwe verwachte datum"), fallback="nog niet bekend")
COMMON = (NAAM, TITEL, NUMMER, CONTACT, LINK)


def _kind(kind, name, sent_when, subject, body, *extra: Placeholder) -> MailKind:
    return MailKind(kind, name, sent_when, subject, body.strip() + "\n", COMMON + extra)


KINDS: dict[str, MailKind] = {
    k.kind: k
    for k in (
        _kind(
            "ontvangstbevestiging",
            _l("Ontvangstbevestiging"),
            _l("Direct nadat iemand een initiatief indient."),
            "Wij hebben uw initiatief ontvangen ({nummer})",
            """
Beste {naam},

Bedankt voor uw initiatief "{titel}". Wij hebben het ontvangen op {datum_ontvangen}.

Uw nummer is **{nummer}**. Noem dit nummer als u contact met ons opneemt.

## Wat gebeurt er nu?

Uw contactpersoon belt of mailt u om kennis te maken.
Dat gebeurt uiterlijk op: {volgende_datum}.

**U hoeft nu niets te doen.**
""",
            Placeholder("datum_ontvangen", _l("datum waarop wij het initiatief ontvingen")),
            VOLGENDE,
        ),
        _kind(
            "contactpersoon_voorgesteld",
            _l("Contactpersoon voorgesteld"),
            _l("Als een initiatief een (nieuwe) contactpersoon krijgt."),
            "Uw contactpersoon voor initiatief {nummer}",
            """
Beste {naam},

Vanaf nu is **{contactpersoon}** uw contactpersoon voor uw initiatief "{titel}".
Uw contactpersoon kent uw plan en helpt u verder.

Uw contactpersoon neemt contact met u op. U mag ook zelf bellen of mailen.

Volgende stap verwacht op: {volgende_datum}.
""",
            VOLGENDE,
        ),
        _kind(
            "nieuwe_fase",
            _l("Nieuwe fase"),
            _l("Als een initiatief in een nieuwe fase komt en die fase dat zegt."),
            "Uw initiatief {nummer} is in een nieuwe fase: {fase}",
            """
Beste {naam},

Uw initiatief "{titel}" is in een nieuwe fase: **{fase}**.

{bericht}

## Wat kunt u verwachten?

{verwachting}

Wij verwachten deze fase af te ronden op: {verwachte_datum}.
""",
            FASE,
            Placeholder(
                "verwachte_datum", _l("datum waarop de fase klaar is"), fallback="nog niet bekend"
            ),
            Placeholder(
                "verwachting", _l("'wat kunt u verwachten' van de fase (Markdown)"), Source.MARKDOWN
            ),
            BERICHT,
        ),
        _kind(
            "actie_gevraagd",
            _l("Actie gevraagd"),
            _l("Als wij wachten op de initiatiefnemer. Kan niet uit."),
            "Wij hebben iets van u nodig voor initiatief {nummer}",
            """
Beste {naam},

Wij kunnen pas verder met uw initiatief "{titel}" als wij iets van u hebben.

## Wat hebben wij nodig?

{wat_nodig}

Zolang wij op u wachten, staat de klok stil. Lukt het niet, of heeft u een vraag?
Neem dan contact op met {contactpersoon}.
""",
            Placeholder("wat_nodig", _l("wat de initiatiefnemer moet doen of sturen")),
        ),
        _kind(
            "termijn_verlengd",
            _l("Termijn verlengd"),
            _l("Als een medewerker de termijn van een fase verlengt."),
            "Uw initiatief {nummer} duurt langer",
            """
Beste {naam},

De fase **{fase}** van uw initiatief "{titel}" duurt langer dan wij u hadden gezegd.

**Waarom?** {reden}

**Nieuwe verwachte datum:** {nieuwe_datum}
""",
            FASE,
            Placeholder("reden", _l("waarom het langer duurt")),
            NIEUWE,
        ),
        _kind(
            "weer_verder",
            _l("Weer verder na een pauze"),
            _l("Als de klok weer loopt na een pauze."),
            "Wij gaan verder met uw initiatief {nummer}",
            """
Beste {naam},

Wij gaan weer verder met uw initiatief "{titel}", in de fase **{fase}**.

**Nieuwe verwachte datum:** {nieuwe_datum}
""",
            FASE,
            NIEUWE,
        ),
        _kind(
            "gestopt",
            _l("Gestopt"),
            _l("Als een initiatief stopt, bijvoorbeeld ingetrokken of afgewezen."),
            "Uw initiatief {nummer} is gestopt",
            """
Beste {naam},

Uw initiatief "{titel}" is gestopt.

**Uitkomst:** {uitkomst}

**Waarom?** {reden}

{bericht}

Heeft u een vraag, of bent u het er niet mee eens? Neem dan contact op met {contactpersoon}.
""",
            Placeholder("uitkomst", _l("de uitkomst, bijvoorbeeld: afgewezen")),
            Placeholder("reden", _l("waarom het initiatief stopt")),
            BERICHT,
        ),
        _kind(
            "afgerond",
            _l("Afgerond"),
            _l("Als de laatste fase klaar is."),
            "Uw initiatief {nummer} is afgerond",
            """
Beste {naam},

Uw initiatief "{titel}" is afgerond. Bedankt voor uw inzet voor de buurt!

{bericht}
""",
            BERICHT,
        ),
        _kind(
            "nieuw_bericht",
            _l("Nieuw bericht"),
            _l("Als een medewerker een bericht voor de initiatiefnemer plaatst."),
            "Nieuw bericht over uw initiatief {nummer}",
            """
Beste {naam},

Er is een nieuw bericht over uw initiatief "{titel}" van {afzender}:

{bericht}

U kunt reageren op de pagina van uw initiatief.
""",
            Placeholder("afzender", _l("naam van de medewerker die het bericht schreef")),
            BERICHT,
        ),
    )
}


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

    template overrides the stored text (the edit page previews unsaved text).
    Values the caller leaves out become the placeholder's fallback.
    """
    spec = mail_kind(kind)
    body = template if template is not None else mail_text(kind)[1]
    plain, marked = _values(spec, values)
    text = fill(plain_markdown(body), plain).strip() + "\n"
    return text, render_markdown(fill(body, marked))


def render_subject(kind: str, values: dict[str, str], *, template: str | None = None) -> str:
    """The subject line, one line whatever the values hold (no header injection)."""
    spec = mail_kind(kind)
    subject = template if template is not None else mail_text(kind)[0]
    plain, _ = _values(spec, values)
    allowed = {name: plain[name] for name in spec.subject_names}
    return " ".join(fill(subject, allowed).split())[:300]


def plain_markdown(template: str) -> str:
    """The template's own markup made readable as plain text; values are filled after."""
    text = re.sub(r"^#{1,6}\s*", "", template, flags=re.MULTILINE)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"\[([^\]\n]+)\]\(([^)\s]+)\)", r"\1: \2", text)
    return re.sub(r"<(https?://[^>\s]+)>", r"\1", text)


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
