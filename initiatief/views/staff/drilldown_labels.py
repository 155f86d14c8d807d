"""What a drill-down list shows, in words: the heading above the initiatives behind a figure."""

from datetime import datetime

from flask_babel import gettext as _

from ...extensions import db
from ...inputs import parse_id
from ...models import Journey, Phase, Team, User
from .dashboard_format import month_name


def _phase(value: str | None) -> str:
    number = parse_id(value)
    phase = db.session.get(Phase, number) if number is not None else None
    if phase is None:
        return "?"
    return _("%(phase)s (%(journey)s)", phase=phase.name, journey=phase.journey.name)


def _name(model, value: str | None) -> str:
    number = parse_id(value)
    item = db.session.get(model, number) if number is not None else None
    return item.name if item is not None else "?"


def _month(value: str | None) -> str:
    try:
        return month_name(datetime.strptime(value or "", "%Y-%m").date())
    except ValueError:
        return "?"


def describe(figure: str, value: str | None) -> str:
    """A heading such as 'Nu te laat in de fase Besluit (Standaard)'."""
    texts = {
        "phase_active": lambda: _("Nu bezig in de fase %(name)s", name=_phase(value)),
        "phase_overdue": lambda: _("Nu te laat in de fase %(name)s", name=_phase(value)),
        "phase_finished": lambda: _("Fase %(name)s afgerond in de periode", name=_phase(value)),
        "phase_outside_norm": lambda: _(
            "Fase %(name)s niet binnen de norm afgerond", name=_phase(value)
        ),
        "phase_promise_broken": lambda: _(
            "Fase %(name)s later afgerond dan beloofd", name=_phase(value)
        ),
        "month_submitted": lambda: _("Ingediend in %(month)s", month=_month(value)),
        "month_finished": lambda: _("Afgerond in %(month)s", month=_month(value)),
        "month_stopped": lambda: _("Gestopt in %(month)s", month=_month(value)),
        "month_in_progress": lambda: _(
            "In behandeling aan het eind van %(month)s", month=_month(value)
        ),
        "late": lambda: _("Langer dan twee keer de norm in een fase"),
        "callbacks": lambda: _("Met een terugbelverzoek dat nog niet is afgehandeld"),
        "failed_mails": lambda: _("Met een mislukte mail in de periode"),
        "unhappy": lambda: _("Met een ontevreden oordeel dat nog geen reactie kreeg"),
        "verdict_journey": lambda: _(
            "Met een oordeel over de klantreis %(name)s", name=_name(Journey, value)
        ),
        "verdict_phase": lambda: _("Met een oordeel over de fase %(name)s", name=_phase(value)),
        "team": lambda: _("Van %(name)s, open in de periode", name=_name(Team, value)),
        "contact": lambda: _(
            "Met contactpersoon %(name)s, open in de periode", name=_name(User, value)
        ),
    }
    return texts[figure]() if figure in texts else _("Initiatieven")
