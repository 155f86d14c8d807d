"""The coördinator's forms for a resident's data: export or anonymise, each with a reason."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length


def _reason(message):
    return TextAreaField(
        _l("Waarom? Bijvoorbeeld: verzoek van de inwoner per brief van 3 maart 2026."),
        validators=[
            DataRequired(message=message),
            Length(max=500, message=_l("Schrijf de reden in hoogstens 500 tekens.")),
        ],
    )


class ExportForm(FlaskForm):
    """Its field is export-reason: both forms share one page, and ids must differ."""

    reason = _reason(_l("Schrijf op waarom u de gegevens exporteert."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "export")
        super().__init__(*args, **kwargs)


class AnonymiseForm(FlaskForm):
    """Its field is anonimiseren-reason, also in the confirm step's hidden field."""

    reason = _reason(_l("Schrijf op waarom u de gegevens verwijdert."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "anonimiseren")
        super().__init__(*args, **kwargs)
