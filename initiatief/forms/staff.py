"""Forms of the staff workspace."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from .fields import DayField, IdField


class StaffLoginForm(FlaskForm):
    email = StringField(
        _l("E-mailadres"),
        validators=[DataRequired(message=_l("Vul uw e-mailadres in.")), Length(max=254)],
    )
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[DataRequired(message=_l("Vul uw wachtwoord in.")), Length(max=200)],
    )


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code uit uw app"),
        validators=[
            DataRequired(message=_l("Vul de code van 6 cijfers in.")),
            Length(max=12, message=_l("Vul de code van 6 cijfers in.")),
        ],
    )


class VersionedForm(FlaskForm):
    """Every action on an initiative carries the version the staff member saw."""

    version = HiddenField()


def _reason(label, message):
    return TextAreaField(
        label,
        validators=[
            DataRequired(message=message),
            Length(max=2000, message=_l("Deze tekst mag niet langer zijn dan 2.000 tekens.")),
        ],
    )


class TriageForm(VersionedForm):
    journey = IdField(validators=[InputRequired(message=_l("Kies een klantreis."))])
    team = IdField(validators=[InputRequired(message=_l("Kies een team."))])
    contact = IdField(validators=[InputRequired(message=_l("Kies een contactpersoon."))])


class AdvanceForm(VersionedForm):
    skip = BooleanField()
    due_on = DayField(validators=[Optional()])
    message = TextAreaField(
        validators=[Optional(), Length(max=5000, message=_l("Het bericht is te lang."))]
    )


class PauseForm(VersionedForm):
    waiting_on = SelectField(
        choices=[("initiatiefnemer", ""), ("derde", "")],
        validators=[InputRequired(message=_l("Kies waar we op wachten."))],
    )
    reason = _reason(_l("Reden"), _l("Schrijf op wat er nodig is. De inwoner leest dit."))


class ResumeForm(VersionedForm):
    pass


class ExtendForm(VersionedForm):
    new_due = DayField(
        validators=[InputRequired(message=_l("Kies de nieuwe datum."))],
    )
    reason = _reason(_l("Reden"), _l("Schrijf op waarom het langer duurt. De inwoner leest dit."))


class UpdateForm(VersionedForm):
    body = TextAreaField(
        validators=[
            DataRequired(message=_l("Schrijf een bericht.")),
            Length(max=10000, message=_l("Het bericht is te lang.")),
        ]
    )
    preview = HiddenField()


class StopForm(VersionedForm):
    outcome = SelectField(choices=[], validators=[InputRequired()])
    reason = _reason(_l("Uitleg"), _l("Schrijf op waarom het initiatief stopt."))
    message = TextAreaField(
        validators=[Optional(), Length(max=5000, message=_l("Het bericht is te lang."))]
    )


class NoteForm(VersionedForm):
    body = TextAreaField(
        validators=[
            DataRequired(message=_l("Schrijf een notitie.")),
            Length(max=10000, message=_l("De notitie is te lang.")),
        ]
    )


class CallbackHandledForm(FlaskForm):
    note = TextAreaField(
        validators=[Optional(), Length(max=2000, message=_l("De notitie is te lang."))]
    )


class FollowUpForm(FlaskForm):
    """'Opgevolgd' after an unhappy evaluation: who called back, with an optional note."""

    note = TextAreaField(
        validators=[Optional(), Length(max=2000, message=_l("De notitie is te lang."))]
    )


class ProfileForm(FlaskForm):
    """The public profile residents see on the contact card."""

    name = StringField(
        _l("Naam"),
        validators=[
            DataRequired(message=_l("Vul uw naam in.")),
            Length(max=120, message=_l("Uw naam mag niet langer zijn dan 120 tekens.")),
        ],
    )
    job_title = StringField(
        _l("Functie"),
        validators=[Optional(), Length(max=120, message=_l("Maximaal 120 tekens."))],
    )
    phone = StringField(
        _l("Telefoonnummer"),
        validators=[Optional(), Length(max=40, message=_l("Maximaal 40 tekens."))],
    )
    reachable = StringField(
        _l("Wanneer bereikbaar"),
        validators=[Optional(), Length(max=200, message=_l("Maximaal 200 tekens."))],
    )
    introduction = TextAreaField(
        _l("Korte introductie"),
        validators=[Optional(), Length(max=1000, message=_l("Maximaal 1.000 tekens."))],
    )
    photo = FileField(_l("Nieuwe foto"))
    remove_photo = BooleanField(_l("Foto weghalen"))
