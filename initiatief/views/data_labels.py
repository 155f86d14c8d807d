"""Headings and values, in the page's language, for the resident's readable copy of their data.

personal_data.resident_data returns plain JSON data with Dutch keys (snake
case) and stored codes as values (status "active", event kind "update", ISO
dates). This turns keys into headings, codes into words and ISO moments into
Amsterdam dates, for resident/data_view.html; an unknown key is shown with its
underscores as spaces, an unknown value as it is.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from ..choices import SUPPORT_KINDS, THEMES
from ..rendering import format_day, format_moment

LABELS = {
    "initiatieven": _l("Uw initiatieven"),
    "andere_e-mails": _l("Andere e-mails aan u (bijvoorbeeld inloglinks)"),
    "wat_u_stuurde": _l("Wat u ons stuurde"),
    "uw_gegevens": _l("Uw gegevens"),
    "fasen": _l("Stappen"),
    "geschiedenis": _l("Geschiedenis"),
    "e-mails_aan_u": _l("E-mails aan u"),
    "terugbelverzoeken": _l("Terugbelverzoeken"),
    "evaluatie": _l("Uw evaluatie"),
    "verwijderverzoeken": _l("Verzoeken om uw gegevens te verwijderen"),
    "gemaakt_op": _l("Gemaakt op"),
    "bedrag_in_euro": _l("Bedrag in euro"),
    "van_u": _l("Van u"),
    # Every other key of personal_data, so the headings can be translated; in Dutch
    # they read as the key itself would (underscores as spaces, a capital first).
    "afgesloten_op": _l("Afgesloten op"),
    "alleen_nodige_e-mail": _l("Alleen nodige e-mail"),
    "antwoord": _l("Antwoord"),
    "antwoord_uiterlijk": _l("Antwoord uiterlijk"),
    "begonnen_op": _l("Begonnen op"),
    "beschrijving": _l("Beschrijving"),
    "beste_moment": _l("Beste moment"),
    "cijfers": _l("Cijfers"),
    "contact": _l("Contact"),
    "contactpersoon": _l("Contactpersoon"),
    "contactvoorkeur": _l("Contactvoorkeur"),
    "duidelijkheid": _l("Duidelijkheid"),
    "e-mailadres": _l("E-mailadres"),
    "fase": _l("Fase"),
    "gebeld_op": _l("Gebeld op"),
    "gegeven_op": _l("Gegeven op"),
    "gevraagd_op": _l("Gevraagd op"),
    "gevraagde_steun": _l("Gevraagde steun"),
    "gewenste_start": _l("Gewenste start"),
    "ingediend_op": _l("Ingediend op"),
    "initiatief": _l("Initiatief"),
    "klaar_op": _l("Klaar op"),
    "mede-initiatiefnemers": _l("Mede-initiatiefnemers"),
    "naam": _l("Naam"),
    "nummer": _l("Nummer"),
    "onderwerp": _l("Onderwerp van de e-mail"),  # in "E-mails aan u": the subject
    "oordeel": _l("Oordeel"),
    "opmerking": _l("Opmerking"),
    "organisatie": _l("Organisatie"),
    "overgeslagen": _l("Overgeslagen"),
    "plek": _l("Plek"),
    "postadres": _l("Postadres"),
    "resultaat": _l("Resultaat"),
    "samenvatting": _l("Samenvatting"),
    "samenwerking": _l("Samenwerking"),
    "snelheid": _l("Snelheid"),
    "stand": _l("Stand"),
    "status": _l("Status"),
    "tekst": _l("Tekst"),
    "telefoon": _l("Telefoon"),
    "terugbellen_gevraagd": _l("Terugbellen gevraagd"),
    "thema": _l("Thema"),
    "titel": _l("Titel"),
    "toestemming_gegeven_op": _l("Toestemming gegeven op"),
    "uitkomst": _l("Uitkomst"),
    "verstuurd_op": _l("Verstuurd op"),
    "wanneer": _l("Wanneer"),
    "wat": _l("Wat"),
    "wijk": _l("Wijk"),
}

_WORDS = {
    "status": {
        "active": _l("loopt"),
        "paused": _l("gepauzeerd"),
        "finished": _l("afgerond"),
        "stopped": _l("gestopt"),
    },
    "wat": {
        "submitted": _l("Ingediend"),
        "update": _l("Bericht van de gemeente"),
        "phase_changed": _l("Nieuwe stap"),
        "reply": _l("Uw bericht"),
    },
    "stand": {
        "open": _l("wacht op antwoord"),
        "after_closing": _l("bewaard tot het initiatief klaar is"),
        "done": _l("verwijderd"),
    },
    "contactvoorkeur": {"email": _l("e-mail"), "telefoon": _l("telefoon"), "brief": _l("brief")},
    "oordeel": {
        "tevreden": _l("tevreden"),
        "neutraal": _l("neutraal"),
        "ontevreden": _l("ontevreden"),
    },
    # The labels in choices.py are only marked (N_): translate them when shown.
    "thema": {value: _l(label) for value, label in THEMES},
    "gevraagde_steun": {value: _l(label) for value, label in SUPPORT_KINDS},
}

# Keys whose value names an item of a list, for its heading; the first two found.
TITLE_KEYS = ("nummer", "titel", "onderwerp", "fase", "wanneer", "gevraagd_op", "gegeven_op")
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Section:
    title: str
    value: Any = None
    items: list["Section"] | None = None


def data_label(key: object) -> str:
    """The Dutch heading of a key; unknown keys readable as they are."""
    text = str(key)
    label = LABELS.get(text)
    if label is not None:
        return str(label)
    text = text.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def data_value(key: object, value: object) -> object:
    """A stored code as words, an ISO moment or day as a Dutch date; anything else as is."""
    if not isinstance(value, str):
        return value
    words = _WORDS.get(str(key), {})
    if value in words:
        return str(words[value])
    try:
        if ISO_MOMENT.match(value):
            return format_moment(datetime.fromisoformat(value))
        if ISO_DAY.match(value):
            return format_day(date.fromisoformat(value))
    except ValueError:
        return value
    return value


def _item_title(value: object, position: int) -> str:
    if isinstance(value, dict):
        found = [str(data_value(k, value[k])) for k in TITLE_KEYS if value.get(k)]
        if found:
            return " · ".join(found[:2])
    return str(position)


def data_sections(data: object) -> tuple[dict[str, Any], list[Section]]:
    """The top level split in plain facts, and sections for its lists and mappings.

    A list of mappings becomes one item per mapping, each with its own heading.
    """
    if not isinstance(data, dict):
        return {}, [Section(title="", value=data)]
    facts: dict[str, Any] = {}
    sections = []
    for key, value in data.items():
        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
            items = [Section(_item_title(v, i), value=v) for i, v in enumerate(value, start=1)]
            sections.append(Section(data_label(key), items=items))
        elif isinstance(value, dict | list):
            sections.append(Section(data_label(key), value=value))
        else:
            facts[key] = value
    return facts, sections
