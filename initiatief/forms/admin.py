"""Forms of the beheerder's configuration pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
)
from wtforms.widgets import CheckboxInput, ListWidget

from ..models import Actor, NormUnit, Role
from .fields import DayField, coerce_id

NO_NORM = "geen"

ROLE_LABELS = {
    Role.MEDEWERKER.value: _l("Medewerker (eigen teams)"),
    Role.COORDINATOR.value: _l("Coördinator (alle initiatieven)"),
    Role.BEHEERDER.value: _l("Beheerder (instellingen en accounts)"),
}
ACTOR_LABELS = {
    Actor.MUNICIPALITY.value: _l("Gemeente"),
    Actor.INITIATOR.value: _l("Initiatiefnemer"),
    Actor.TOGETHER.value: _l("Samen"),
}


class WholeNumberField(IntegerField):
    """An IntegerField that says in plain Dutch what it wants."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError as error:
            self.data = None
            raise ValueError(_l("Vul een heel getal in, bijvoorbeeld 10.")) from error


class DutchDayField(DayField):
    """A date from the date picker (2026-12-24) or typed the Dutch way (24-12-2026)."""

    not_a_day = _l("Vul een datum in, bijvoorbeeld 24-12-2026.")

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", ["%Y-%m-%d", "%d-%m-%Y"])
        super().__init__(label, validators, **kwargs)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        # Choices come from the database and may have changed; unknown ids are ignored.
        pass


def _name(label, message, max_length=120):
    return StringField(
        label,
        validators=[
            DataRequired(message=message),
            Length(max=max_length, message=_l("Maximaal %(max)d tekens.", max=max_length)),
        ],
    )


def _optional_text(label, max_length):
    return TextAreaField(
        label,
        validators=[
            Optional(),
            Length(max=max_length, message=_l("Maximaal %(max)d tekens.", max=max_length)),
        ],
    )


class NewJourneyForm(FlaskForm):
    name = _name(_l("Naam van de klantreis"), _l("Vul de naam van de klantreis in."))
    description = _optional_text(_l("Omschrijving"), 2000)


class JourneyForm(NewJourneyForm):
    is_default = BooleanField(_l("Nieuwe initiatieven beginnen in deze klantreis (standaard)"))


class PhaseForm(FlaskForm):
    name = _name(_l("Naam van de fase"), _l("Vul de naam van de fase in."))
    expectation = _optional_text(_l("Wat kunt u verwachten?"), 5000)
    norm_kind = RadioField(
        _l("Termijn"),
        choices=[
            (NormUnit.WORKING_DAYS.value, _l("In werkdagen")),
            (NormUnit.CALENDAR_DAYS.value, _l("In kalenderdagen")),
            (NO_NORM, _l("Geen vaste termijn (per initiatief afspreken)")),
        ],
        validators=[InputRequired(message=_l("Kies hoe de termijn telt."))],
    )
    norm_days = WholeNumberField(
        _l("Aantal dagen"),
        validators=[
            Optional(),
            NumberRange(
                min=1, max=365, message=_l("Vul een aantal dagen in van 1 tot en met 365.")
            ),
        ],
    )
    actor = RadioField(
        _l("Wie is aan zet?"),
        choices=list(ACTOR_LABELS.items()),
        validators=[InputRequired(message=_l("Kies wie aan zet is."))],
    )
    resident_task = StringField(
        _l("Wat moet de initiatiefnemer doen?"),
        validators=[Optional(), Length(max=300, message=_l("Maximaal 300 tekens."))],
    )
    mail_on_enter = BooleanField(
        _l("Stuur de initiatiefnemer een e-mail bij het begin van deze fase")
    )
    checkin_after_days = WholeNumberField(
        _l("Stand van zaken mailen na ... dagen zonder nieuws"),
        validators=[
            Optional(),
            NumberRange(
                min=1, max=365, message=_l("Vul een aantal dagen in van 1 tot en met 365.")
            ),
        ],
    )

    def validate(self, extra_validators=None) -> bool:
        """A number of days is needed unless the phase has no fixed norm."""
        valid = super().validate(extra_validators)
        counted = self.norm_kind.data in (NormUnit.WORKING_DAYS, NormUnit.CALENDAR_DAYS)
        if counted and self.norm_days.data is None and not self.norm_days.errors:
            self.norm_days.errors = [_l("Vul in hoeveel dagen deze fase mag duren.")]
            valid = False
        return valid

    @property
    def norm(self) -> tuple[int | None, str]:
        if self.norm_kind.data == NO_NORM:
            return None, NormUnit.WORKING_DAYS.value
        return self.norm_days.data, self.norm_kind.data


class ClosedDayForm(FlaskForm):
    day = DutchDayField(_l("Datum"), validators=[InputRequired(message=_l("Vul een datum in."))])
    reason = _name(
        _l("Waarom is de gemeente dicht?"), _l("Vul in waarom de gemeente dicht is."), 200
    )


class TeamForm(FlaskForm):
    name = _name(_l("Naam van het team"), _l("Vul de naam van het team in."))
    email = StringField(
        _l("E-mailadres van het team"),
        validators=[
            Optional(),
            Length(max=254, message=_l("Dit e-mailadres is te lang.")),
            Email(
                message=_l("Vul een e-mailadres in zoals team@gemeente.nl."),
                check_deliverability=False,
            ),
        ],
    )
    takes_unrouted = BooleanField(_l("Dit team krijgt de initiatieven waarvan de wijk onbekend is"))
    member_ids = MultiCheckboxField(_l("Medewerkers in dit team"), coerce=coerce_id)


class WijkForm(FlaskForm):
    name = _name(_l("Naam van de wijk"), _l("Vul de naam van de wijk in."))
    team_id = SelectField(_l("Welk team helpt deze wijk?"), coerce=coerce_id, validate_choice=False)


class UserForm(FlaskForm):
    name = _name(_l("Naam"), _l("Vul de naam in."))
    role = RadioField(
        _l("Rol"),
        choices=list(ROLE_LABELS.items()),
        validators=[InputRequired(message=_l("Kies een rol."))],
    )
    team_ids = MultiCheckboxField(_l("Teams"), coerce=coerce_id)


class NewUserForm(UserForm):
    email = StringField(
        _l("E-mailadres"),
        validators=[
            DataRequired(message=_l("Vul het e-mailadres in.")),
            Length(max=254, message=_l("Dit e-mailadres is te lang.")),
            Email(
                message=_l("Vul een e-mailadres in zoals naam@gemeente.nl."),
                check_deliverability=False,
            ),
        ],
    )


class MailTextForm(FlaskForm):
    subject = StringField(
        _l("Onderwerp"),
        validators=[
            DataRequired(message=_l("Vul een onderwerp in.")),
            Length(max=200, message=_l("Het onderwerp mag niet langer zijn dan 200 tekens.")),
        ],
    )
    body = TextAreaField(
        _l("Tekst van de e-mail"),
        validators=[
            DataRequired(message=_l("Vul de tekst van de e-mail in.")),
            Length(max=10000, message=_l("De tekst mag niet langer zijn dan 10.000 tekens.")),
        ],
    )


class EmptyForm(FlaskForm):
    """Only the CSRF token: for buttons that change something."""


def _number_needed(message):
    """A number must come out, also when what was sent cleans up to nothing."""

    def check(form, field):
        if field.data is None:
            raise StopValidation(None if field.errors else message)

    return check


class RetentionForm(FlaskForm):
    """The two retention periods; the service checks the minimum and says why."""

    closed_months = WholeNumberField(
        _l("Contactgegevens bewaren na afronding (maanden)"),
        validators=[_number_needed(_l("Vul een aantal maanden in."))],
    )
    outbox_days = WholeNumberField(
        _l("Verstuurde e-mails bewaren (dagen)"),
        validators=[_number_needed(_l("Vul een aantal dagen in."))],
    )
