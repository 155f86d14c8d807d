"""The klantreis picture's forms: its period and filters, and the desired norms per phase."""

import contextlib
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import ValidationError

from ..inputs import parse_id
from ..models.improvement import DESIRED_DAYS_MAX
from ..services.bottlenecks.figures import Filters
from .dashboard import DashboardForm

_DAYS = re.compile("[0-9]{1,3}")


class JourneyPictureForm(DashboardForm):
    """The dashboard's period and filter rules, for one journey and optionally one team.

    Wijk, contact person and theme are left out: the picture is of the journey.
    An empty journey means the default one (the view fills it in).
    """

    wijk = None
    contactpersoon = None
    thema = None

    def set_choices(self, journeys, teams, all_label: str) -> None:  # type: ignore[override]
        self.klantreis.choices = [(str(j.id), j.name) for j in journeys]
        self.team.choices = [("", all_label)] + [(str(t.id), t.name) for t in teams]

    def filters(self, today) -> Filters:
        start, end = self.period(today)
        return Filters(
            start=start,
            end=end,
            journey_id=parse_id(self.klantreis.data),
            team_id=parse_id(self.team.data),
        )

    def active(self) -> list[tuple[str, str]]:
        if not self.team.data:
            return []
        return [(str(self.team.label.text), dict(self.team.choices).get(self.team.data, ""))]


def parse_days(text: str | None) -> int | None:
    """Typed days: ASCII digits 1..999; None for empty. ValueError otherwise."""
    text = (text or "").strip()
    if not text:
        return None
    if not _DAYS.fullmatch(text) or not 1 <= int(text) <= DESIRED_DAYS_MAX:
        raise ValueError(text)
    return int(text)


def _days(phase_name: str):
    def check(form, field):
        try:
            parse_days(field.data)
        except ValueError:
            raise ValidationError(
                _l(
                    "%(phase)s: vul een aantal dagen in van 1 tot en met 999, in cijfers. "
                    "Laat het vak leeg als er geen gewenste norm is.",
                    phase=phase_name,
                )
            ) from None

    return check


class DesiredNormForm(FlaskForm):
    """One field per phase (fase_<id>), and in 'gezien' what the page showed for all of them.

    'gezien' lists the phases that had a desired norm as id=days, comma-separated
    ("12=8,15=20"); one field, so the form stays small.
    """

    klantreis = HiddenField()
    gezien = HiddenField()

    def phase_fields(self, phases):
        """(phase, its field) in journey order."""
        return [(p, self[f"fase_{p.id}"]) for p in phases]

    def wanted(self, phases) -> dict[int, int | None]:
        return {p.id: parse_days(self[f"fase_{p.id}"].data) for p in phases}

    def seen(self, phases) -> dict[int, int | None]:
        """What the form showed; anything unreadable counts as 'not set'."""
        shown = dict.fromkeys((p.id for p in phases), None)
        for part in (self.gezien.data or "").split(","):
            key, _sep, value = part.partition("=")
            phase_id = parse_id(key.strip())
            if phase_id in shown:
                with contextlib.suppress(ValueError):
                    shown[phase_id] = parse_days(value)
        return shown


def seen_text(current: dict[int, int | None]) -> str:
    return ",".join(f"{pid}={days}" for pid, days in sorted(current.items()) if days is not None)


def desired_norm_form(phases, formdata=None, current: dict[int, int | None] | None = None):
    """The form for these phases; current fills the fields when nothing was sent."""

    class Form(DesiredNormForm):
        pass

    for phase in phases:
        setattr(
            Form,
            f"fase_{phase.id}",
            StringField(phase.name, validators=[_days(phase.name)], filters=[_text]),
        )
    form = Form(formdata=formdata)
    if formdata is None and current is not None:
        for phase in phases:
            value = current.get(phase.id)
            form[f"fase_{phase.id}"].data = "" if value is None else str(value)
        form.gezien.data = seen_text(current)
    return form


def _text(value):
    return value.strip() if isinstance(value, str) else value
