"""Forms for verbeteracties: the action (POST), the list's filters and the ideas' period (GET)."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ..inputs import parse_id
from ..models import ActionFigure, ActionStatus
from .dashboard import DayField as PeriodDayField
from .dashboard import default_period, within_calendar
from .fields import DayField

FIGURES = [
    (ActionFigure.MEDIAN_DAYS.value, _l("Doorlooptijd (mediaan in werkdagen)")),
    (ActionFigure.WITHIN_NORM.value, _l("Binnen de norm (aandeel)")),
    (ActionFigure.PROMISE_KEPT.value, _l("Belofte gehouden (aandeel)")),
]
STATUSES = [
    (ActionStatus.IDEA.value, _l("Idee")),
    (ActionStatus.RUNNING.value, _l("Loopt")),
    (ActionStatus.DONE.value, _l("Klaar")),
    (ActionStatus.STOPPED.value, _l("Gestopt")),
]


def _known(message):
    """Only a value from the list: anything else typed or sent gets a Dutch message."""

    def check(form, field):
        if field.data and field.data not in {value for value, _label in field.choices}:
            raise ValidationError(message)

    return check


def _choice(label, message, required=None):
    validators = [InputRequired(message=required)] if required else [Optional()]
    return SelectField(
        label, choices=[], validate_choice=False, validators=[*validators, _known(message)]
    )


def _too_long(limit: str):
    return _l("Deze tekst is te lang: hoogstens %(limit)s tekens.", limit=limit)


class StartField(DayField):
    not_a_day = _l("Dit is geen datum. Schrijf de datum als jjjj-mm-dd, bijvoorbeeld 2026-03-01.")


class ActionForm(FlaskForm):
    """What, why, where and since when. The lists are filled by the view."""

    title = StringField(
        _l("Wat gaat u veranderen?"),
        validators=[
            InputRequired(message=_l("Schrijf in een paar woorden wat u gaat veranderen.")),
            Length(max=200, message=_too_long("200")),
        ],
    )
    reason = TextAreaField(
        _l("Waarom?"), validators=[Optional(), Length(max=2000, message=_too_long("2.000"))]
    )
    phase = _choice(
        _l("Fase"),
        _l("Deze fase bestaat niet. Kies er een uit de lijst."),
        required=_l("Kies de fase die beter moet."),
    )
    figure = _choice(
        _l("Welk cijfer moet beter?"),
        _l("Kies een cijfer uit de lijst."),
        required=_l("Kies een cijfer uit de lijst."),
    )
    team = _choice(_l("Team"), _l("Dit team bestaat niet. Kies er een uit de lijst."))
    owner = _choice(_l("Eigenaar"), _l("Deze persoon staat niet in de lijst. Kies iemand."))
    status = _choice(
        _l("Status"), _l("Kies een status uit de lijst."), required=_l("Kies een status.")
    )
    starts_on = StartField(_l("Startdatum"), validators=[Optional()], format="%Y-%m-%d")
    notes = TextAreaField(
        _l("Aantekeningen"), validators=[Optional(), Length(max=5000, message=_too_long("5.000"))]
    )
    version = HiddenField()
    opmerking = HiddenField()

    def validate(self, extra_validators=None) -> bool:
        """The fields, and a start date unless it is an idea: every error at once.
        (The service checks the same, and the range of the date.)"""
        valid = super().validate(extra_validators)
        needs_start = self.status.data and self.status.data != ActionStatus.IDEA.value
        if needs_start and self.starts_on.data is None and not self.starts_on.errors:
            self.starts_on.errors.append(
                _l("Vul de startdatum in. Alleen een idee heeft nog geen startdatum.")
            )
            return False
        return valid

    def set_choices(self, phases, teams, owners) -> None:
        """phases and owners as (id, label) pairs; teams as rows with id and name."""
        self.phase.choices = [("", _l("Kies een fase"))] + [(str(i), label) for i, label in phases]
        self.figure.choices = FIGURES
        self.team.choices = [("", _l("Hele gemeente"))] + [(str(t.id), t.name) for t in teams]
        self.owner.choices = [("", _l("Nog niemand"))] + [(str(i), label) for i, label in owners]
        self.status.choices = STATUSES

    def ids(self) -> dict[str, int | None]:
        return {
            "phase_id": parse_id(self.phase.data),
            "team_id": parse_id(self.team.data),
            "owner_id": parse_id(self.owner.data),
        }


class ActionFilterForm(FlaskForm):
    """The list's filters on the query string, so a filtered list is a link one can share."""

    class Meta:
        csrf = False

    status = _choice(_l("Status"), _l("Kies een status uit de lijst."))
    klantreis = _choice(
        _l("Klantreis"), _l("Deze klantreis bestaat niet. Kies er een uit de lijst.")
    )
    fase = _choice(_l("Fase"), _l("Deze fase bestaat niet. Kies er een uit de lijst."))
    team = _choice(_l("Team"), _l("Dit team bestaat niet. Kies er een uit de lijst."))
    eigenaar = _choice(_l("Eigenaar"), _l("Deze persoon staat niet in de lijst. Kies iemand."))

    def set_choices(self, journeys, phases, teams, owners, all_label: str) -> None:
        """phases and owners as (id, label) pairs; journeys and teams as rows with id and name."""
        blank = [("", all_label)]
        self.status.choices = blank + STATUSES
        self.klantreis.choices = blank + [(str(j.id), j.name) for j in journeys]
        self.fase.choices = blank + [(str(i), label) for i, label in phases]
        self.team.choices = blank + [(str(t.id), t.name) for t in teams]
        self.eigenaar.choices = blank + [(str(i), label) for i, label in owners]


class IdeasForm(FlaskForm):
    """The period of the residents' remarks; empty dates: the last 12 months."""

    class Meta:
        csrf = False

    van = PeriodDayField(_l("Vanaf"), validators=[Optional()], format="%Y-%m-%d")
    tot = PeriodDayField(_l("Tot en met"), validators=[Optional()], format="%Y-%m-%d")

    today: date | None = None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not valid or self.today is None or not within_calendar(self.van, self.tot, self.today):
            return False
        start, end = self.period(self.today)
        if start > end:
            if self.tot.data is not None:
                self.tot.errors.append(_l("De datum 'tot en met' ligt voor de datum 'vanaf'."))
            else:
                self.van.errors.append(
                    _l("De datum 'vanaf' ligt na vandaag. Kies een eerdere datum.")
                )
            return False
        return True

    def period(self, today: date) -> tuple[date, date]:
        default_start, default_end = default_period(today)
        end = self.tot.data or default_end
        if self.van.data is not None:
            return self.van.data, end
        return (default_start if self.tot.data is None else default_period(end)[0]), end
