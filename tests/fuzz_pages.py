"""Reading pages the way a browser does, for the fuzz test: forms, their fields, links.

A form becomes a Form: where it posts, and a MultiDict of what a person who
filled it in sensibly would send. Empty text inputs get a plausible value by
type or name, so a naughty value in one field reaches the service instead of
stopping at another field's "required" message.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from werkzeug.datastructures import MultiDict

# Plausible values for empty fields: by input type, by the exact name, by a word in it.
BY_TYPE = {"email": "fuzz@voorbeeld.example", "date": "2026-06-01", "number": "10", "tel": "06 1"}
BY_NAME = {"day": "2026-12-28"}
BY_WORD = {"email": "fuzz@voorbeeld.example", "phone": "06 12345678", "amount": "500", "days": "10"}


@dataclass
class Form:
    method: str
    action: str  # path and query, absolute
    data: MultiDict = field(default_factory=MultiDict)
    names: list[str] = field(default_factory=list)  # fields a person can fill in, in page order
    source: str = ""  # the page it was found on


class _Parser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[tuple[Form, dict]] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._text: tuple[str, list[str]] | None = None  # textarea being read
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        a = {key: value or "" for key, value in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.page, a["href"]))
        if tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
            return
        if tag == "form":
            action = urljoin(self.page, a.get("action") or self.page)
            method = (a.get("method") or "get").lower()
            self._form = Form(method=method, action=action, source=_local(self.page))
            self.forms.append((self._form, {"radios": {}, "boxes": {}, "buttons": []}))
        if self._form is None:
            return
        if "name" not in a:
            if tag == "button" or a.get("type") == "submit":
                self.forms[-1][1]["buttons"].append(None)  # a plain submit button
            return
        form, extra = self.forms[-1]
        name, kind = a["name"], a.get("type", "text").lower()
        if tag == "button" or (tag == "input" and kind in ("submit", "button", "image")):
            extra["buttons"].append((name, a.get("value", "")))
        elif tag == "input" and kind == "radio":
            extra["radios"].setdefault(name, []).append((a.get("value", "on"), "checked" in a))
        elif tag == "input" and kind == "checkbox":
            extra["boxes"].setdefault(name, []).append((a.get("value", "on"), "checked" in a))
        elif tag == "input":
            value = a.get("value", "")
            if not value and kind not in ("hidden", "file", "password"):
                value = BY_TYPE.get(kind) or _by_name(name) or "Tekst"
            if kind == "password":
                value = "een-lang-wachtwoord"
            form.data.add(name, value)
        elif tag == "textarea":
            self._text = (name, [])
        elif tag == "select":
            self._select, self._options = name, []
        if tag in ("input", "textarea", "select", "button") and name not in form.names:
            form.names.append(name)

    def handle_data(self, data):
        if self._text is not None:
            self._text[1].append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._text is not None:
            name, parts = self._text
            self.forms[-1][0].data.add(name, "".join(parts).lstrip("\n") or "Tekst")
            self._text = None
        elif tag == "select" and self._select is not None:
            chosen = [v for v, selected in self._options if selected] or [
                v for v, _ in self._options if v
            ][:1]
            self.forms[-1][0].data.add(self._select, chosen[0] if chosen else "")
            self._select = None
        elif tag == "form" and self._form is not None:
            _finish(*self.forms[-1])
            self._form = None


def _by_name(name: str) -> str | None:
    if name in BY_NAME:
        return BY_NAME[name]
    return next((value for word, value in BY_WORD.items() if word in name), None)


def _finish(form: Form, extra: dict) -> None:
    """Radios: the checked one or the first; checkboxes: the checked ones; a button.

    A group of several checkboxes with none checked gets its first ("kies minstens
    één"); a single unchecked box (skip a phase, remove the photo) stays off. A
    plain (nameless) submit button is the one pressed, so it sends nothing and
    "Voorbeeld" stays unpressed; without one, the first named button is pressed.
    """
    for name, options in extra["radios"].items():
        chosen = [v for v, checked in options if checked] or [options[0][0]]
        form.data.add(name, chosen[0])
    for name, options in extra["boxes"].items():
        checked = [v for v, on in options if on]
        for value in checked or ([options[0][0]] if len(options) > 1 else []):
            form.data.add(name, value)
    if extra["buttons"] and None not in extra["buttons"]:
        form.data.add(*extra["buttons"][0])


def read_page(path: str, html: str) -> tuple[list[Form], list[str]]:
    """The forms on a page and the links in it, both as absolute paths with their query."""
    parser = _Parser("http://localhost" + path)
    parser.feed(html)
    forms = [form for form, _extra in parser.forms]
    for form in forms:
        form.action = _local(form.action)
    return forms, [_local(link) for link in parser.links if _is_local(link)]


def _is_local(url: str) -> bool:
    return urlsplit(url).netloc in ("", "localhost")


def _local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def query_names(url: str) -> list[str]:
    return [name for name, _value in parse_qsl(urlsplit(url).query, keep_blank_values=True)]
