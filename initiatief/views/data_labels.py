"""Dutch headings for the resident's readable copy of their data (resident/data_view.html).

personal_data.resident_data returns plain JSON-able data; this turns its keys
into B1 Dutch labels and its top level into sections, without knowing every key:
an unknown key is shown with its underscores as spaces.
"""

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

LABELS = {
    "email": _l("E-mailadres"),
    "initiatives": _l("Uw initiatieven"),
    "number": _l("Nummer"),
    "title": _l("Naam van het initiatief"),
    "name": _l("Naam"),
    "phone": _l("Telefoonnummer"),
}

# Keys whose value names an item of a list, for its heading; the first found wins.
TITLE_KEYS = ("number", "nummer", "title", "titel", "subject", "onderwerp")


@dataclass
class Section:
    title: str
    value: Any = None
    items: list["Section"] | None = None


def data_label(key: object) -> str:
    """The Dutch label of a key; unknown keys readable as they are."""
    text = str(key)
    label = LABELS.get(text)
    if label is not None:
        return str(label)
    text = text.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _item_title(value: object, position: int) -> str:
    if isinstance(value, dict):
        found = [str(value[k]) for k in TITLE_KEYS if value.get(k)]
        if found:
            return " · ".join(found[:2])
    return str(position)


def data_sections(data: object) -> list[Section]:
    """One section per top-level key; a list of mappings becomes one item per mapping."""
    if not isinstance(data, dict):
        return [Section(title=str(LABELS.get("data", "")), value=data)]
    sections = []
    for key, value in data.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            items = [Section(_item_title(v, i), value=v) for i, v in enumerate(value, start=1)]
            sections.append(Section(data_label(key), items=items))
        else:
            sections.append(Section(data_label(key), value=value))
    return sections
