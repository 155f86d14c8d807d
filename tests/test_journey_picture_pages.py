"""The klantreis picture's pages: who may open them, the figures in words, the CSV,
the audit of residents' remarks, the desired-norm form and its bad input, and the
503 when the working-day calendar falls short. On tests/journey_world.py."""

import csv
import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, select

from initiatief.extensions import db
from initiatief.models import (
    AuditEntry,
    CalendarDay,
    DesiredNorm,
    Feedback,
    Initiative,
    Phase,
    Role,
    User,
)
from tests.bottleneck_world import PERIOD
from tests.journey_world import build_journey_world
from tests.shared_fixtures import in_app
from tests.staff_helpers import client_for

COCO, BEA = "coco@gemeente.example", "bea@gemeente.example"
COR, ANNA = "cor@gemeente.example", "anna@gemeente.example"
NOW = datetime(2026, 5, 4, 10, tzinfo=UTC)  # Monday 4 May 2026, the world's today
PERIOD_ARGS = f"van={PERIOD[0].isoformat()}&tot={PERIOD[1].isoformat()}"
PAGE = f"/medewerker/klantreis?{PERIOD_ARGS}"
CSV = f"/medewerker/klantreis.csv?{PERIOD_ARGS}"
FORM = "/medewerker/klantreis/gewenst"


@pytest.fixture
def made(app, monkeypatch):
    monkeypatch.setattr("initiatief.views.staff.journey_picture.utcnow", lambda: NOW)
    with app.app_context():
        made = build_journey_world()
        made.world.staff["coco"] = User(email=COCO, name="Coco", role=Role.COORDINATOR)
        made.world.staff["bea"] = User(email=BEA, name="Bea", role=Role.BEHEERDER)
        db.session.add_all([made.world.staff["coco"], made.world.staff["bea"]])
        made.nums = {key: item.number for key, item in made.initiatives.items()}
        db.session.commit()
        made.journey_id = made.world.journey.id
        made.phase_ids = {
            name: id_ for id_, name in db.session.execute(select(Phase.id, Phase.name))
        }
        return made


@pytest.mark.parametrize("email", [COCO, BEA, COR])
def test_staff_open_the_picture(app, made, email):
    response = client_for(app, email).get(PAGE)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Klantreis Standaard: belofte en ervaring" in page
    assert '<svg class="chart" role="img"' in page
    assert response.headers["Cache-Control"] == "no-store"


def test_anonymous_visitors_go_to_the_login(app, made):
    for path in (PAGE, CSV, FORM):
        response = app.test_client().get(path)
        assert response.status_code == 302
        assert "/medewerker/inloggen" in response.headers["Location"]


def test_the_page_names_the_gap_and_shows_figures_in_words(app, made):
    page = client_for(app, COCO).get(PAGE).get_data(as_text=True)
    # Ontvangen: 3 of 5 within its norm (Kennismaking 4 of 5).
    assert "In de fase Ontvangen: 3 van 5 (60 %) van de initiatieven" in page
    assert "Zo kiezen we die fase" in page
    # Kennismaking: median 9, 90th percentile 14; its expectation rendered as Markdown.
    assert "Mediaan: 9 werkdagen. 9 van de 10 waren binnen 14 werkdagen klaar." in page
    assert "<p>Uitleg over kennismaking.</p>" in page
    # Besluit has no finished visits: said in words.
    assert "Te weinig initiatieven om iets te zeggen: 0 rondden deze fase af" in page
    # The remarks per phase: Kennismaking's newest three.
    assert "Snel geregeld" in page and "Fijn contact" in page and "Het duurde lang" not in page
    # Coördinatoren get the link to the desired norms.
    assert "Gewenste normen instellen" in page


def test_a_medewerker_sees_their_teams_only_and_no_form_link(app, made):
    page = client_for(app, COR).get(PAGE).get_data(as_text=True)
    assert "Fijn contact" not in page  # A2 is Noord's
    assert "Snel geregeld" in page
    assert "U ziet alleen initiatieven van uw eigen teams" in page
    assert "Gewenste normen instellen" not in page
    anna = client_for(app, ANNA).get(PAGE).get_data(as_text=True)
    assert "Dat kunnen we nog niet zeggen" in anna  # Noord has too few visits anywhere


def test_each_remark_shown_is_audited(app, made):
    client_for(app, COCO).get(PAGE)
    with in_app(app):
        rows = db.session.execute(
            select(AuditEntry.action, Initiative.number).join(
                Initiative, Initiative.id == AuditEntry.initiative_id
            )
        ).all()
    expected = {made.nums[k] for k in ("A2", "A16", "A4")}  # Kennismaking's newest three
    assert {number for _action, number in rows} == expected
    assert {action for action, _number in rows} == {"view"}


def test_the_csv_is_the_table_without_remarks(app, made):
    response = client_for(app, COCO).get(CSV)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    body = response.get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    header, by_phase = rows[0], {row[1]: row for row in rows[1:]}
    assert len(rows) == 7  # header and six phases
    k = dict(zip(header, by_phase["Kennismaking"], strict=True))
    assert (k["Stap"], k["Belofte (norm)"], k["Aan zet"]) == ("2", "10 werkdagen", "Samen")
    assert (k["Afgerond in periode"], k["Mediaan (werkdagen)"]) == ("5", "9")
    assert k["90e percentiel (werkdagen)"] == "14"
    assert (k["Binnen de norm: aantal"], k["Binnen de norm: van"]) == ("4", "5")
    assert k["Binnen de norm: procent"] == "80,0"
    assert (k["Tevreden: aantal"], k["Tevreden: van"]) == ("2", "5")
    besluit = dict(zip(header, by_phase["Besluit"], strict=True))
    assert besluit["Mediaan (werkdagen)"] == "te weinig"
    assert besluit["Binnen de norm: aantal"] == "te weinig"
    assert by_phase["Uitvoering"][3] == "per initiatief"
    for remark in ("Fijn contact", "Snel geregeld", "Duidelijke uitleg"):
        assert remark not in body
    with in_app(app):
        assert db.session.scalars(select(AuditEntry)).all() == []  # no remarks, no audit


# The desired-norm form


def test_a_coordinator_sets_and_clears_desired_norms(app, made):
    client = client_for(app, COCO)
    k, o = made.phase_ids["Kennismaking"], made.phase_ids["Ontvangen"]
    page = client.get(FORM).get_data(as_text=True)
    assert "Huidige norm: 10 werkdagen." in page
    response = client.post(FORM, data={"klantreis": made.journey_id, f"fase_{k}": " 8 "})
    assert response.status_code == 303
    assert "/medewerker/klantreis?klantreis=" in response.headers["Location"]
    with in_app(app):
        assert db.session.get(DesiredNorm, k).days == 8
    picture = client.get(PAGE).get_data(as_text=True)
    assert "Gewenste norm: 8 werkdagen." in picture
    page = client.get(FORM).get_data(as_text=True)
    assert f'name="gezien" value="{k}=8"' in page
    response = client.post(
        FORM, data={"klantreis": made.journey_id, f"fase_{k}": "", "gezien": f"{k}=8"}
    )
    assert response.status_code == 303
    with in_app(app):
        assert db.session.get(DesiredNorm, k) is None and db.session.get(DesiredNorm, o) is None


BAD_DAYS = ["0", "1000", "abc", "²", "٣", "1.5", "-1", "a\x00b", "9" * 10_000]


@pytest.mark.parametrize("typed", BAD_DAYS)
def test_bad_days_get_a_dutch_message_and_keep_the_input(app, made, typed):
    client = client_for(app, COCO)
    k = made.phase_ids["Kennismaking"]
    response = client.post(FORM, data={"klantreis": made.journey_id, f"fase_{k}": typed})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Kennismaking: vul een aantal dagen in van 1 tot en met 999, in cijfers." in page
    kept = typed.replace("\x00", "")
    assert f'value="{kept}"' in page
    with in_app(app):
        assert db.session.scalars(select(DesiredNorm)).all() == []


def test_a_conflicting_edit_is_refused_with_409(app, made):
    client = client_for(app, COCO)
    k = made.phase_ids["Kennismaking"]
    journey = made.journey_id
    assert client.post(FORM, data={"klantreis": journey, f"fase_{k}": "8"}).status_code == 303
    # A form loaded before that change still says 'not set' and wants 9.
    response = client.post(FORM, data={"klantreis": journey, f"fase_{k}": "9", "gezien": ""})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "iemand anders heeft de gewenste norm net veranderd" in page
    assert 'value="9"' in page
    with in_app(app):
        assert db.session.get(DesiredNorm, k).days == 8


def test_medewerkers_may_not_set_desired_norms(app, made):
    client = client_for(app, COR)
    k = made.phase_ids["Kennismaking"]
    assert client.get(FORM).status_code == 403
    response = client.post(FORM, data={"klantreis": made.journey_id, f"fase_{k}": "8"})
    assert response.status_code == 403
    with in_app(app):
        assert db.session.scalars(select(DesiredNorm)).all() == []


def test_an_unknown_journey_is_not_found(app, made):
    assert client_for(app, COCO).get(f"{FORM}?klantreis=999").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("klantreis=999", "Deze klantreis bestaat niet"),
        ("van=2026-13-45", "Dit is geen datum"),
        ("team=abc", "Dit team bestaat niet"),
    ],
)
def test_bad_filters_get_a_400_in_dutch(app, made, query, message):
    client = client_for(app, COCO)
    for path in ("/medewerker/klantreis", "/medewerker/klantreis.csv"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)


def test_without_a_calendar_there_are_no_figures(app, made):
    with in_app(app):
        db.session.execute(delete(CalendarDay))
        db.session.commit()
    client = client_for(app, COCO)
    for path in (PAGE, CSV):
        response = client.get(path)
        assert response.status_code == 503
        assert "De cijfers zijn nog niet klaar" in response.get_data(as_text=True)


def test_a_coordinator_turns_a_remark_of_the_picture_into_an_idea(app, made):
    """Each remark links to a new verbeteractie for its phase, linked to that remark;
    the form shows the remark, and a medewerker gets neither link."""
    coco = client_for(app, COCO)
    page = coco.get(PAGE).get_data(as_text=True)
    kennismaking = made.phase_ids["Kennismaking"]
    with in_app(app):
        snel = db.session.scalar(select(Feedback.id).where(Feedback.remark.contains("Snel")))
    link = f"/medewerker/verbeteracties/nieuw?fase={kennismaking}&amp;opmerking={snel}"
    assert link in page
    assert f"/medewerker/verbeteracties?fase={kennismaking}" in page
    form = coco.get(link.replace("&amp;", "&"))
    assert form.status_code == 200 and "Snel geregeld" in form.get_data(as_text=True)
    medewerker = client_for(app, COR).get(PAGE).get_data(as_text=True)
    assert "Maak er een idee van" not in medewerker and "Nieuwe verbeteractie" not in medewerker
    assert f"/medewerker/verbeteracties?fase={kennismaking}" in medewerker
