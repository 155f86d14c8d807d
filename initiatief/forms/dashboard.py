"""The dashboard's filter form: a GET form, so a filtered view is a link one can share."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from ..choices import THEMES
from ..services.bottlenecks.figures import Filters

MAX_YEARS = 5


def default_period(today: date) -> tuple[date, date]:
    """The last 12 calendar months, this one included: whole months for the flow table."""
    month = today.month - 11
    year = today.year
    if month < 1:
        month += 12
        year -= 1
    return date(year, month, 1), today


class DayField(DateField):
    """A date as YYYY-MM-DD (what a date input sends), with a Dutch message when it is not one."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            self.data = None
            raise ValueError(
                _l("Dit is geen datum. Schrijf de datum als jjjj-mm-dd, bijvoorbeeld 2026-03-01.")
            ) from error


def _known(message):
    """Only a value from the list: an id someone typed into the URL gets a Dutch message."""

    def check(form, field):
        if field.data and field.data not in {value for value, _label in field.choices}:
            raise ValidationError(message)

    return check


def _choice(label, message):
    return SelectField(
        label, choices=[], validate_choice=False, validators=[Optional(), _known(message)]
    )


class DashboardForm(FlaskForm):
    """Period and filters. Choices are set by the view from what exists."""

    class Meta:
        csrf = False

    van = DayField(_l("Vanaf"), validators=[Optional()], format="%Y-%m-%d")
    tot = DayField(_l("Tot en met"), validators=[Optional()], format="%Y-%m-%d")
    klantreis = _choice(
        _l("Klantreis"), _l("Deze klantreis bestaat niet. Kies er een uit de lijst.")
    )
    wijk = _choice(_l("Wijk"), _l("Deze wijk bestaat niet. Kies er een uit de lijst."))
    team = _choice(_l("Team"), _l("Dit team bestaat niet. Kies er een uit de lijst."))
    contactpersoon = _choice(
        _l("Contactpersoon"), _l("Deze contactpersoon bestaat niet. Kies iemand uit de lijst.")
    )
    thema = _choice(_l("Onderwerp"), _l("Dit onderwerp bestaat niet. Kies er een uit de lijst."))

    def set_choices(self, journeys, wijken, teams, contacts, all_label: str) -> None:
        """Fill the lists; every list starts with 'Alle' (no filter)."""
        blank = [("", all_label)]
        self.klantreis.choices = blank + [(str(j.id), j.name) for j in journeys]
        self.wijk.choices = blank + [(str(w.id), w.name) for w in wijken]
        self.team.choices = blank + [(str(t.id), t.name) for t in teams]
        self.contactpersoon.choices = blank + [(str(u.id), u.name) for u in contacts]
        self.thema.choices = blank + [(value, str(_l(label))) for value, label in THEMES]

    today: date | None = None  # set by the view; the default period ends today

    def validate_tot(self, field):
        """The period: not backwards and at most five years, so the queries stay bounded."""
        if self.van.errors or field.errors or self.today is None:
            return
        period = self.filters(self.today)
        start, end = period.start, period.end
        if start > end:
            raise ValidationError(_l("De datum 'tot en met' ligt voor de datum 'vanaf'."))
        if start < _years_before(end, MAX_YEARS):
            raise ValidationError(_l("Kies een periode van hoogstens 5 jaar."))

    def filters(self, today: date) -> Filters:
        """The validated input as the service's Filters; empty dates get the default."""
        default_start, default_end = default_period(today)
        end = self.tot.data or default_end
        start = self.van.data
        if start is None:  # no start: the 12 months up to the end
            start = default_start if self.tot.data is None else default_period(end)[0]
        return Filters(
            start=start,
            end=end,
            journey_id=_int(self.klantreis.data),
            wijk_id=_int(self.wijk.data),
            team_id=_int(self.team.data),
            contact_id=_int(self.contactpersoon.data),
            theme=self.thema.data or None,
        )

    def active(self) -> list[tuple[str, str]]:
        """The filters in use, as (label, chosen name) for the summary in words."""
        chosen = []
        for field in (self.klantreis, self.wijk, self.team, self.contactpersoon, self.thema):
            if field.data:
                chosen.append((str(field.label.text), dict(field.choices).get(field.data, "")))
        return chosen


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
