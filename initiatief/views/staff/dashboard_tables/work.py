"""Tables about the work: phases, flow, late initiatives, call-backs, failed mails, promises."""

from ....services.bottlenecks.figures import Dashboard
from .table import Cell, Column, Table, missed, page_gettext


def phase_table(board: Dashboard) -> Table:
    _ = page_gettext()
    days = _("werkdagen")
    table = Table(
        "per-fase",
        _("Per fase: nu en in de gekozen periode"),
        [
            Column(_("Klantreis")),
            Column(_("Fase")),
            Column(_("Nu bezig"), "count"),
            Column(_("Nu te laat"), "count"),
            Column(_("Afgerond in periode"), "count"),
            Column(_("Mediaan (%(unit)s)", unit=days), "days"),
            Column(_("90e percentiel (%(unit)s)", unit=days), "count"),
            Column(_("Gemiddeld gepauzeerd (%(unit)s)", unit=days), "days"),
            Column(_("Binnen de norm"), "share"),
            Column(_("Belofte gehouden"), "share"),
            Column(_("Wachten op gemeente (%(unit)s)", unit=days), "days"),
            Column(_("Wachten op initiatiefnemer (%(unit)s)", unit=days), "days"),
            Column(_("Samen bezig (%(unit)s)", unit=days), "days"),
            Column(_("Wachten op een ander (%(unit)s)", unit=days), "days"),
        ],
        empty=_("Geen fases om te tonen."),
        row_header=1,
    )
    not_within, broken = _("niet binnen de norm"), _("belofte niet gehouden")
    for p in board.phases:
        pid = p.phase_id
        table.rows.append(
            [
                Cell(p.journey_name),
                Cell(p.phase_name),
                Cell(p.active, "phase_active", pid),
                Cell(p.overdue, "phase_overdue", pid),
                Cell(p.finished, "phase_finished", pid),
                Cell(p.median_days),
                Cell(p.p90_days),
                Cell(p.paused_days),
                Cell(
                    p.within_norm,
                    "phase_outside_norm",
                    pid,
                    missed(p.within_norm, not_within),
                ),
                Cell(
                    p.promise_kept,
                    "phase_promise_broken",
                    pid,
                    missed(p.promise_kept, broken),
                ),
                Cell(p.municipality_days),
                Cell(p.initiator_days),
                Cell(p.together_days),
                Cell(p.third_party_days),
            ]
        )
    return table


def flow_table(board: Dashboard) -> Table:
    _ = page_gettext()
    table = Table(
        "instroom-uitstroom",
        _("Instroom en uitstroom per maand"),
        [
            Column(_("Maand"), "month"),
            Column(_("Ingediend"), "count"),
            Column(_("Afgerond"), "count"),
            Column(_("Gestopt"), "count"),
            Column(_("In behandeling"), "count"),
        ],
        empty=_("Geen initiatieven in deze periode."),
    )
    for m in board.flow:
        key = f"{m.month:%Y-%m}"
        table.rows.append(
            [
                Cell(m.month),
                Cell(m.submitted, "month_submitted", key),
                Cell(m.finished, "month_finished", key),
                Cell(m.stopped, "month_stopped", key),
                Cell(m.in_progress, "month_in_progress", key),
            ]
        )
    return table


def late_table(board: Dashboard) -> Table:
    _ = page_gettext()
    table = Table(
        "te-laat",
        _("Langer dan twee keer de norm in een fase, oudste eerst"),
        [
            Column(_("Initiatief")),
            Column(_("Titel")),
            Column(_("Fase")),
            Column(_("In de fase sinds"), "day"),
            Column(_("Tijd in de fase"), "count"),
            Column(_("Norm"), "count"),
            Column(_("Eenheid")),
            Column(_("Contactpersoon")),
        ],
        empty=_("Geen initiatieven langer dan twee keer de norm in een fase."),
    )
    units = {"werkdagen": _("werkdagen"), "kalenderdagen": _("kalenderdagen")}
    for item in board.late:
        table.rows.append(
            [
                Cell(item.number, number=item.number),
                Cell(item.title),
                Cell(item.phase_name),
                Cell(item.entered_on),
                Cell(item.spent),
                Cell(item.norm),
                Cell(units.get(item.unit, item.unit)),
                Cell(item.contact_name or _("Nog niemand")),
            ]
        )
    return table


def callback_table(board: Dashboard) -> Table:
    _ = page_gettext()
    table = Table(
        "terugbellen",
        _("Terugbelverzoeken die nog niet zijn afgehandeld"),
        [
            Column(_("Initiatief")),
            Column(_("Titel")),
            Column(_("Gevraagd op"), "moment"),
            Column(_("Werkdagen open"), "count"),
            Column(_("Contactpersoon")),
        ],
        empty=_("Geen open terugbelverzoeken."),
    )
    for item in board.callbacks:
        table.rows.append(
            [
                Cell(item.number, number=item.number),
                Cell(item.title),
                Cell(item.asked_at),
                Cell(item.working_days_open),
                Cell(item.contact_name or _("Nog niemand")),
            ]
        )
    return table


def failed_mail_table(board: Dashboard) -> Table:
    _ = page_gettext()
    table = Table(
        "mislukte-mails",
        _("Mails die niet verstuurd konden worden"),
        [
            Column(_("Initiatief")),
            Column(_("Soort mail")),
            Column(_("Onderwerp")),
            Column(_("Gemaakt op"), "moment"),
            Column(_("Foutmelding")),
        ],
        empty=_("Geen mislukte mails."),
    )
    for item in board.failed_mails:
        table.rows.append(
            [
                Cell(item.number or "", number=item.number),
                Cell(item.kind),
                Cell(item.subject),
                Cell(item.created_at),
                Cell(item.last_error),
            ]
        )
    return table


def promise_table(board: Dashboard) -> Table:
    _ = page_gettext()
    table = Table(
        "belofte",
        _("Belofte gehouden per fase"),
        [Column(_("Klantreis")), Column(_("Fase")), Column(_("Belofte gehouden"), "share")],
        empty=_("Geen fases afgerond in deze periode."),
        row_header=1,
    )
    broken = _("belofte niet gehouden")
    for p in board.phases:
        table.rows.append(
            [
                Cell(p.journey_name),
                Cell(p.phase_name),
                Cell(
                    p.promise_kept,
                    "phase_promise_broken",
                    p.phase_id,
                    missed(p.promise_kept, broken),
                ),
            ]
        )
    return table
