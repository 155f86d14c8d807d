"""Every staff view that shows a resident's own words or data writes an audit line.

The initiative page, the letter and the mail preview are covered next to their
own tests (test_staff_scope, test_assisted_intake, test_mail_texts); here the
dashboard, whose remarks are what residents wrote, and the assisted intake.
"""

from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import AuditEntry, Initiative, User
from tests.dashboard_world import COR
from tests.shared_fixtures import COORDINATOR
from tests.staff_helpers import client_for


def entries(app) -> list[tuple[str, str, str]]:
    """(actor's e-mail, action, initiative number) of every audit line."""
    with app.app_context():
        emails = {f"user:{u.id}": u.email for u in db.session.execute(select(User)).scalars()}
        rows = db.session.execute(
            select(AuditEntry.actor, AuditEntry.action, Initiative.number)
            .join(Initiative, Initiative.id == AuditEntry.initiative_id)
            .order_by(AuditEntry.id)
        ).all()
        return [(emails[actor], action, number) for actor, action, number in rows]


def test_the_dashboard_audits_each_initiative_whose_remark_it_shows(app, dashboard_world):
    response = client_for(app, COORDINATOR).get("/medewerker/dashboard")
    assert response.status_code == 200
    assert "=SUM(A1:A9)" in response.get_data(as_text=True)
    # N2's remark is in two tables (remarks, unhappy): one line for the one look.
    assert entries(app) == [(COORDINATOR, "view", dashboard_world["n2"])]


def test_the_remarks_csv_is_an_export_of_them(app, dashboard_world):
    client = client_for(app, COORDINATOR)
    assert client.get("/medewerker/dashboard/opmerkingen.csv").status_code == 200
    assert client.get("/medewerker/dashboard/ontevreden.csv").status_code == 200
    assert entries(app) == [
        (COORDINATOR, "export", dashboard_world["n2"]),
        (COORDINATOR, "export", dashboard_world["n2"]),
    ]


def test_tables_without_resident_text_write_nothing(app, dashboard_world):
    client = client_for(app, COORDINATOR)
    for table in ("per-fase", "te-laat", "terugbellen", "teams"):
        assert client.get(f"/medewerker/dashboard/{table}.csv").status_code == 200
    assert client.get("/medewerker/dashboard/lijst?figuur=actief").status_code in (200, 400)
    assert entries(app) == []


def test_a_medewerker_who_does_not_see_the_remark_is_not_logged_for_it(app, dashboard_world):
    response = client_for(app, COR).get("/medewerker/dashboard")  # Zuid only; N2 is Noord
    assert response.status_code == 200
    assert "=SUM(A1:A9)" not in response.get_data(as_text=True)
    assert entries(app) == []
