"""The dashboard's three charts, drawn from the same figures as the tables beside them."""

from flask_babel import gettext as _
from markupsafe import Markup

from ...charts import Series, bar_chart, line_chart
from ...services.bottlenecks.figures import Dashboard
from .dashboard_format import month_name


def _short_month(day) -> str:
    """'jan 26': short enough for twelve labels on a phone."""
    return month_name(day)[:3] + " " + f"{day:%y}"


def charts_for(board: Dashboard) -> dict[str, Markup]:
    """Days per phase (bars), flow per month (lines) and work in progress (line)."""
    several = len({p.journey_id for p in board.phases}) > 1
    phase_labels = [
        f"{p.phase_name} ({p.journey_name})" if several else p.phase_name for p in board.phases
    ]
    months = [_short_month(m.month) for m in board.flow]
    empty = _("Geen gegevens in deze periode.")
    return {
        "days": bar_chart(
            _("Werkdagen in een fase, per fase"),
            _(
                "Staafdiagram. Per fase de mediaan en het 90e percentiel van het aantal "
                "werkdagen in de fase, zonder pauzes. De getallen staan ook in de tabel."
            ),
            phase_labels,
            [
                Series(_("Mediaan"), [p.median_days for p in board.phases]),
                Series(_("90e percentiel"), [p.p90_days for p in board.phases]),
            ],
            unit=_("werkdagen"),
            empty=empty,
        ),
        "flow": line_chart(
            _("Ingediend, afgerond en gestopt per maand"),
            _(
                "Lijndiagram. Per maand het aantal ingediende, afgeronde en gestopte "
                "initiatieven. De getallen staan ook in de tabel."
            ),
            months,
            [
                Series(_("Ingediend"), [m.submitted for m in board.flow]),
                Series(_("Afgerond"), [m.finished for m in board.flow]),
                Series(_("Gestopt"), [m.stopped for m in board.flow]),
            ],
            empty=empty,
        ),
        "progress": line_chart(
            _("In behandeling aan het eind van elke maand"),
            _(
                "Lijndiagram. Per maand het aantal initiatieven dat aan het eind van de "
                "maand nog in behandeling was. De getallen staan ook in de tabel."
            ),
            months,
            [Series(_("In behandeling"), [m.in_progress for m in board.flow])],
            empty=empty,
        ),
    }
