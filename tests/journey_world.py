"""The bottleneck world (tests/bottleneck_world.py) with enough visits for the klantreis picture.

The dashboard's world has 4 finished Kennismaking visits and 2 Ontvangen ones in
the period: under the minimum-5 rule the picture would show no figure at all.
This adds, in Wijkteam Zuid (Cor), one Kennismaking visit, three Ontvangen
visits and two verdicts, so both phases reach 5. Working days are the days after
entering up to and including leaving (27 April is Koningsdag). Within the norm:
left on or before the promised date, moved on by the paused days (none here).

  A16 Zuid Cor  K16: Mon 20 Apr -> Fri 24 Apr = 21-24 = 4; promised 30 Apr: kept.
  A17 Zuid Cor  O17: Mon 13 Apr -> Thu 16 Apr = 3 (> norm 2); promised 15 Apr: not kept.
  A18 Zuid Cor  O18: Mon 13 Apr -> Wed 15 Apr = 2 (= norm 2); promised 15 Apr: kept.
  A19 Zuid Cor  O19: Mon 20 Apr -> Fri 24 Apr = 4 (> norm 2); promised 22 Apr: not kept.

Verdicts added (both went through Kennismaking): A16 tevreden "Snel geregeld" on
27 April; A4 neutraal "Duidelijke uitleg" on 14 April.
"""

from datetime import date

from initiatief.extensions import db
from initiatief.models import Feedback, Initiative, PhaseVisit, Status
from initiatief.services.visit_outcomes import count_outcomes
from tests.bottleneck_world import BottleneckWorld, amsterdam_at, build


def build_journey_world() -> BottleneckWorld:
    made = build()
    world = made.world
    phases = {p.name: p for p in world.journey.phases}
    ontvangen, kennis = phases["Ontvangen"], phases["Kennismaking"]
    zuid, cor = world.teams["zuid"], world.staff["cor"]
    stays = []

    def initiative(key, submitted):
        item = Initiative(
            number=f"INI-2026-{len(made.initiatives) + 1:04d}",
            title=f"Initiatief {key}",
            summary="Samenvatting",
            description="Beschrijving",
            theme="groen",
            wijk=world.wijken["haven"],
            journey=world.journey,
            team=zuid,
            contact=cor,
            status=Status.ACTIVE,
            submitted_at=submitted,
        )
        db.session.add(item)
        made.initiatives[key] = item
        return item

    def visit(item, phase, entered, left, promised):
        stay = PhaseVisit(
            initiative=item,
            phase=phase,
            entered_at=entered,
            left_at=left,
            promised_on=promised,
            due_on=promised,
        )
        db.session.add(stay)
        stays.append(stay)

    a16 = initiative("A16", amsterdam_at(4, 20, 9))
    visit(a16, kennis, amsterdam_at(4, 20), amsterdam_at(4, 24), date(2026, 4, 30))
    a17 = initiative("A17", amsterdam_at(4, 13, 9))
    visit(a17, ontvangen, amsterdam_at(4, 13), amsterdam_at(4, 16), date(2026, 4, 15))
    a18 = initiative("A18", amsterdam_at(4, 13, 9))
    visit(a18, ontvangen, amsterdam_at(4, 13), amsterdam_at(4, 15), date(2026, 4, 15))
    a19 = initiative("A19", amsterdam_at(4, 20, 9))
    visit(a19, ontvangen, amsterdam_at(4, 20), amsterdam_at(4, 24), date(2026, 4, 22))
    db.session.flush()
    count_outcomes(stays)
    for key, given, score, remark in (
        ("A16", amsterdam_at(4, 27), 3, "Snel geregeld"),
        ("A4", amsterdam_at(4, 14), 2, "Duidelijke uitleg"),
    ):
        db.session.add(
            Feedback(
                initiative=made.initiatives[key],
                journey=world.journey,
                created_at=given,
                verdict=score,
                remark=remark,
                phases=[kennis],
            )
        )
    db.session.flush()
    return made
