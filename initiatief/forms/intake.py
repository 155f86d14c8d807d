"""The intake form: everything a resident tells us about their initiative."""

from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
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
)
from wtforms.widgets import CheckboxInput, ListWidget

from ..models import ContactPreference
from ..services.config_cache import ConfigSnapshot, current_config
from ..services.intake import SUPPORT_KINDS, THEMES, IntakeData
from .fields import lazy_text as _l

UNKNOWN_WIJK = "onbekend"


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _required(message):
    return DataRequired(message=message)


class IntakeForm(FlaskForm):
    """One page in four sections; the check-your-answers step re-posts the same fields."""

    title = StringField(
        _l("Naam van uw initiatief"),
        validators=[
            _required(_l("Vul de naam van uw initiatief in.")),
            Length(max=120, message=_l("De naam mag niet langer zijn dan 120 tekens.")),
        ],
    )
    summary = TextAreaField(
        _l("Uw idee in het kort"),
        validators=[
            _required(_l("Beschrijf uw idee in het kort.")),
            Length(
                max=500, message=_l("De korte beschrijving mag niet langer zijn dan 500 tekens.")
            ),
        ],
    )
    description = TextAreaField(
        _l("Meer over uw idee"),
        validators=[
            _required(_l("Vertel wat meer over uw idee.")),
            Length(max=5000, message=_l("Deze tekst mag niet langer zijn dan 5.000 tekens.")),
        ],
    )
    theme = RadioField(
        _l("Onderwerp"),
        choices=[(value, _l(label)) for value, label in THEMES],
        validators=[InputRequired(message=_l("Kies een onderwerp."))],
    )
    wijk = SelectField(
        _l("Wijk"),
        validators=[InputRequired(message=_l("Kies een wijk, of kies 'Weet ik niet'."))],
    )
    location = StringField(
        _l("Waar wilt u het doen?"),
        validators=[
            Optional(),
            Length(max=200, message=_l("De plek mag niet langer zijn dan 200 tekens.")),
        ],
    )
    support = MultiCheckboxField(
        _l("Wat vraagt u van de gemeente?"),
        choices=[(value, _l(label)) for value, label in SUPPORT_KINDS],
        validators=[InputRequired(message=_l("Kies minstens één soort hulp."))],
    )
    amount = IntegerField(
        _l("Hoeveel geld vraagt u ongeveer?"),
        validators=[
            Optional(),
            NumberRange(
                min=1, max=1_000_000, message=_l("Vul een bedrag in tussen 1 en 1.000.000 euro.")
            ),
        ],
    )
    wished_start = DateField(
        _l("Wanneer wilt u beginnen?"),
        validators=[Optional()],
    )
    name = StringField(
        _l("Uw naam"),
        validators=[
            _required(_l("Vul uw naam in.")),
            Length(max=120, message=_l("Uw naam mag niet langer zijn dan 120 tekens.")),
        ],
    )
    email = StringField(
        _l("Uw e-mailadres"),
        validators=[
            _required(_l("Vul uw e-mailadres in.")),
            Length(max=254, message=_l("Dit e-mailadres is te lang.")),
            Email(
                message=_l("Vul een e-mailadres in zoals naam@voorbeeld.nl."),
                check_deliverability=False,
            ),
        ],
    )
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
    )
    postal_address = TextAreaField(
        _l("Uw adres"),
        validators=[
            Optional(),
            Length(max=300, message=_l("Het adres mag niet langer zijn dan 300 tekens.")),
        ],
    )
    organisation = StringField(
        _l("Organisatie of vereniging"),
        validators=[
            Optional(),
            Length(max=200, message=_l("Deze naam mag niet langer zijn dan 200 tekens.")),
        ],
    )
    co_initiators = TextAreaField(
        _l("Met wie doet u het samen?"),
        validators=[
            Optional(),
            Length(max=500, message=_l("Deze tekst mag niet langer zijn dan 500 tekens.")),
        ],
    )
    consent = BooleanField(
        _l("Ik heb de privacyverklaring gelezen en ga akkoord."),
        validators=[DataRequired(message=_l("Geef aan dat u de privacyverklaring heeft gelezen."))],
    )

    def load_choices(self) -> ConfigSnapshot:
        """The wijken from this worker's config copy; 'Weet ik niet' is always possible.

        Returns the copy, so the send step takes its calendar without a second read.
        """
        config = current_config()
        self.wijk.choices = (
            [("", gettext("Kies uw wijk"))]
            + [(str(wijk_id), name) for wijk_id, name in config.wijken]
            + [(UNKNOWN_WIJK, gettext("Weet ik niet"))]
        )
        return config

    def to_data(self) -> IntakeData:
        """The validated answers as the intake service takes them."""

        def text(field) -> str:
            return (field.data or "").strip()

        return IntakeData(
            title=text(self.title),
            summary=text(self.summary),
            description=text(self.description),
            theme=self.theme.data,
            wijk_id=None if self.wijk.data == UNKNOWN_WIJK else int(self.wijk.data),
            location=text(self.location),
            support=self.support.data,
            amount_euros=self.amount.data,
            wished_start=self.wished_start.data,
            name=text(self.name),
            email=text(self.email),
            phone=text(self.phone),
            contact_preference=self.contact_preference.data,
            postal_address=text(self.postal_address),
            organisation=text(self.organisation),
            co_initiators=text(self.co_initiators),
        )

    def validate(self, extra_validators=None) -> bool:
        """Field rules first, then the rules that depend on other answers."""
        valid = super().validate(extra_validators)
        for field, message in self._cross_field_errors():
            if not field.errors:
                field.errors = [*field.errors, message]
                valid = False
        return valid

    def _cross_field_errors(self):
        if "geld" in (self.support.data or []) and self.amount.data is None:
            yield self.amount, _l("Vul in hoeveel geld u ongeveer vraagt.")
        preference = self.contact_preference.data
        if preference == ContactPreference.PHONE and not (self.phone.data or "").strip():
            yield self.phone, _l("Vul uw telefoonnummer in, want u wilt gebeld worden.")
        if preference == ContactPreference.LETTER and not (self.postal_address.data or "").strip():
            yield self.postal_address, _l("Vul uw adres in, want u wilt post van ons krijgen.")


class AssistedIntakeForm(IntakeForm):
    """A coördinator types in an intake taken by phone or at the desk.

    The resident may have no e-mail address: then contact goes by phone or letter.
    """

    email = StringField(
        _l("E-mailadres van de inwoner"),
        validators=[
            Optional(),
            Length(max=254, message=_l("Dit e-mailadres is te lang.")),
            Email(
                message=_l("Vul een e-mailadres in zoals naam@voorbeeld.nl."),
                check_deliverability=False,
            ),
        ],
    )
    consent = BooleanField(
        _l("De inwoner weet wat er in de privacyverklaring staat en gaat akkoord."),
        validators=[
            DataRequired(message=_l("Vraag of de inwoner akkoord gaat met de privacyverklaring."))
        ],
    )

    # Staff pages are Dutch; the resident's mails follow this choice.
    language = RadioField(
        _l("In welke taal krijgt de inwoner e-mail van ons?"),
        choices=[("nl", _l("Nederlands")), ("en", _l("Engels"))],
        default="nl",  # also when the form comes without it (the choice is checked as such)
    )

    def _cross_field_errors(self):
        yield from super()._cross_field_errors()
        if (
            self.contact_preference.data == ContactPreference.EMAIL
            and not (self.email.data or "").strip()
        ):
            yield self.email, _l("Vul het e-mailadres in, want de inwoner wil contact per e-mail.")
