"""An intake reads little per request (issue 14, P5c): the wijken come from the
worker's config copy, the number comes back from its UPDATE, and the receipt page
reads its initiative with all it shows in one statement."""

from sqlalchemy import select

from initiatief.extensions import babel, db
from initiatief.models import Initiative, Wijk
from initiatief.services.config.organisation import save_wijk
from tests.samples import INTAKE_FORM
from tests.shared_fixtures import in_app
from tests.test_status_page_reads import another_worker, counted


def test_the_form_reads_no_wijken_once_the_worker_has_them(app, client, world):
    assert client.get("/initiatief-indienen").status_code == 200  # fills the copy
    with counted(app) as seen:
        page = client.get("/initiatief-indienen").get_data(as_text=True)
    assert not [s for s in seen if "FROM wijken" in s], seen
    with in_app(app, world):
        names = db.session.scalars(select(Wijk.name)).all()
    assert names and all(name in page for name in names)


def test_a_wijk_added_or_renamed_on_another_worker_is_on_the_next_form(app, client, world):
    with in_app(app, world):
        haven_id = world.wijken["haven"].id
    assert "Oostpunt" not in client.get("/initiatief-indienen").get_data(as_text=True)

    with another_worker(app):
        save_wijk(None, name="Oostpunt", team_id=None)
        haven = db.session.get(Wijk, haven_id)
        save_wijk(haven, name="Havenkwartier", team_id=haven.team_id)

    page = client.get("/initiatief-indienen").get_data(as_text=True)
    assert "Oostpunt" in page and "Havenkwartier" in page
    with in_app(app, world):
        new_id = db.session.scalar(select(Wijk.id).where(Wijk.name == "Oostpunt"))
    # The new wijk is a valid choice at once, also when the intake is sent.
    sent = client.post(
        "/initiatief-indienen", data={**INTAKE_FORM, "wijk": str(new_id), "action": "send"}
    )
    assert sent.status_code == 303


def test_the_number_comes_back_from_its_update(app, client, world):
    with counted(app) as seen:
        sent = client.post("/initiatief-indienen", data={**INTAKE_FORM, "action": "send"})
    assert sent.status_code == 303
    assert [s for s in seen if s.startswith("UPDATE number_sequences")]
    assert not [s for s in seen if s.startswith("SELECT number_sequences")], seen


def test_the_receipt_page_reads_its_initiative_in_one_statement(app, client, world):
    with in_app(app, world):
        wijk_id = world.wijken["haven"].id
    sent = client.post(
        "/initiatief-indienen", data={**INTAKE_FORM, "wijk": str(wijk_id), "action": "send"}
    )
    client.get(sent.headers["Location"])  # the worker's config copy is filled

    with counted(app) as seen:
        page = client.get(sent.headers["Location"]).get_data(as_text=True)

    assert len(seen) <= 2, "\n".join(seen)  # the config stamp and the initiative
    with in_app(app, world):
        initiative = db.session.scalars(select(Initiative)).one()
        contact, email, number = (
            initiative.contact.name,
            initiative.initiator.email,
            initiative.number,
        )
    assert number in page and email in page and contact in page


def test_the_send_step_reads_the_config_stamp_and_the_journey_once(app, client, world):
    client.get("/initiatief-indienen")  # the worker's config copy is filled
    with counted(app) as seen:
        sent = client.post("/initiatief-indienen", data={**INTAKE_FORM, "action": "send"})
    assert sent.status_code == 303
    assert len([s for s in seen if "FROM config_stamps" in s]) == 1, seen
    journeys = [s for s in seen if "FROM journeys" in s]
    assert len(journeys) == 1 and "phases" in journeys[0], seen
    assert not [s for s in seen if s.startswith("SELECT phases.")], seen


def test_the_form_labels_follow_the_language_also_after_the_catalogue_cache_is_cleared(
    app, client, world
):
    """The labels are translated through Flask-Babel's cached catalogue (forms/fields.lazy_text),
    each time they are shown, in the page's language."""
    assert "Naam van uw initiatief" in client.get("/initiatief-indienen").get_data(as_text=True)
    english = client.get("/initiatief-indienen?taal=en", follow_redirects=True).get_data(
        as_text=True
    )
    assert "Name of your initiative" in english
    babel.domain_instance.cache.clear()
    refused = client.post("/initiatief-indienen", data={"action": "check"})
    assert "Name of your initiative" in refused.get_data(as_text=True)
    assert "Choose a topic." in refused.get_data(as_text=True)
