"""The klantreis picture's table and chart, from the same figures: the CSV is the table.

Under the minimum-5 rule a cell says 'te weinig' instead of a number, on the
page and in the CSV alike. Residents' remarks are not in the table (nor the CSV).
"""

from flask_babel import gettext as _
from markupsafe import Markup

from ...charts import Mark, number, step_chart
from ...forms.admin import ACTOR_LABELS
from ...models import ASPECTS, NormUnit
from ...services.bottlenecks.figures import Share
from ...services.journey_picture import JourneyPicture, PhasePicture
from .dashboard_tables import Cell, Column, Table, aspect_labels, page_gettext


def unit_words(unit: str, days: int) -> str:
    if unit == NormUnit.CALENDAR_DAYS:
        return _("%(days)s kalenderdagen", days=number(days))
    return _("%(days)s werkdagen", days=number(days))


def norm_text(p: PhasePicture) -> str:
    if p.norm_days is None:
        return _("per initiatief")
    return unit_words(p.norm_unit, p.norm_days)


def desired_text(p: PhasePicture) -> str | None:
    return None if p.desired_days is None else unit_words(p.norm_unit, p.desired_days)


def actor_text(actor: str) -> str:
    label = ACTOR_LABELS.get(actor)
    return str(label) if label else actor


def picture_table(picture: JourneyPicture) -> Table:
    _ = page_gettext()
    days = _("werkdagen")
    too_few = _("te weinig")
    labels = aspect_labels()
    table = Table(
        "klantreis",
        _("Klantreis %(name)s: belofte, gewenst en ervaring per fase", name=picture.journey_name),
        [
            Column(_("Stap")),
            Column(_("Fase")),
            Column(_("Aan zet")),
            Column(_("Belofte (norm)")),
            Column(_("Gewenste norm")),
            Column(_("Afgerond in periode"), "count"),
            Column(_("Mediaan (%(unit)s)", unit=days), "days"),
            Column(_("90e percentiel (%(unit)s)", unit=days), "count"),
            Column(_("Binnen de norm"), "share"),
            Column(_("Belofte gehouden"), "share"),
            Column(_("Wachten op gemeente (%(unit)s)", unit=days), "days"),
            Column(_("Wachten op initiatiefnemer, met pauzes (%(unit)s)", unit=days), "days"),
            Column(_("Samen bezig (%(unit)s)", unit=days), "days"),
            Column(_("Wachten op een ander (%(unit)s)", unit=days), "days"),
            Column(_("Oordelen"), "count"),
            Column(_("Tevreden"), "share"),
            Column(_("Neutraal"), "share"),
            Column(_("Ontevreden"), "share"),
            *(Column(_("%(aspect)s (1 tot 5)", aspect=labels[a]), "days") for a in ASPECTS),
        ],
        empty=_("Deze klantreis heeft geen fases."),
        row_header=1,
    )

    def days_cell(p: PhasePicture, value) -> Cell:
        return Cell(value if p.enough else too_few)

    def share_cell(p: PhasePicture, value: Share | None) -> Cell:
        return Cell(too_few if value is None else value)

    for step, p in enumerate(picture.phases, start=1):
        f = p.figures
        verdict = p.verdict
        table.rows.append(
            [
                Cell(step),
                Cell(p.name),
                Cell(actor_text(p.actor)),
                Cell(norm_text(p)),
                Cell(desired_text(p)),
                Cell(f.finished),
                days_cell(p, f.median_days),
                days_cell(p, f.p90_days),
                share_cell(p, p.share(f.within_norm)),
                share_cell(p, p.share(f.promise_kept)),
                days_cell(p, f.municipality_days),
                days_cell(p, f.initiator_days),
                days_cell(p, f.together_days),
                days_cell(p, f.third_party_days),
                Cell(p.answers),
                share_cell(p, p.verdict_share(verdict.happy if verdict else 0)),
                share_cell(p, p.verdict_share(verdict.neutral if verdict else 0)),
                share_cell(p, p.verdict_share(verdict.unhappy if verdict else 0)),
                *(Cell(verdict.aspects.get(a) if p.enough_answers else too_few) for a in ASPECTS),
            ]
        )
    return table


def picture_chart(picture: JourneyPicture) -> Markup:
    """Per phase four bars: the promise, the desired norm, the median and the 90th percentile."""
    too_few = _("te weinig")
    none = _("geen")
    names = [
        (_("Belofte"), _("Belofte: de norm die inwoners zien")),
        (_("Gewenst"), _("Gewenst: de norm die wij willen halen")),
        (_("Mediaan"), _("Mediaan: de helft was sneller klaar")),
        (_("9 van 10"), _("9 van 10 waren binnen zoveel dagen klaar")),
    ]
    marks = []
    for p in picture.phases:
        f = p.figures
        calendar = p.norm_unit == NormUnit.CALENDAR_DAYS
        if p.norm_days is None:
            norm = Mark(None, norm_text(p))
        elif calendar:
            norm = Mark(p.norm_days, norm_text(p))
        else:
            norm = Mark(p.norm_days, number(p.norm_days))
        desired = Mark(p.desired_days, none if p.desired_days is None else number(p.desired_days))
        if calendar and p.desired_days is not None:
            desired = Mark(p.desired_days, unit_words(p.norm_unit, p.desired_days))
        if p.enough:
            median = Mark(f.median_days, number(f.median_days))
            p90 = Mark(f.p90_days, number(f.p90_days))
        else:
            median = p90 = Mark(None, _("%(words)s (%(count)s)", words=too_few, count=f.finished))
        marks.append([norm, desired, median, p90])
    steps = [f"{step}. {p.name}" for step, p in enumerate(picture.phases, start=1)]
    return step_chart(
        _("De klantreis %(name)s: belofte en ervaring per fase", name=picture.journey_name),
        _(
            "Staafdiagram. Per fase, van boven naar beneden in de volgorde van de klantreis: "
            "de belofte (norm), de gewenste norm, de mediaan en de 9 van 10 van het aantal "
            "werkdagen in de fase, zonder pauzes. 'Te weinig' betekent: minder dan %(min)s "
            "afgeronde initiatieven, dus geen cijfer. De getallen staan ook in de tabel.",
            min=picture.min_group,
        ),
        steps,
        names,
        marks,
        empty=_("Deze klantreis heeft geen fases."),
    )
