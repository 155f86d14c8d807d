"""The resident's download: everything held about their login address, nothing of anyone else."""

import json
from datetime import UTC, datetime

import pytest

from initiatief.extensions import db
from initiatief.mail.dispatcher import dispatch_due
from initiatief.models import Initiative
from initiatief.services import actions
from initiatief.services.callbacks import request_callback
from initiatief.services.evaluation import record_verdict
from initiatief.services.personal_data import initiative_data, resident_data
from tests.factories import submit
from tests.shared_fixtures import in_app

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
SAME_NAME, SAME_PHONE = "Sam de Vries", "06 11112222"


@pytest.fixture
def residents(app, world):
    """Two residents with the same name and phone; the first has two initiatives."""
    with in_app(app, world):
        anna = world.staff["anna"]
        first = submit(
            T0,
            title="Bankje bij de vijver",
            name=SAME_NAME,
            email="sam@a.example",
            phone=SAME_PHONE,
        )
        second = submit(
            T0, title="Zwerfvuil prikken", name=SAME_NAME, email="SAM@a.example", phone=SAME_PHONE
        )
        other = submit(
            T0,
            title="Geheim plan van de ander",
            name=SAME_NAME,
            email="sam@b.example",
            phone=SAME_PHONE,
        )
        db.session.commit()
        for initiative in (first, other):
            actions.advance(
                initiative,
                actor=anna,
                now=T0,
                expected_version=initiative.version,
                message=f"Bericht over {initiative.title}.",
            )
            actions.resident_reply(initiative, body=f"Antwoord over {initiative.title}", now=T0)
            request_callback(initiative, SAME_PHONE, f"moment voor {initiative.title}", T0)
            db.session.commit()
        actions.stop(
            second,
            outcome="ingetrokken",
            reason="Klaar.",
            actor=anna,
            now=T0,
            expected_version=second.version,
        )
        record_verdict(second, "tevreden", T0, scores={"speed": 4}, remark="Fijn geholpen")
        db.session.commit()
        dispatch_due(datetime(2026, 3, 3, 9, tzinfo=UTC))
        return first.id, second.id, other.id


def test_every_item_of_both_initiatives_and_nothing_of_the_other(app, residents):
    with app.app_context():
        first, second, other = (db.session.get(Initiative, id_) for id_ in residents)
        data = resident_data("Sam@A.example ")
        assert [item["nummer"] for item in data["initiatieven"]] == [first.number, second.number]
        one, two = data["initiatieven"]
        assert one["uw_gegevens"]["naam"] == SAME_NAME
        assert one["uw_gegevens"]["telefoon"] == SAME_PHONE
        assert one["wat_u_stuurde"]["samenvatting"]
        assert any(
            step["tekst"] == "Antwoord over Bankje bij de vijver" and step["van_u"]
            for step in one["geschiedenis"]
        )
        assert any("Bericht over Bankje" in step["tekst"] for step in one["geschiedenis"])
        assert one["terugbelverzoeken"][0]["beste_moment"] == "moment voor Bankje bij de vijver"
        assert one["e-mails_aan_u"] and all(m["onderwerp"] for m in one["e-mails_aan_u"])
        assert [fase["fase"] for fase in one["fasen"]] == ["Ontvangen", "Kennismaking"]
        assert two["evaluatie"]["oordeel"] == "tevreden"
        assert two["evaluatie"]["opmerking"] == "Fijn geholpen"
        assert two["evaluatie"]["cijfers"]["snelheid"] == 4
        text = json.dumps(data, ensure_ascii=False)
        assert "Geheim plan" not in text and "sam@b.example" not in text
        assert other.number not in text


def test_a_coordinators_export_holds_one_initiative(app, residents):
    with app.app_context():
        first = db.session.get(Initiative, residents[0])
        data = initiative_data(first)
        assert data["initiatief"]["nummer"] == first.number
        assert "Zwerfvuil" not in json.dumps(data, ensure_ascii=False)
