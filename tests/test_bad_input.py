"""Bad input gets a 4xx or is cleaned, never a 500 (issue 9, findings 1-5).

NUL bytes only break PostgreSQL, so these tests matter most in the PostgreSQL
pass; they also check what is stored, so they mean something on SQLite too.
"""

import io
import logging
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.inputs import MAX_ID, clean_text, parse_id
from initiatief.models import Event, Feedback, Initiative, LoginToken, User, Wijk
from initiatief.signed_links import evaluation_token
from tests.factories import calendar_job_ran, login_resident, submit
from tests.shared_fixtures import in_app
from tests.staff_helpers import sign_in

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BEA = "bea@gemeente.example"
COCO = "coco@gemeente.example"
ANNA = "anna@gemeente.example"
RESIDENT = "fatima@voorbeeld.example"


@pytest.fixture
def moestuin_intake(app, world, actors):
    """One intake in Centrum (team Noord), beside a beheerder and a coördinator."""
    with in_app(app, world):
        first = submit(T0, wijk_id=world.wijken["centrum"].id, title="Moestuin")
        db.session.commit()
        calendar_job_ran()
        return {"number": first.number, "team": world.teams["noord"].id}


def signed_in(app, moestuin_intake, email):
    client = app.test_client()
    sign_in(app, client, email)
    return client


def version_of(app, number):
    with app.app_context():
        return db.session.execute(
            select(Initiative.version).where(Initiative.number == number)
        ).scalar_one()


# 1. NUL and other control characters: stripped from every parameter, 404 in a path


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Noord\x00oost", "Noordoost"),
        ("a\x01b\x08c\x0bd\x0ce\x1ff\x7fg\x85h\x9fi", "abcdefghi"),
        ("regel 1\r\nregel 2\rregel 3\n\tin", "regel 1\nregel 2\nregel 3\n\tin"),
        ("emoji 🌱, rtl \u202e, lijn \u2028, € é", "emoji 🌱, rtl \u202e, lijn \u2028, € é"),
    ],
)
def test_clean_text_strips_control_characters_and_normalises_newlines(typed, kept):
    assert clean_text(typed) == kept


def test_nul_in_a_beheer_form_is_stripped_and_saved(app, moestuin_intake):
    bea = signed_in(app, moestuin_intake, BEA)
    response = bea.post(
        "/beheer/wijken/nieuw",
        data={"name": "Noord\x00oost", "team_id": str(moestuin_intake["team"])},
    )
    assert response.status_code == 303
    with app.app_context():
        names = db.session.execute(select(Wijk.name)).scalars().all()
    assert "Noordoost" in names


def test_nul_in_a_staff_note_is_stripped_and_crlf_becomes_lf(app, moestuin_intake):
    anna = signed_in(app, moestuin_intake, ANNA)
    number = moestuin_intake["number"]
    response = anna.post(
        f"/medewerker/initiatief/{number}/actie/note",
        data={"version": version_of(app, number), "body": "Gebeld\x00.\r\nTerugbellen."},
    )
    assert response.status_code == 303
    with app.app_context():
        bodies = db.session.execute(select(Event.body)).scalars().all()
    assert "Gebeld.\nTerugbellen." in bodies


def test_nul_in_a_multipart_form_is_stripped_and_the_upload_kept(app, moestuin_intake):
    anna = signed_in(app, moestuin_intake, ANNA)
    response = anna.post(
        "/medewerker/profiel",
        data={"name": "Anna\x00 de Vries", "photo": (io.BytesIO(b""), "")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    with app.app_context():
        user = db.session.execute(select(User).where(User.email == ANNA)).scalar_one()
    assert user.name == "Anna de Vries"


def test_nul_in_the_resident_login_form_is_stripped(app, moestuin_intake):
    client = app.test_client()
    response = client.post(
        "/mijn/inloggen", data={"email": RESIDENT, "next": "/mijn/initiatief/\x00x"}
    )
    assert response.status_code == 303
    with app.app_context():
        token = db.session.execute(select(LoginToken)).scalars().one()
    assert "\x00" not in token.next_path


def test_nul_in_a_resident_reply_is_stripped(app, moestuin_intake):
    client = app.test_client()
    login_resident(app, client, RESIDENT)
    number = moestuin_intake["number"]
    response = client.post(f"/mijn/initiatief/{number}/reactie", data={"body": "Dank\x00 u"})
    assert response.status_code == 303
    with app.app_context():
        bodies = db.session.execute(select(Event.body)).scalars().all()
    assert "Dank u" in bodies


@pytest.mark.parametrize(
    "path",
    [
        "/medewerker/?zoek=%00&fase=%00&thema=%00",
        "/beheer/mailteksten/ontvangstbevestiging?nummer=%00",
        "/medewerker/dashboard?van=%00",
        "/mijn/inloggen?volgende=%00",
    ],
)
def test_nul_in_a_query_parameter_is_no_error(app, moestuin_intake, path):
    who = COCO if path.startswith("/medewerker") else BEA
    client = signed_in(app, moestuin_intake, who)
    assert client.get(path).status_code < 500


@pytest.mark.parametrize(
    "path",
    [
        "/medewerker/initiatief/INI%00",
        "/medewerker/initiatief/%01/brief",
        "/mijn/initiatief/%00",
        "/initiatief-indienen/verzonden/%00",
        "/beheer/mailteksten/%00",
        "/mijn/inloggen/link/%00",
        "/evaluatie/%00",
        "/e-mail/afmelden/%00",
        "/static/%00",
    ],
)
def test_nul_or_control_character_in_a_path_is_404(app, moestuin_intake, path):
    client = signed_in(app, moestuin_intake, BEA)
    assert client.get(path).status_code == 404


# 2. Ids beyond INTEGER in a path: 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/medewerkers/99999999999999999999999/foto"),
        ("get", "/medewerkers/2147483648/foto"),
        ("get", "/medewerkers/²/foto"),
        ("get", "/beheer/medewerkers/9223372036854775808"),
        ("get", "/beheer/teams/2147483648"),
        ("post", "/medewerker/initiatief/{number}/terugbelverzoek/99999999999999999999999"),
    ],
)
def test_an_id_beyond_the_database_range_is_404(app, moestuin_intake, method, path):
    client = signed_in(app, moestuin_intake, BEA)
    response = getattr(client, method)(path.format(number=moestuin_intake["number"]))
    assert response.status_code == 404


def test_the_largest_integer_is_still_an_id(app, moestuin_intake):
    client = signed_in(app, moestuin_intake, BEA)
    assert client.get(f"/beheer/teams/{MAX_ID}").status_code == 404  # no such team, no error
    assert client.get(f"/beheer/teams/{moestuin_intake['team']}").status_code == 200


# 3. Ids in query strings: ASCII digits within range, else the filter is ignored


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("12", 12),
        ("0012", 12),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("99999999999999999999", None),
        ("²", None),
        ("٣", None),
        ("⁰⁴⁵", None),
        ("-1", None),
        ("1_000", None),
        (" 1", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_id_takes_ascii_digits_within_range_only(value, parsed):
    assert parse_id(value) == parsed


@pytest.mark.parametrize(
    "query",
    [
        "klantreis=²",
        "pagina=²",
        "wijk=99999999999999999999",
        "team=⁰⁴⁵",
        "contactpersoon=2147483648",
        "pagina=99999999999999999999",
    ],
)
def test_worklist_ignores_filters_that_are_no_id(app, moestuin_intake, query):
    coco = signed_in(app, moestuin_intake, COCO)
    response = coco.get(f"/medewerker/?weergave=alle&{query}")
    assert response.status_code == 200
    assert moestuin_intake["number"] in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "query",
    [
        "figuur=team&waarde=99999999999999999999",
        "figuur=contact&waarde=²",
        "figuur=phase_active&waarde=2147483648",
        "figuur=verdict_journey&waarde=٣",
        "figuur=late&pagina=99999999999999999999",
        "figuur=late&pagina=²",
        "figuur=month_submitted&waarde=9999-12",
        "figuur=month_finished&waarde=0001-01",
    ],
)
def test_drilldown_list_with_a_bad_value_is_no_error(app, moestuin_intake, query):
    coco = signed_in(app, moestuin_intake, COCO)
    assert coco.get(f"/medewerker/dashboard/lijst?{query}").status_code in (200, 400)


# 4. Dashboard periods at the edges of the calendar: a Dutch 400, the input kept


@pytest.mark.parametrize(
    "query",
    [
        "van=0001-01-01",
        "van=9999-12-31",
        "tot=0001-01-01",
        "tot=9999-12-31",
        "van=0001-01-01&tot=0001-12-31",
        "van=9999-01-01&tot=9999-12-31",
    ],
)
@pytest.mark.parametrize("page", ["/medewerker/dashboard", "/medewerker/dashboard/lijst"])
def test_dashboard_period_outside_the_calendar_is_a_dutch_400(app, moestuin_intake, query, page):
    coco = signed_in(app, moestuin_intake, COCO)
    response = coco.get(f"{page}?{query}&figuur=late")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Kies een periode tussen 1 januari 2000 en" in html
    for part in query.split("&"):
        assert f'value="{part.split("=")[1]}"' in html  # what was typed stays in the form


@pytest.mark.parametrize("query", ["van=0001-01-01", "tot=9999-12-31"])
def test_dashboard_csv_with_a_period_outside_the_calendar_is_400(app, moestuin_intake, query):
    coco = signed_in(app, moestuin_intake, COCO)
    response = coco.get(f"/medewerker/dashboard/per-fase.csv?{query}")
    assert response.status_code == 400
    assert "Kies een periode tussen 1 januari 2000 en" in response.get_data(as_text=True)


# 5. No Python text for staff: a broken version is a Dutch 400


@pytest.mark.parametrize("version", ["²", "٣", "99999999999999999999", "", "-1"])
def test_a_broken_version_is_a_dutch_message_not_python(app, moestuin_intake, version):
    anna = signed_in(app, moestuin_intake, ANNA)
    number = moestuin_intake["number"]
    response = anna.post(
        f"/medewerker/initiatief/{number}/actie/note", data={"version": version, "body": "Hoi"}
    )
    html = response.get_data(as_text=True)
    assert 400 <= response.status_code < 500
    assert "invalid literal" not in html and "int()" not in html
    assert "Laad de pagina opnieuw" in html
    assert 'value="Hoi"' in html or ">Hoi</textarea>" in html  # the note is not lost


def test_a_python_error_in_an_action_is_not_shown_as_a_message(app, moestuin_intake, monkeypatch):
    """Only the services' own refusals become text on the page; anything else is a bug."""

    def broken(*args, **kwargs):
        raise ValueError("invalid literal for int() with base 10: 'x'")

    monkeypatch.setattr("initiatief.services.actions.add_note", broken)
    anna = signed_in(app, moestuin_intake, ANNA)
    number = moestuin_intake["number"]
    with pytest.raises(ValueError, match="invalid literal"):  # TESTING propagates, no 422 page
        anna.post(
            f"/medewerker/initiatief/{number}/actie/note",
            data={"version": version_of(app, number), "body": "Hoi"},
        )


BUG = "invalid literal for int() with base 10: 'x'"


def raise_a_bug(*args, **kwargs):
    raise ValueError(BUG)


@pytest.mark.parametrize(
    ("broken", "who", "path", "data"),
    [
        (
            "initiatief.views.resident.resident_reply",
            RESIDENT,
            "/mijn/initiatief/{number}/reactie",
            {"body": "Dank u"},
        ),
        (
            "initiatief.services.config.closed_days.add_closed_day",
            BEA,
            "/beheer/gesloten-dagen",
            {"day": "2026-12-24", "reason": "Kerstavond"},
        ),
    ],
)
def test_a_python_error_in_a_service_is_a_logged_500_not_a_message(
    app, moestuin_intake, monkeypatch, caplog, broken, who, path, data
):
    """Views catch only DomainError: a ValueError from a bug is the 500 page and a log line."""
    monkeypatch.setattr(broken, raise_a_bug)
    if who == RESIDENT:
        client = app.test_client()
        login_resident(app, client, RESIDENT)
    else:
        client = signed_in(app, moestuin_intake, who)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the error handlers answer
    caplog.set_level(logging.ERROR, logger=app.logger.name)
    response = client.post(path.format(number=moestuin_intake["number"]), data=data)
    assert response.status_code == 500
    assert "invalid literal" not in response.get_data(as_text=True)
    logged = [r for r in caplog.records if r.exc_info and r.exc_info[0] is ValueError]
    assert logged and logged[0].levelno == logging.ERROR


# Found by the fuzz test


@pytest.mark.parametrize("blank", [" ", "\t", "\x00\t\r\n"])
def test_a_blank_evaluation_score_is_a_question_left_open(app, moestuin_intake, blank):
    with app.app_context():
        initiative = db.session.execute(
            select(Initiative).where(Initiative.number == moestuin_intake["number"])
        ).scalar_one()
        token = evaluation_token(initiative)
    response = app.test_client().post(
        f"/evaluatie/{token}", data={"verdict": "tevreden", "contact_score": blank}
    )
    assert response.status_code == 200
    with app.app_context():
        feedback = db.session.execute(select(Feedback)).scalar_one()
        assert feedback.contact_score is None


@pytest.mark.parametrize("field", ["journey", "team", "contact"])
@pytest.mark.parametrize("value", ["99999999999999999999", "٣", "²"])
def test_triage_with_an_id_that_is_no_id_is_a_422(app, moestuin_intake, field, value):
    anna = signed_in(app, moestuin_intake, ANNA)
    number = moestuin_intake["number"]
    with app.app_context():
        initiative = db.session.execute(
            select(Initiative).where(Initiative.number == number)
        ).scalar_one()
        data = {
            "version": initiative.version,
            "journey": initiative.journey_id,
            "team": initiative.team_id,
            "contact": initiative.contact_id,
        }
    data[field] = value
    response = anna.post(f"/medewerker/initiatief/{number}/actie/triage", data=data)
    assert response.status_code == 422
    assert "Kies een van de mogelijkheden uit de lijst." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/beheer/wijken/nieuw", {"name": "Oost", "team_id": "99999999999999999999"}),
        ("/beheer/teams/nieuw", {"name": "Oost", "member_ids": "99999999999999999999"}),
        (
            "/beheer/medewerkers/nieuw",
            {
                "name": "Els",
                "email": "els@gemeente.example",
                "role": "medewerker",
                "team_ids": "2147483648",
            },
        ),
    ],
)
def test_beheer_lists_of_ids_refuse_what_is_no_id(app, moestuin_intake, path, data):
    bea = signed_in(app, moestuin_intake, BEA)
    response = bea.post(path, data=data)
    assert response.status_code == 422


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_new_due_date_far_outside_the_calendar_is_a_dutch_422(app, moestuin_intake, day):
    anna = signed_in(app, moestuin_intake, ANNA)
    number = moestuin_intake["number"]
    response = anna.post(
        f"/medewerker/initiatief/{number}/actie/extend",
        data={"version": version_of(app, number), "new_due": day, "reason": "Vakantie"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kies een datum tussen 1 januari 2000 en 31 december 2099." in html
    assert f'value="{day}"' in html
