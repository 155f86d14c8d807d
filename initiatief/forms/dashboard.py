"""The dashboard's filter form: a GET form, so a filtered view is a link one can share."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from ..choices import THEMES
from ..inputs import parse_id
from ..rendering import format_day
from ..services.bottlenecks.figures import Filters
from ..services.calendar_table import ORIGIN, last_reportable_day

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


def within_calendar(van, tot, today: date) -> bool:
    """Both days (when given) between ORIGIN and 31 December next year; else an error on each.

    No initiative is older than ORIGIN, and the working-day calendar is kept
    up to the end of next year: the dashboard and the audit log share the rule.
    """
    first, last = ORIGIN, last_reportable_day(today)
    outside = _l(
        "Kies een periode tussen %(first)s en %(last)s.",
        first=format_day(first),
        last=format_day(last),
    )
    for field in (van, tot):
        if field.data is not None and not first <= field.data <= last:
            field.errors.append(outside)
    return not (van.errors or tot.errors)


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

    def validate(self, extra_validators=None) -> bool:
        """The fields, then the period: within the calendar, not backwards, at most 5 years.

        Checked on the form, not on one field, so a period with only 'vanaf'
        typed is checked too. Dates outside ORIGIN .. 31 December next year
        are refused: no initiative is older, and the working-day calendar is
        kept up to the end of next year (services/calendar_table.py).
        """
        valid = super().validate(extra_validators)
        if not valid or self.today is None:
            return valid
        if not within_calendar(self.van, self.tot, self.today):
            return False
        period = self.filters(self.today)
        typed = self.tot if self.tot.data is not None else self.van
        if period.start > period.end:
            typed.errors.append(
                _l("De datum 'tot en met' ligt voor de datum 'vanaf'.")
                if typed is self.tot
                else _l("De datum 'vanaf' ligt na vandaag. Kies een eerdere datum.")
            )
        elif period.start < _years_before(period.end, MAX_YEARS):
            typed.errors.append(_l("Kies een periode van hoogstens 5 jaar."))
        return not typed.errors

    def period(self, today: date) -> tuple[date, date]:
        """The period typed, empty dates filled in with the default."""
        default_start, default_end = default_period(today)
        end = self.tot.data or default_end
        start = self.van.data
        if start is None:  # no start: the 12 months up to the end, not before the calendar
            start = default_start if self.tot.data is None else default_period(end)[0]
            start = max(start, ORIGIN)
        return start, end

    def filters(self, today: date) -> Filters:
        """The validated input as the service's Filters; empty dates get the default."""
        start, end = self.period(today)
        return Filters(
            start=start,
            end=end,
            journey_id=parse_id(self.klantreis.data),
            wijk_id=parse_id(self.wijk.data),
            team_id=parse_id(self.team.data),
            contact_id=parse_id(self.contactpersoon.data),
            theme=self.thema.data or None,
        )

    def active(self) -> list[tuple[str, str]]:
        """The filters in use, as (label, chosen name) for the summary in words."""
        chosen = []
        for field in (self.klantreis, self.wijk, self.team, self.contactpersoon, self.thema):
            if field.data:
                chosen.append((str(field.label.text), dict(field.choices).get(field.data, "")))
        return chosen


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
