"""Forms on the resident side: asking for a login link, and 'bel mij terug'."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional


class LoginLinkForm(FlaskForm):
    email = StringField(
        _l("Uw e-mailadres"),
        validators=[
            DataRequired(message=_l("Vul uw e-mailadres in.")),
            Length(max=254, message=_l("Dit e-mailadres is te lang.")),
            Email(
                message=_l("Vul een e-mailadres in zoals naam@voorbeeld.nl."),
                check_deliverability=False,
            ),
        ],
    )
    next = HiddenField()


class CallbackForm(FlaskForm):
    phone = StringField(
        _l("Op welk nummer kunnen wij u bellen?"),
        validators=[
            DataRequired(message=_l("Vul uw telefoonnummer in.")),
            Length(max=40, message=_l("Dit telefoonnummer is te lang.")),
        ],
    )
    moment = StringField(
        _l("Wanneer kunnen wij u het beste bellen?"),
        validators=[
            Optional(),
            Length(max=200, message=_l("Deze tekst mag niet langer zijn dan 200 tekens.")),
        ],
    )


class EmptyForm(FlaskForm):
    """Only the CSRF token: for buttons that POST (log in, log out)."""


class ReplyForm(FlaskForm):
    body = TextAreaField(
        _l("Uw bericht"),
        validators=[
            DataRequired(message=_l("Schrijf een bericht.")),
            Length(max=2000, message=_l("Uw bericht mag niet langer zijn dan 2.000 tekens.")),
        ],
    )
