"""Beheer of closed days, teams and wijken, and staff accounts."""

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from initiatief.dates.planning import load_calendar
from initiatief.extensions import db
from initiatief.models import ClosedDay, Role, Team, User, Wijk
from initiatief.services.config import organisation
from initiatief.services.staff_auth import check_password
from tests.admin_world import ANNA
from tests.staff_helpers import PASSWORD, give_login, sign_in

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CHRISTMAS_EVE = date(2026, 12, 24)  # a Thursday


def is_working_day(app, day: date) -> bool:
    with app.app_context():
        return load_calendar().is_working_day(day)


# Closed days


def test_a_closed_day_is_no_working_day_until_removed(app, client, admin_world):
    assert is_working_day(app, CHRISTMAS_EVE)
    response = client.post(
        "/beheer/gesloten-dagen", data={"day": "2026-12-24", "reason": "Kerstavond"}
    )
    assert response.status_code == 303
    assert not is_working_day(app, CHRISTMAS_EVE)
    page = client.get("/beheer/gesloten-dagen").get_data(as_text=True)
    assert "is toegevoegd als gesloten dag" in page and "Kerstavond" in page

    response = client.post("/beheer/gesloten-dagen/2026-12-24/verwijderen")
    assert response.status_code == 303
    assert is_working_day(app, CHRISTMAS_EVE)


def test_a_closed_day_can_be_typed_the_dutch_way_and_only_once(app, client, admin_world):
    data = {"day": "24-12-2026", "reason": "Kerstavond"}
    assert client.post("/beheer/gesloten-dagen", data=data).status_code == 303
    response = client.post("/beheer/gesloten-dagen", data={**data, "reason": "Nog eens"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Deze dag staat al in de lijst" in html and 'value="Nog eens"' in html
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(ClosedDay)).scalar() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"day": "", "reason": "Dicht"}, "Vul een datum in"),
        ({"day": "31-02-2026", "reason": "Dicht"}, "Vul een datum in, bijvoorbeeld"),
        ({"day": "2026-12-24", "reason": ""}, "Vul in waarom de gemeente dicht is."),
    ],
)
def test_closed_day_errors(client, admin_world, data, message):
    response = client.post("/beheer/gesloten-dagen", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_removing_a_day_that_is_not_there_says_so(client, admin_world):
    response = client.post("/beheer/gesloten-dagen/2026-12-24/verwijderen")
    assert response.status_code == 422
    assert "bestaat niet (meer)" in response.get_data(as_text=True)
    assert client.post("/beheer/gesloten-dagen/geen-datum/verwijderen").status_code == 404


# Teams and wijken


def unrouted_teams(app) -> list[str]:
    with app.app_context():
        query = select(Team.name).where(Team.takes_unrouted.is_(True))
        return list(db.session.execute(query).scalars())


def test_only_one_team_takes_intakes_without_a_wijk(app, client, admin_world):
    assert unrouted_teams(app) == ["Wijkteam Noord"]
    response = client.post(
        f"/beheer/teams/{admin_world.teams['zuid']}",
        data={
            "name": "Wijkteam Zuid",
            "takes_unrouted": "y",
            "member_ids": [admin_world.users["cor"]],
        },
        follow_redirects=True,
    )
    assert "niet meer naar Wijkteam Noord" in response.get_data(as_text=True)
    assert unrouted_teams(app) == ["Wijkteam Zuid"]


def test_a_team_with_its_members(app, client, admin_world):
    members = [admin_world.users["anna"], admin_world.users["cor"]]
    response = client.post(
        "/beheer/teams/nieuw",
        data={"name": "Wijkteam Oost", "email": "Oost@Gemeente.example", "member_ids": members},
    )
    assert response.status_code == 303
    assert unrouted_teams(app) == ["Wijkteam Noord"]
    with app.app_context():
        team = db.session.execute(select(Team).where(Team.name == "Wijkteam Oost")).scalar_one()
        assert team.email == "oost@gemeente.example"
        assert sorted(u.id for u in team.members) == sorted(members)

    response = client.post("/beheer/teams/nieuw", data={"name": "wijkteam oost", "email": "x"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vul een e-mailadres in zoals team@gemeente.nl." in html


def test_a_wijk_and_the_team_that_covers_it(app, client, admin_world):
    response = client.post(
        "/beheer/wijken/nieuw",
        data={"name": "Haven-Oost", "team_id": str(admin_world.teams["zuid"])},
    )
    assert response.status_code == 303
    response = client.post(
        f"/beheer/wijken/{admin_world.wijken['centrum']}", data={"name": "Centrum", "team_id": "0"}
    )
    assert response.status_code == 303
    with app.app_context():
        assert (
            db.session.execute(select(Wijk).where(Wijk.name == "Haven-Oost")).scalar_one().team_id
            == admin_world.teams["zuid"]
        )
        assert db.session.get(Wijk, admin_world.wijken["centrum"]).team_id is None
    page = client.get(f"/beheer/wijken/{admin_world.wijken['haven']}").get_data(as_text=True)
    assert f'<option value="{admin_world.teams["zuid"]}" selected>' in page
    response = client.post("/beheer/wijken/nieuw", data={"name": "centrum", "team_id": "0"})
    assert response.status_code == 422
    assert "Er is al een wijk met deze naam." in response.get_data(as_text=True)


# Staff accounts


def shown_password(html: str) -> str:
    return re.search(r'id="wachtwoord">([^<]+)<', html).group(1)


def test_a_new_colleague_gets_a_one_time_password_shown_once(app, client, admin_world):
    data = {
        "name": "Dirk de Wit",
        "email": "Dirk@Gemeente.example",
        "role": "coordinator",
        "team_ids": [admin_world.teams["noord"]],
    }
    response = client.post("/beheer/medewerkers/nieuw", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    password = shown_password(html)
    assert len(password) >= 12
    with app.app_context():
        user = db.session.execute(
            select(User).where(User.email == "dirk@gemeente.example")
        ).scalar_one()
        assert user.role == Role.COORDINATOR and [t.name for t in user.teams] == ["Wijkteam Noord"]
        assert password not in user.password_hash
        assert check_password("dirk@gemeente.example", password, NOW).ok
        assert user.totp_confirmed_at is None  # they link an app at the first sign-in
    # The same address twice is refused, with everything typed kept.
    response = client.post("/beheer/medewerkers/nieuw", data=data)
    assert response.status_code == 422
    assert "Er is al een medewerker met dit e-mailadres." in response.get_data(as_text=True)
    assert 'value="Dirk de Wit"' in response.get_data(as_text=True)


def test_editing_role_and_teams(app, client, admin_world):
    anna = admin_world.users["anna"]
    response = client.post(
        f"/beheer/medewerkers/{anna}",
        data={
            "name": "Anna de Vries-Bos",
            "role": "coordinator",
            "team_ids": [admin_world.teams["zuid"]],
        },
    )
    assert response.status_code == 303
    with app.app_context():
        user = db.session.get(User, anna)
        assert (user.name, user.role) == ("Anna de Vries-Bos", "coordinator")
        assert [t.name for t in user.teams] == ["Wijkteam Zuid"]


def test_a_beheerder_keeps_their_own_role(app, client, admin_world):
    response = client.post(
        f"/beheer/medewerkers/{admin_world.users['bea']}",
        data={"name": "Bea", "role": "medewerker"},
    )
    assert response.status_code == 422
    assert "U kunt uw eigen rol niet veranderen." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, admin_world.users["bea"]).role == Role.BEHEERDER


def test_disabling_ends_their_session_and_enabling_lets_them_in_again(app, client, admin_world):
    anna_client = app.test_client()
    sign_in(app, anna_client, ANNA)
    assert anna_client.get("/medewerker/").status_code == 200

    response = client.post(f"/beheer/medewerkers/{admin_world.users['anna']}/uitzetten")
    assert response.status_code == 303
    assert anna_client.get("/medewerker/").status_code == 302
    with app.app_context():
        assert not db.session.get(User, admin_world.users["anna"]).active
        assert not check_password(ANNA, PASSWORD, NOW).ok

    assert (
        client.post(f"/beheer/medewerkers/{admin_world.users['anna']}/aanzetten").status_code == 303
    )
    # The password step works again (a second code in the same 30 s would be a replay).
    response = app.test_client().post(
        "/medewerker/inloggen", data={"email": ANNA, "password": PASSWORD}
    )
    assert response.headers["Location"].endswith("/medewerker/inloggen/code")


def test_disabling_warns_about_initiatives_that_need_a_new_contact(app, client, admin_world):
    from tests.factories import submit

    with app.app_context():
        initiative = submit(NOW)  # routed to Noord: Anna is the least busy member
        db.session.commit()
        assert initiative.contact.email == ANNA
    response = client.post(
        f"/beheer/medewerkers/{admin_world.users['anna']}/uitzetten", follow_redirects=True
    )
    assert "1 lopende initiatieven" in response.get_data(as_text=True)


def test_a_beheerder_cannot_disable_or_reset_themself(app, client, admin_world):
    bea = admin_world.users["bea"]
    for action in ("uitzetten", "app-loskoppelen", "wachtwoord"):
        response = client.post(f"/beheer/medewerkers/{bea}/{action}")
        assert response.status_code == 422, action
    assert "U kunt uw eigen account niet uitzetten." in client.post(
        f"/beheer/medewerkers/{bea}/uitzetten"
    ).get_data(as_text=True)
    with app.app_context():
        user = db.session.get(User, bea)
        assert user.active and user.totp_confirmed_at is not None
    assert client.get("/beheer/").status_code == 200


def test_resetting_the_second_factor_makes_them_enrol_again(app, client, admin_world):
    anna_client = app.test_client()
    sign_in(app, anna_client, ANNA)
    response = client.post(f"/beheer/medewerkers/{admin_world.users['anna']}/app-loskoppelen")
    assert response.status_code == 303
    assert anna_client.get("/medewerker/").status_code == 302
    with app.app_context():
        user = db.session.get(User, admin_world.users["anna"])
        assert user.totp_secret is None and user.totp_confirmed_at is None
    fresh = app.test_client()
    response = fresh.post("/medewerker/inloggen", data={"email": ANNA, "password": PASSWORD})
    assert response.headers["Location"].endswith("/medewerker/inloggen/koppelen")


def test_a_new_password_replaces_the_old_one(app, client, admin_world):
    give_login(app, ANNA)
    response = client.post(f"/beheer/medewerkers/{admin_world.users['anna']}/wachtwoord")
    password = shown_password(response.get_data(as_text=True))
    with app.app_context():
        assert not check_password(ANNA, PASSWORD, NOW).ok
        assert check_password(ANNA, password, NOW).ok


def test_generated_passwords_are_long_and_different():
    passwords = {organisation.generate_password() for _ in range(50)}
    assert len(passwords) == 50
    assert all(len(p) == 19 and re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", p) for p in passwords)
