"""Forms of 'Mijn gegevens': phone and contact preference, and a new e-mail address."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from ..models import ContactPreference


class ContactDetailsForm(FlaskForm):
    phone = StringField(
        _l("Uw telefoonnummer"),
        validators=[Optional(), Length(max=40, message=_l("Dit telefoonnummer is te lang."))],
    )
    contact_preference = RadioField(
        _l("Hoe wilt u dat wij contact met u opnemen?"),
        choices=[
            (ContactPreference.EMAIL.value, _l("Per e-mail")),
            (ContactPreference.PHONE.value, _l("Per telefoon")),
            (ContactPreference.LETTER.value, _l("Per brief")),
        ],
        validators=[InputRequired(message=_l("Kies hoe wij contact met u opnemen."))],
        validate_choice=False,  # the service refuses an unknown choice, in Dutch
    )


class NewEmailForm(FlaskForm):
    email = StringField(
        _l("Uw nieuwe e-mailadres"),
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[
            DataRequired(message=_l("Vul uw nieuwe e-mailadres in.")),
            Length(max=254, message=_l("Dit e-mailadres is te lang.")),
            Email(
                message=_l("Dit is geen goed e-mailadres. Schrijf het zoals naam@voorbeeld.nl."),
                check_deliverability=False,
            ),
        ],
    )
