"""The filter form of the beheerder's audit page: a GET form, so a filtered list is a link."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from ..inputs import parse_id
from .dashboard import DayField, within_calendar


def _known_staff(form, field):
    if field.data and field.data not in {value for value, _label in field.choices}:
        raise ValidationError(_l("Deze medewerker bestaat niet. Kies iemand uit de lijst."))


class AuditFilterForm(FlaskForm):
    """Initiative number, staff member and period; the view sets the staff choices."""

    class Meta:
        csrf = False

    nummer = StringField(
        _l("Nummer van het initiatief"),
        validators=[Optional(), Length(max=20, message=_l("Een nummer is hoogstens 20 tekens."))],
    )
    medewerker = SelectField(
        _l("Medewerker"), choices=[], validate_choice=False, validators=[Optional(), _known_staff]
    )
    van = DayField(_l("Vanaf"), validators=[Optional()], format="%Y-%m-%d")
    tot = DayField(_l("Tot en met"), validators=[Optional()], format="%Y-%m-%d")

    today: date | None = None  # set by the view: the last day one may choose is in next year

    def set_staff(self, staff, all_label: str) -> None:
        self.medewerker.choices = [("", all_label)] + [(str(u.id), u.name) for u in staff]

    def validate(self, extra_validators=None) -> bool:
        """The dashboard's date rules: within the calendar, and 'tot' not before 'vanaf'."""
        valid = super().validate(extra_validators)
        if not valid or self.today is None:
            return valid
        if not within_calendar(self.van, self.tot, self.today):
            return False
        if self.van.data and self.tot.data and self.tot.data < self.van.data:
            self.tot.errors.append(_l("De datum 'tot en met' ligt voor de datum 'vanaf'."))
            return False
        return True

    @property
    def user_id(self) -> int | None:
        return parse_id(self.medewerker.data)
