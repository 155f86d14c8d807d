"""The English catalog is complete for everything a resident can see.

Which text is "resident text" is decided here, by file, not by guessing from the
wording: RESIDENT_TEMPLATES (template folders and the resident mail templates) and
resident_modules() (Python modules whose messages reach residents: the views
directly in initiatief/views/, forms, resident mail subjects, refusals a resident
can get, the theme and support labels). Staff and beheer pages may stay Dutch:
their templates are listed in STAFF_TEMPLATES, their modules left out. Every
template must match one of the two template lists (test_every_template_is_
classified), and every new module in initiatief/views/ counts as resident, so a
new resident page can't slip past these checks by being forgotten.

The messages of the resident files are extracted again, the way pybabel does
(babel.cfg's extractors, keywords _ gettext ngettext _l lazy_gettext N_), and
compared with translations/en/LC_MESSAGES/messages.po:
- a resident msgid that the catalog lacks fails (the catalog was not updated);
- an empty or fuzzy translation of a resident msgid fails;
- a %(name)s placeholder that differs between msgid and msgstr fails (anywhere in
  the catalog, staff text included: a wrong name would crash the page);
- in the resident templates every piece of text outside {{ _() }} fails: the
  literal text between Jinja tags (and alt/title/aria-label/placeholder values)
  may hold no letters. Brand and code fragments that are the same in every
  language are allowed in ALLOWED_LITERALS;
- in the resident modules a string literal outside a gettext call (docstrings
  aside) that reads as a Dutch sentence (two or more Dutch function words) fails.
"""

import ast
import re
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po

from tests.resident_texts import (
    PLACEHOLDER,
    RESIDENT_MODULES_ELSEWHERE,
    ROOT,
    STAFF_ONLY,
    TEMPLATES,
    is_resident_template,
    is_staff_template,
    relative,
    resident_messages,
    resident_modules,
    resident_templates,
)

CATALOG = ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po"
# Literal text allowed outside _(): the same in every language.
ALLOWED_LITERALS = {"-", "--", "·", "|", "/", ":", "€", "(", ")", ",", "."}


@pytest.fixture(scope="module")
def catalog():
    with CATALOG.open("rb") as handle:
        return read_po(handle, locale="en")


@pytest.fixture(scope="module")
def resident():
    return resident_messages()


def test_the_resident_files_are_found(resident):
    """The scope itself is not empty or misspelt: a check of nothing can't fail."""
    for module in RESIDENT_MODULES_ELSEWHERE:
        assert (ROOT / module).is_file(), module
    assert "initiatief/views/resident.py" in resident_modules()
    assert len(resident_templates()) >= 30
    assert "Uw initiatief is verstuurd" in resident  # templates/public/submitted.html
    assert "Groen en natuur" in resident  # choices.py, marked with N_
    assert "Vul de naam van uw initiatief in." in resident  # forms/intake.py


def test_every_template_is_classified():
    """A new template must be declared resident (translated) or staff (may stay Dutch)."""
    unclassified = [
        relative(path)
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file()
        and not is_resident_template(relative(path))
        and not is_staff_template(relative(path))
    ]
    assert unclassified == []


def test_the_catalog_has_every_resident_message(catalog, resident):
    missing = sorted(
        f"{sorted(where)[0]}: {key!r}"
        for key, where in resident.items()
        if _entry(catalog, key) is None
    )
    assert missing == [], "run `flask translate update` and translate:\n" + "\n".join(missing)


def test_every_resident_message_is_translated(catalog, resident):
    untranslated = []
    for key, where in resident.items():
        entry = _entry(catalog, key)
        if entry is None or key in STAFF_ONLY:
            continue  # reported by test_the_catalog_has_every_resident_message
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry.fuzzy or not all(s.strip() for s in strings):
            untranslated.append(f"{sorted(where)[0]}: {key!r}")
    assert sorted(untranslated) == []


def test_staff_subjects_stay_dutch(catalog, resident):
    for key in STAFF_ONLY:
        assert key in resident  # still made in a resident module: else drop it here
        assert _entry(catalog, key).string == ""


def test_no_entry_is_fuzzy(catalog):
    assert [message.id for message in catalog if message.id and message.fuzzy] == []


def test_placeholders_are_kept(catalog):
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(" ".join(ids)))
        for string in strings:
            if string and set(PLACEHOLDER.findall(string)) != wanted:
                wrong.append((message.id, string))
    assert wrong == []


def test_the_catalog_has_no_obsolete_resident_text(catalog):
    """No msgid left behind with `#~` after a text changed: it hides a lost translation."""
    assert list(catalog.obsolete) == []


def _entry(catalog, key):
    entry = catalog.get(key[0] if isinstance(key, tuple) else key)
    if entry is None or (isinstance(key, tuple) and not isinstance(entry.id, tuple)):
        return None
    return entry


# --- text outside _() in resident templates ---------------------------------------

ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
EXPRESSION = re.compile(r"\{\{.*?\}\}", re.DOTALL)
ATTRIBUTE_SYNTAX = re.compile(r'^([\w:-]+="[^"]*"\s*)+$')
STATEMENT = re.compile(r"\{#.*?#\}|\{%.*?%\}", re.DOTALL)


class _Text(HTMLParser):
    """Collects text nodes and the attribute values a person reads (or hears)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.pieces += [value or "" for name, value in attrs if name in ATTRIBUTES]

    def handle_data(self, data: str) -> None:
        self.pieces += data.splitlines()


def literal_text(source: str, name: str) -> list[str]:
    """The pieces of text in a template that are not produced by a Jinja expression.

    Every {{ ... }} becomes "0" and every {% ... %} a space first (neutral marks
    that keep a tag like <h{{ level }} a tag), so what is left is the template's
    own text; HTML templates are then read as HTML (text nodes and alt/title/
    aria-label/placeholder values), text templates line by line.
    """
    stripped = EXPRESSION.sub("0", STATEMENT.sub(" ", source))
    if name.endswith(".html"):
        reader = _Text()
        reader.feed(stripped)
        reader.close()
        pieces = reader.pieces
    else:
        pieces = stripped.splitlines()
    pieces = [piece.strip() for piece in pieces]
    return [
        piece
        for piece in pieces
        if re.search(r"[^\W\d_]", piece)
        and piece not in ALLOWED_LITERALS
        and not ATTRIBUTE_SYNTAX.match(piece)  # a macro that writes an attribute
    ]


def test_literal_text_finds_text_outside_gettext():
    """The check itself: text outside _() is found, translated text and markup are not."""
    source = (
        '<p class="x">{{ _("Hallo") }} daar</p>\n'
        '<img alt="Foto" src="{{ src }}">{{ _("Goed") }}\n'
        '<a href="{{ url }}" class="utrecht-link">{{ _("Ga") }}</a>\n'
    )
    assert literal_text(source, "x.html") == ["0 daar", "Foto"]  # 0: where {{ }} was
    assert literal_text("{{ _('Groet') }},\nGemeente\n", "x.txt") == ["Gemeente"]


@pytest.mark.parametrize("path", resident_templates(), ids=lambda path: relative(path))
def test_resident_templates_have_no_text_outside_gettext(path):
    assert literal_text(path.read_text(encoding="utf-8"), relative(path)) == []


# --- Dutch sentences outside _() in resident modules ------------------------------

GETTEXT_CALLS = {"_", "_l", "gettext", "lazy_gettext", "ngettext", "lazy_ngettext", "N_"}
DUTCH_WORDS = {"u", "uw", "wij", "het", "een", "niet", "de", "van", "en", "is", "voor", "met"}


def dutch_outside_gettext(source: str) -> list[str]:
    """String literals that read as Dutch and are neither translated nor a docstring."""
    tree = ast.parse(source)
    skip = set()
    for node in ast.walk(tree):
        name = getattr(node, "func", None)
        if isinstance(node, ast.Call) and getattr(name, "id", getattr(name, "attr", None)) in (
            GETTEXT_CALLS
        ):
            skip.update(id(sub) for sub in ast.walk(node))
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skip.add(id(body[0].value))  # a docstring
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            words = node.value.lower().split()  # a key like "van_u" is one word, not text
            if len([word for word in words if word.strip(".,:;?!") in DUTCH_WORDS]) >= 2:
                found.append(f"{node.lineno}: {node.value!r}")
    return found


def test_dutch_outside_gettext_is_found():
    source = (
        '"""Een docstring van de module."""\n'
        'flash(_("Uw bericht is verstuurd."))\n'
        'flash("Wij hebben uw vraag doorgegeven.")\n'
        'log.info("evaluation for initiative %s was already answered")\n'
        'LABELS = {"van_u": _l("Van u")}\n'
    )
    assert dutch_outside_gettext(source) == ["3: 'Wij hebben uw vraag doorgegeven.'"]


@pytest.mark.parametrize("module", resident_modules())
def test_resident_modules_have_no_dutch_outside_gettext(module):
    assert dutch_outside_gettext((ROOT / module).read_text(encoding="utf-8")) == []
