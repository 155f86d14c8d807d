"""Klantreizen in beheer: phase order, deleting, the one default journey, norms and texts."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import Journey, NormUnit, Phase, PhaseVisit
from initiatief.services.config import journeys
from initiatief.services.errors import DomainError
from tests.admin_world import build_admin_world
from tests.factories import submit

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


def phase_names(app, journey_id: int) -> list[tuple[int, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(Phase.position, Phase.name)
            .where(Phase.journey_id == journey_id)
            .order_by(Phase.position)
        )
        return [tuple(row) for row in rows]


def phase_form(**overrides) -> dict:
    data = {
        "name": "Kennismaking",
        "expectation": "Uw contactpersoon belt u.",
        "norm_kind": "werkdagen",
        "norm_days": "10",
        "actor": "samen",
        "resident_task": "Maak een afspraak.",
        "mail_on_enter": "y",
        "checkin_after_days": "",
    }
    data.update(overrides)
    return data


def test_moving_phases_swaps_them_and_keeps_positions_unique(app, client, admin_world):
    first, second = admin_world.phases[0], admin_world.phases[1]
    response = client.post(f"/beheer/fasen/{first}/verplaatsen", data={"richting": "omlaag"})
    assert response.status_code == 303
    rows = phase_names(app, admin_world.journey)
    assert [name for _, name in rows][:2] == ["Kennismaking", "Ontvangen"]
    assert [position for position, _ in rows] == [1, 2, 3, 4, 5, 6]

    # Every phase all the way down and back up: the constraint holds at every flush.
    for phase_id in admin_world.phases:
        for _ in range(6):
            client.post(f"/beheer/fasen/{phase_id}/verplaatsen", data={"richting": "omlaag"})
        for _ in range(6):
            client.post(f"/beheer/fasen/{phase_id}/verplaatsen", data={"richting": "omhoog"})
    positions = [position for position, _ in phase_names(app, admin_world.journey)]
    assert positions == [1, 2, 3, 4, 5, 6]
    assert (
        client.post(f"/beheer/fasen/{second}/verplaatsen", data={"richting": "x"}).status_code
        == 400
    )


def test_moving_the_first_phase_up_changes_nothing(app, admin_world):
    with app.app_context():
        phase = db.session.get(Phase, admin_world.phases[0])
        assert journeys.move_phase(phase, -1) is False
        assert phase.position == 1


def test_a_phase_in_use_cannot_be_deleted(app, client, admin_world):
    with app.app_context():
        submit(T0)
        db.session.commit()
    response = client.post(f"/beheer/fasen/{admin_world.phases[0]}/verwijderen")
    assert response.status_code == 422
    assert "U kunt deze fase niet verwijderen" in response.get_data(as_text=True)
    assert len(phase_names(app, admin_world.journey)) == 6
    page = client.get(f"/beheer/fasen/{admin_world.phases[0]}").get_data(as_text=True)
    assert "Deze fase kan niet weg" in page and "/verwijderen" not in page
    assert "/verwijderen" in client.get(f"/beheer/fasen/{admin_world.phases[1]}").get_data(
        as_text=True
    )


def test_deleting_an_unused_phase_closes_the_gap(app, client, admin_world):
    response = client.post(f"/beheer/fasen/{admin_world.phases[2]}/verwijderen")
    assert response.status_code == 303
    rows = phase_names(app, admin_world.journey)
    assert [position for position, _ in rows] == [1, 2, 3, 4, 5]
    assert "Uitwerken" not in [name for _, name in rows]


def test_the_default_journey_keeps_at_least_one_phase(app):
    build_admin_world(app)
    with app.app_context():
        journey = db.session.execute(select(Journey)).scalar_one()
        for phase in list(journey.phases)[1:]:
            journeys.delete_phase(phase)
        with pytest.raises(DomainError):
            journeys.delete_phase(journey.phases[0])


def test_there_is_always_exactly_one_default_journey(app, client, admin_world):
    response = client.post("/beheer/klantreizen/nieuw", data={"name": "Groot initiatief"})
    assert response.status_code == 303
    with app.app_context():
        big = db.session.execute(
            select(Journey).where(Journey.name == "Groot initiatief")
        ).scalar_one()
        assert big.slug == "groot-initiatief" and not big.is_default
        big_id = big.id

    # Without phases it cannot be the default: new intakes would have nowhere to start.
    response = client.post(
        f"/beheer/klantreizen/{big_id}", data={"name": "Groot initiatief", "is_default": "y"}
    )
    assert response.status_code == 422
    assert "zonder fasen" in response.get_data(as_text=True)

    client.post(f"/beheer/klantreizen/{big_id}/fasen/nieuw", data=phase_form(name="Intake"))
    response = client.post(
        f"/beheer/klantreizen/{big_id}", data={"name": "Groot initiatief", "is_default": "y"}
    )
    assert response.status_code == 303
    with app.app_context():
        defaults = db.session.execute(select(Journey.id).where(Journey.is_default)).scalars()
        assert list(defaults) == [big_id]

    # Switching the default off is refused; choosing another one is the way.
    response = client.post(f"/beheer/klantreizen/{big_id}", data={"name": "Groot initiatief"})
    assert response.status_code == 422
    assert "altijd één standaardklantreis" in response.get_data(as_text=True)


def test_journey_names_are_unique(client, admin_world):
    response = client.post("/beheer/klantreizen/nieuw", data={"name": "standaard"})
    assert response.status_code == 422
    assert "Er is al een klantreis met deze naam" in response.get_data(as_text=True)


def test_editing_a_norm_leaves_stored_due_dates_alone(app, client, admin_world):
    with app.app_context():
        initiative = submit(T0)
        db.session.commit()
        visit = initiative.current_visit
        visit_id, due_before = visit.id, visit.due_on
    assert due_before is not None

    response = client.post(
        f"/beheer/fasen/{admin_world.phases[0]}",
        data=phase_form(name="Ontvangen", norm_days="20", actor="gemeente"),
    )
    assert response.status_code == 303

    with app.app_context():
        assert db.session.get(PhaseVisit, visit_id).due_on == due_before
        phase = db.session.get(Phase, admin_world.phases[0])
        assert (phase.norm_days, phase.norm_unit) == (20, NormUnit.WORKING_DAYS)
        # A new intake gets the new norm.
        newer = submit(T0)
        db.session.commit()
        assert newer.current_visit.due_on > due_before


def test_a_phase_can_have_no_norm_or_calendar_days(app, client, admin_world):
    phase = admin_world.phases[4]
    client.post(f"/beheer/fasen/{phase}", data=phase_form(norm_kind="geen", norm_days="7"))
    with app.app_context():
        assert db.session.get(Phase, phase).norm_days is None
    assert 'value="geen" checked' in client.get(f"/beheer/fasen/{phase}").get_data(as_text=True)
    client.post(
        f"/beheer/fasen/{phase}", data=phase_form(norm_kind="kalenderdagen", norm_days="14")
    )
    with app.app_context():
        row = db.session.get(Phase, phase)
        assert (row.norm_days, row.norm_unit) == (14, NormUnit.CALENDAR_DAYS)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Vul de naam van de fase in."),
        ({"norm_days": ""}, "Vul in hoeveel dagen deze fase mag duren."),
        ({"norm_days": "tien"}, "Vul een heel getal in"),
        ({"norm_days": "0"}, "Vul een aantal dagen in van 1 tot en met 365."),
        ({"actor": "iemand"}, "Ongeldige keuze."),
        ({"checkin_after_days": "-3"}, "Vul een aantal dagen in van 1 tot en met 365."),
    ],
)
def test_phase_errors_are_shown_and_nothing_typed_is_lost(
    app, client, admin_world, overrides, message
):
    data = phase_form(expectation="Mijn **eigen** tekst", **overrides)
    response = client.post(f"/beheer/klantreizen/{admin_world.journey}/fasen/nieuw", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert "Er ging iets mis" in html and 'aria-invalid="true"' in html
    assert "Mijn **eigen** tekst" in html
    assert len(phase_names(app, admin_world.journey)) == 6


def test_the_preview_shows_markdown_as_residents_read_it_without_saving(app, client, admin_world):
    data = phase_form(expectation="Wij **bellen** u.\n\n<script>alert(1)</script>", voorbeeld="1")
    response = client.post(f"/beheer/fasen/{admin_world.phases[1]}", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<strong>bellen</strong>" in html
    assert "<script>alert(1)</script>" not in html
    with app.app_context():
        assert (
            db.session.get(Phase, admin_world.phases[1]).expectation == "Uitleg over kennismaking."
        )


def test_a_new_phase_goes_at_the_end(app, client, admin_world):
    response = client.post(
        f"/beheer/klantreizen/{admin_world.journey}/fasen/nieuw", data=phase_form(name="Nazorg")
    )
    assert response.status_code == 303
    assert phase_names(app, admin_world.journey)[-1] == (7, "Nazorg")
