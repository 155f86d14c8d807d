"""The evaluation page's form: the verdict, five optional questions on a 1-5 scale, a remark."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from ..models import ASPECTS
from ..services.evaluation import REMARK_MAX
from ..signed_links import VERDICTS

VERDICT_LABELS = {
    "tevreden": _l("Tevreden"),
    "neutraal": _l("Neutraal"),
    "ontevreden": _l("Ontevreden"),
}
# The words of the 1-5 scale; stored as the number (Feedback.<aspect>_score).
SCALE = (
    ("1", _l("Slecht")),
    ("2", _l("Matig")),
    ("3", _l("Redelijk")),
    ("4", _l("Goed")),
    ("5", _l("Heel goed")),
)
# One question per aspect (models.ASPECTS), in the order of the page.
QUESTIONS = {
    "contact": _l("Hoe vond u het persoonlijke contact met uw contactpersoon?"),
    "clarity": _l("Hoe goed wist u wat u kon verwachten?"),
    "speed": _l("Hoe vond u de snelheid?"),
    "cooperation": _l("Hoe vond u de samenwerking met de gemeente?"),
    "outcome": _l("Hoe vond u het resultaat?"),
}
SCORES = {value: int(value) for value, _label in SCALE}
SCALE_MESSAGE = _l("Kies Slecht, Matig, Redelijk, Goed of Heel goed. Of laat deze vraag leeg.")


def _scale_field(aspect: str) -> RadioField:
    # validate_choice off: WTForms' own message is English; AnyOf says it in Dutch.
    return RadioField(
        QUESTIONS[aspect],
        choices=list(SCALE),
        validate_choice=False,
        validators=[Optional(), AnyOf([value for value, _ in SCALE], message=SCALE_MESSAGE)],
    )


class VerdictForm(FlaskForm):
    verdict = RadioField(
        _l("Hoe tevreden bent u over de hulp van de gemeente?"),
        choices=[(v, VERDICT_LABELS[v]) for v in VERDICTS],
        validate_choice=False,
        validators=[
            InputRequired(message=_l("Kies een antwoord.")),
            AnyOf(VERDICTS, message=_l("Kies Tevreden, Neutraal of Ontevreden.")),
        ],
    )
    contact_score = _scale_field("contact")
    clarity_score = _scale_field("clarity")
    speed_score = _scale_field("speed")
    cooperation_score = _scale_field("cooperation")
    outcome_score = _scale_field("outcome")
    remark = TextAreaField(
        _l("Wilt u nog iets vertellen?"),
        validators=[Optional(), Length(max=REMARK_MAX, message=_l("Maximaal 2.000 tekens."))],
    )

    def scale_fields(self) -> list[RadioField]:
        """The optional questions, in the order of ASPECTS."""
        return [self[f"{aspect}_score"] for aspect in ASPECTS]

    def scores(self) -> dict[str, int | None]:
        """The answers as numbers 1-5 per aspect; None for a question left open.

        Optional() lets blank-looking input through (" ", a TAB): that is left open too.
        """
        return {
            aspect: SCORES.get(field.data)
            for aspect, field in zip(ASPECTS, self.scale_fields(), strict=True)
        }
