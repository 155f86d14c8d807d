"""The verbeteracties pages: who may open and write them, forms that keep input, 4xx on ugly input,
the residents' remarks audited.

Fatima's initiative (Wijkteam Noord) has an unhappy verdict with a remark that
names her; one action comes from it, one is for the whole municipality.
"""

import pytest
from sqlalchemy import func, select

from initiatief.extensions import db
from initiatief.models import AuditEntry, ImprovementAction, Phase, Role, User
from initiatief.services.evaluation import record_verdict
from tests.factories import at, calendar_job_ran, submit
from tests.improvement_world import START, amsterdam, build
from tests.shared_fixtures import BEHEERDER, COORDINATOR, MEDEWERKER, in_app
from tests.staff_helpers import client_for

COR = "cor@gemeente.example"  # medewerker of Wijkteam Zuid: cannot see Fatima's initiative
REMARK = "Ik ben Fatima. Niemand belde terug."


@pytest.fixture
def pages(app, world, actors):
    with in_app(app, world):
        initiative = submit(at(3, 2), wijk_id=world.wijken["centrum"].id)
        feedback = record_verdict(initiative, "ontevreden", at(11, 20), remark=REMARK)
        phase = db.session.scalar(select(Phase.id).where(Phase.name == "Kennismaking"))
        coco = db.session.scalar(select(User).where(User.role == Role.COORDINATOR))
        from_remark = ImprovementAction(
            title="Sneller terugbellen",
            phase_id=phase,
            feedback_id=feedback.id,
            created_by_id=coco.id,
        )
        general = ImprovementAction(
            title="Kennismaking binnen een week",
            phase_id=phase,
            status="loopt",
            starts_on=at(11, 2).date(),
        )
        db.session.add_all([from_remark, general])
        db.session.commit()
        calendar_job_ran()
        return {
            "phase": phase,
            "feedback": feedback.id,
            "number": initiative.number,
            "from_remark": from_remark.id,
            "general": general.id,
        }


def audit_lines(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(AuditEntry.id)))


def form_values(pages, **overrides):
    values = {
        "title": "Kennismaking in een week",
        "reason": "De doorlooptijd is lang.",
        "phase": str(pages["phase"]),
        "figure": "doorlooptijd",
        "team": "",
        "owner": "",
        "status": "loopt",
        "starts_on": "2026-11-02",
        "notes": "",
        "version": "",
        "opmerking": "",
    }
    values.update(overrides)
    return values


@pytest.mark.parametrize("email", [MEDEWERKER, COORDINATOR, BEHEERDER])
def test_every_staff_role_reads(app, pages, email):
    client = client_for(app, email)
    for path in (
        "/medewerker/verbeteracties",
        f"/medewerker/verbeteracties/{pages['general']}",
        "/medewerker/verbeteracties/ideeen",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store"
    assert "Kennismaking binnen een week" in client.get("/medewerker/verbeteracties").text


def test_a_medewerker_may_not_write(app, pages):
    client = client_for(app, MEDEWERKER)
    new, edit = (
        "/medewerker/verbeteracties/nieuw",
        f"/medewerker/verbeteracties/{pages['general']}/bewerken",
    )
    assert client.get(new).status_code == 403
    assert client.post(new, data=form_values(pages)).status_code == 403
    assert client.get(edit).status_code == 403
    assert client.post(edit, data=form_values(pages, version="1")).status_code == 403
    page = client.get("/medewerker/verbeteracties").text
    assert "Nieuwe verbeteractie" not in page
    assert "Maak er een idee van" not in client.get("/medewerker/verbeteracties/ideeen").text


def test_a_coordinator_records_an_action_through_the_form(app, pages):
    client = client_for(app, COORDINATOR)
    response = client.post("/medewerker/verbeteracties/nieuw", data=form_values(pages))
    assert response.status_code == 303
    with app.app_context():
        action = db.session.scalar(select(ImprovementAction).order_by(ImprovementAction.id.desc()))
        assert response.headers["Location"].endswith(f"/medewerker/verbeteracties/{action.id}")
        journey_id = action.phase.journey_id
        assert (action.title, action.status, action.feedback_id) == (
            "Kennismaking in een week",
            "loopt",
            None,
        )
    page = client.get(response.headers["Location"]).text
    assert "Heeft het geholpen?" in page and "minstens 10 procentpunten" in page
    # Its phase in the klantreis picture, one click away.
    assert f"/medewerker/klantreis?klantreis={journey_id}#fase-{pages['phase']}" in page


def test_the_form_keeps_what_was_typed_with_the_message(app, pages):
    client = client_for(app, COORDINATOR)
    response = client.post(
        "/medewerker/verbeteracties/nieuw",
        data=form_values(pages, title="", reason="Mijn eigen reden", starts_on=""),
    )
    assert response.status_code == 422
    assert "Mijn eigen reden" in response.text
    assert "Schrijf in een paar woorden wat u gaat veranderen." in response.text
    response = client.post(
        "/medewerker/verbeteracties/nieuw", data=form_values(pages, starts_on="", status="loopt")
    )
    assert response.status_code == 422
    assert "Alleen een idee heeft nog geen startdatum" in response.text
    assert 'value="Kennismaking in een week"' in response.text
    # The label says when it may stay empty, not that it is never needed.
    label = 'Startdatum <span class="optional">(leeg laten bij een idee)</span></label>'
    assert label in response.text


def test_an_idea_from_a_remark_shows_it_audited_and_refuses_her_name(app, pages):
    client = client_for(app, COORDINATOR)
    before = audit_lines(app)
    path = f"/medewerker/verbeteracties/nieuw?fase={pages['phase']}&opmerking={pages['feedback']}"
    response = client.get(path)
    assert response.status_code == 200
    assert REMARK in response.text
    assert f'<option value="{pages["phase"]}" selected>' in response.text
    assert audit_lines(app) == before + 1
    refused = client.post(
        "/medewerker/verbeteracties/nieuw",
        data=form_values(
            pages, title="Fatima terugbellen", opmerking=str(pages["feedback"]), status="idee"
        ),
    )
    assert refused.status_code == 422
    assert (
        "zonder persoonsgegevens" in refused.text and 'value="Fatima terugbellen"' in refused.text
    )
    made = client.post(
        "/medewerker/verbeteracties/nieuw",
        data=form_values(
            pages,
            title="Terugbellen binnen een dag",
            opmerking=str(pages["feedback"]),
            status="idee",
            starts_on="",
        ),
    )
    assert made.status_code == 303
    with app.app_context():
        action = db.session.scalar(select(ImprovementAction).order_by(ImprovementAction.id.desc()))
        assert (action.feedback_id, action.status) == (pages["feedback"], "idee")


def test_the_action_page_shows_the_remark_only_to_who_may_see_it(app, pages):
    path = f"/medewerker/verbeteracties/{pages['from_remark']}"
    before = audit_lines(app)
    page = client_for(app, COORDINATOR).get(path).text
    assert REMARK in page and "nog geen startdatum" in page
    assert audit_lines(app) == before + 1
    page = client_for(app, COR).get(path).text  # the action is for everyone; the remark is not
    assert REMARK not in page and "niet kunt inzien" in page
    assert audit_lines(app) == before + 1


def test_the_ideas_list_audits_every_remark_shown(app, pages):
    before = audit_lines(app)
    page = client_for(app, COORDINATOR).get("/medewerker/verbeteracties/ideeen?van=2026-11-01").text
    assert REMARK in page and "Hier is al een verbeteractie van gemaakt." in page
    assert f"opmerking={pages['feedback']}" in page
    assert audit_lines(app) == before + 1
    page = client_for(app, COR).get("/medewerker/verbeteracties/ideeen").text
    assert REMARK not in page and "0 opmerkingen" in page
    assert audit_lines(app) == before + 1


def test_two_editors_the_second_gets_409_and_keeps_what_they_typed(app, pages):
    first, second = client_for(app, COORDINATOR), client_for(app, BEHEERDER)
    path = f"/medewerker/verbeteracties/{pages['general']}/bewerken"
    for client in (first, second):
        assert 'name="version" value="1"' in client.get(path).text
    done = first.post(path, data=form_values(pages, title="Eerst", version="1"))
    assert done.status_code == 303
    late = second.post(path, data=form_values(pages, title="Tweede", version="1"))
    assert late.status_code == 409
    assert "Iemand anders heeft deze verbeteractie intussen gewijzigd" in late.text
    assert 'value="Tweede"' in late.text
    with app.app_context():
        assert db.session.get(ImprovementAction, pages["general"]).title == "Eerst"


@pytest.mark.parametrize(
    "path, status",
    [
        ("/medewerker/verbeteracties/99999999999999999999", 404),
        ("/medewerker/verbeteracties/2147483647", 404),
        ("/medewerker/verbeteracties/%C2%B2/bewerken", 404),
        ("/medewerker/verbeteracties/2147483647/bewerken", 404),
        ("/medewerker/verbeteracties/nieuw?fase=%C2%B2", 404),
        ("/medewerker/verbeteracties/nieuw?fase=99999999999999999999", 404),
        ("/medewerker/verbeteracties/nieuw?opmerking=2147483647", 404),
        ("/medewerker/verbeteracties/nieuw?opmerking=a%00b", 404),
        ("/medewerker/verbeteracties?status=a%00b", 400),
        ("/medewerker/verbeteracties?fase=99999999999999999999", 400),
        ("/medewerker/verbeteracties?team=%C2%B2", 400),
        ("/medewerker/verbeteracties?eigenaar=" + "x" * 10_000, 400),
        ("/medewerker/verbeteracties?pagina=99999999999999999999", 200),
        ("/medewerker/verbeteracties/ideeen?van=2026-02-30", 400),
        ("/medewerker/verbeteracties/ideeen?van=9999-12-31", 400),
        ("/medewerker/verbeteracties/ideeen?van=2026-12-01&tot=2026-11-01", 400),
        ("/medewerker/verbeteracties/ideeen?tot=%C2%B2", 400),
    ],
)
def test_ugly_addresses_get_a_4xx(app, pages, path, status):
    assert client_for(app, COORDINATOR).get(path).status_code == status


@pytest.mark.parametrize(
    "field, value, status",
    [
        ("title", "x" * 10_000, 422),
        ("reason", "x" * 10_000, 422),
        ("notes", "x" * 10_000, 422),
        ("title", "a\x00b", 303),  # NUL is taken out, the rest saved
        ("starts_on", "2026-02-30", 422),
        ("starts_on", "9999-12-31", 422),
        ("starts_on", "0001-01-01", 422),
        ("starts_on", "²⁰⁴", 422),
        ("phase", "99999999999999999999", 422),
        ("phase", "٣", 422),
        ("team", "²", 422),
        ("owner", "2147483647", 422),
        ("figure", "x" * 10_000, 422),
        ("status", "a\x00b", 422),
        ("version", "99999999999999999999", 409),
        ("version", "", 409),
    ],
)
def test_ugly_form_input_is_refused_in_words(app, pages, field, value, status):
    client = client_for(app, COORDINATOR)
    path = f"/medewerker/verbeteracties/{pages['general']}/bewerken"
    response = client.post(path, data=form_values(pages, **{"version": "1", field: value}))
    assert response.status_code == status
    if status != 303:
        assert "Fout" in response.text


@pytest.fixture
def history(app, monkeypatch):
    """tests/improvement_world.py with the page's clock on Monday 13 April 2026; Coco's login."""
    monkeypatch.setattr("initiatief.views.staff.improvements.utcnow", lambda: amsterdam(4, 13))
    with app.app_context():
        made = build()
        db.session.add(User(email=COORDINATOR, name="Coco", role=Role.COORDINATOR))
        ids = {}
        for figure in ("doorlooptijd", "belofte"):
            action = ImprovementAction(
                title=f"Actie {figure}",
                phase_id=made.phases["K"],
                figure=figure,
                status="loopt",
                starts_on=START,
            )
            db.session.add(action)
            db.session.flush()
            ids[figure] = action.id
        db.session.commit()
        return {**ids, "phase": made.phases["K"]}


def test_the_verdict_names_both_periods_the_counts_and_the_figures(app, history):
    client = client_for(app, COORDINATOR)
    page = client.get(f"/medewerker/verbeteracties/{history['doorlooptijd']}").text
    # tests/test_improvement_effect.py works these out: 6 working days on each side.
    assert "24 maart 2026 tot en met 31 maart 2026" in page
    assert "1 april 2026 tot en met 10 april 2026" in page
    assert "Het is beter geworden: de doorlooptijd ging van 8 werkdagen naar 3 werkdagen." in page
    page = client.get(f"/medewerker/verbeteracties/{history['belofte']}").text
    # Promise kept: 3 of 5 before (B4 and B5 late), 5 of 5 after.
    assert "3 van 5 (60 %)" in page and "5 van 5 (100 %)" in page
    assert "het aandeel gehouden beloften ging van 60 % naar 100 %." in page


@pytest.mark.parametrize(
    "starts_on, says, never",
    [
        # Today, Monday 13 April: it has started, but no whole working day has passed.
        ("2026-04-13", "sinds de start nog geen hele werkdag voorbij", "begint pas op"),
        # Tomorrow: it has not started, so nothing can have passed 'since the start'.
        ("2026-04-14", "De actie begint pas op 14 april 2026.", "sinds de start"),
    ],
)
def test_too_early_tells_a_start_today_from_one_still_to_come(app, history, starts_on, says, never):
    client = client_for(app, COORDINATOR)
    path = f"/medewerker/verbeteracties/{history['doorlooptijd']}/bewerken"
    values = {
        "title": "Actie doorlooptijd",
        "phase": str(history["phase"]),
        "figure": "doorlooptijd",
        "status": "loopt",
        "starts_on": starts_on,
        "version": "1",
    }
    assert client.post(path, data=values).status_code == 303
    page = client.get(f"/medewerker/verbeteracties/{history['doorlooptijd']}").text
    assert says in page and never not in page
    assert "We vergelijken" not in page  # no periods, no figures


def test_an_owner_whose_account_was_closed_stays_until_someone_else_is_chosen(app, pages):
    """The edit form shows the closed account as the owner, so saving another change
    keeps it instead of silently leaving the action without an owner; choosing another
    closed account is still refused."""
    with app.app_context():
        bram, cor = (
            db.session.scalar(select(User).where(User.email == email))
            for email in ("bram@gemeente.example", COR)
        )
        action = db.session.get(ImprovementAction, pages["general"])
        action.owner_id = bram.id
        bram.active = cor.active = False
        db.session.commit()
        bram_id, cor_id, version = bram.id, cor.id, action.version
    client = client_for(app, COORDINATOR)
    path = f"/medewerker/verbeteracties/{pages['general']}/bewerken"
    form = client.get(path).text
    assert f'<option value="{bram_id}" selected>Bram' in form and "(account gesloten)" in form
    assert f'<option value="{cor_id}">Cor' not in form
    saved = client.post(
        path, data=form_values(pages, title="Nieuw", owner=str(bram_id), version=str(version))
    )
    assert saved.status_code == 303
    with app.app_context():
        assert db.session.get(ImprovementAction, pages["general"]).owner_id == bram_id
    refused = client.post(
        path, data=form_values(pages, owner=str(cor_id), version=str(version + 1))
    )
    assert refused.status_code == 422
    new = client.get("/medewerker/verbeteracties/nieuw").text
    assert f'<option value="{bram_id}">Bram' not in new and "account gesloten" not in new
