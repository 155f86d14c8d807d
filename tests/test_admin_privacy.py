"""Beheer of the AVG: the retention periods, and the audit log with its filters and CSV."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import AuditEntry, User
from initiatief.services import audit
from initiatief.services.config.retention import current_periods
from tests.admin_world import BEA, build_admin_world
from tests.factories import submit
from tests.staff_helpers import sign_in

MARCH = datetime(2026, 3, 3, 15, 30, tzinfo=UTC)  # 16.30 in Amsterdam


@pytest.fixture
def beheerder(app):
    world = build_admin_world(app)
    client = app.test_client()
    sign_in(app, client, BEA)
    client.world = world
    return client


# --- retention periods -------------------------------------------------------------


def test_the_page_shows_the_configured_defaults(beheerder):
    page = beheerder.get("/beheer/bewaartermijnen").get_data(as_text=True)
    assert 'name="closed_months" value="12"' in page
    assert 'name="outbox_days" value="90"' in page


def test_a_beheerder_sets_the_periods_and_it_is_audited(app, beheerder):
    response = beheerder.post(
        "/beheer/bewaartermijnen", data={"closed_months": "24", "outbox_days": "120"}
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/beheer/bewaartermijnen")
    with app.app_context():
        assert (current_periods().closed_months, current_periods().outbox_days) == (24, 120)
        entry = db.session.execute(select(AuditEntry)).scalar_one()
        bea = db.session.execute(select(User).where(User.email == BEA)).scalar_one()
        assert (entry.action, entry.actor) == ("retention_changed", f"user:{bea.id}")
    assert 'value="24"' in beheerder.get("/beheer/bewaartermijnen").get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"closed_months": "2", "outbox_days": "90"}, "closed_months", "Korter mag niet"),
        ({"closed_months": "12", "outbox_days": "7"}, "outbox_days", "Korter mag niet"),
        ({"closed_months": "twaalf", "outbox_days": "90"}, "closed_months", "heel getal"),
        ({"closed_months": "", "outbox_days": "90"}, "closed_months", "aantal maanden"),
        ({"closed_months": "12", "outbox_days": "\x00\x7f"}, "outbox_days", "aantal dagen"),
    ],
)
def test_a_period_below_the_minimum_is_refused_at_its_field(app, beheerder, data, field, message):
    response = beheerder.post("/beheer/bewaartermijnen", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    error = page.split(f'id="{field}-fout"')[1].split("</div>")[0]
    assert message in error
    kept = data[field] if data[field].isprintable() else ""  # control characters are dropped
    assert f'name="{field}" value="{kept}"' in page  # what was typed is kept
    with app.app_context():
        assert current_periods().closed_months == 12
        assert db.session.execute(select(AuditEntry)).first() is None


def test_the_beheer_index_links_to_both_pages(beheerder):
    page = beheerder.get("/beheer/").get_data(as_text=True)
    assert 'href="/beheer/bewaartermijnen"' in page and 'href="/beheer/audit"' in page


# --- the audit log -----------------------------------------------------------------


def fill_log(app) -> dict:
    """Two initiatives, entries by Anna and Bram, a resident and the retention job."""
    with app.app_context():
        first = submit(MARCH - timedelta(days=10))
        second = submit(MARCH - timedelta(days=9), email="piet@voorbeeld.example")
        anna = db.session.execute(select(User).where(User.name == "Anna de Vries")).scalar_one()
        bram = db.session.execute(select(User).where(User.name == "Bram Jansen")).scalar_one()
        audit.record(actor=anna, action="view", initiative=first, now=MARCH, origin="10.0.0.1")
        audit.record(
            actor=bram,
            action="export",
            initiative=second,
            now=MARCH + timedelta(hours=8),  # 4 maart 00.30 in Amsterdam
            reason="=SOM(A1) verzoek van de inwoner",
        )
        db.session.add_all(
            [
                AuditEntry(
                    created_at=MARCH + timedelta(days=1, hours=1),
                    actor="resident:abc",
                    action="download",
                    object_type="initiator",
                    object_id="1",
                    initiative_id=first.id,
                ),
                AuditEntry(
                    created_at=MARCH + timedelta(days=2),
                    actor="system:retention",
                    action="anonymised",
                    object_type="initiator",
                    object_id="2",
                    initiative_id=second.id,
                ),
            ]
        )
        db.session.commit()
        return {"first": first.number, "second": second.number, "anna": anna.id, "bram": bram.id}


def rows_of(page: str) -> list[str]:
    body = page.split("<tbody", 1)[1].split("</tbody>")[0] if "<tbody" in page else ""
    return body.split("<tr")[1:]


def test_the_log_shows_who_did_what_when_newest_first(app, beheerder):
    log = fill_log(app)
    response = beheerder.get("/beheer/audit")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    rows = rows_of(page)
    assert len(rows) == 4
    assert "systeem (bewaartermijn)" in rows[0] and "geanonimiseerd" in rows[0]
    assert "inwoner" in rows[1] and "gedownload door inwoner" in rows[1]
    assert "4 maart 2026 00.30" in rows[2] and "Bram Jansen" in rows[2]
    assert "Reden: =SOM(A1) verzoek van de inwoner" in rows[2]
    assert "3 maart 2026 16.30" in rows[3] and "Anna de Vries" in rows[3]
    assert "bekeken" in rows[3] and "10.0.0.1" in rows[3] and "gelukt" in rows[3]
    assert f'href="/medewerker/initiatief/{log["first"]}"' in rows[3]
    # The log names no resident: looking at it is not a look at their data.
    assert "Fatima" not in page and "voorbeeld.example" not in page
    with app.app_context():
        assert db.session.execute(select(AuditEntry)).scalars().all().__len__() == 4


def test_filters_by_initiative_staff_member_and_period(app, beheerder):
    log = fill_log(app)
    by_number = rows_of(beheerder.get(f"/beheer/audit?nummer={log['first'].lower()}").text)
    assert len(by_number) == 2 and all(log["first"] in row for row in by_number)
    by_staff = rows_of(beheerder.get(f"/beheer/audit?medewerker={log['bram']}").text)
    assert len(by_staff) == 1 and "Bram Jansen" in by_staff[0]
    # The period is in Amsterdam days: 00.30 on 4 March belongs to 4 March.
    on_the_fourth = rows_of(beheerder.get("/beheer/audit?van=2026-03-04&tot=2026-03-04").text)
    assert len(on_the_fourth) == 2
    assert "Bram Jansen" in on_the_fourth[1] and "inwoner" in on_the_fourth[0]
    until_third = rows_of(beheerder.get("/beheer/audit?tot=2026-03-03").text)
    assert len(until_third) == 1 and "Anna de Vries" in until_third[0]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("van=2026-31-12", "van", "Dit is geen datum"),
        ("van=2026-03-05&tot=2026-03-01", "tot", "ligt voor de datum"),
        ("tot=1999-01-01", "tot", "Kies een periode tussen"),
        ("nummer=INI-1900-0001", "nummer", "Er is geen initiatief met dit nummer"),
        ("medewerker=99999", "medewerker", "Deze medewerker bestaat niet"),
    ],
)
def test_bad_filters_get_400_with_the_message_and_the_form_kept(
    app, beheerder, query, field, message
):
    fill_log(app)
    for path in ("/beheer/audit", "/beheer/audit.csv"):
        response = beheerder.get(f"{path}?{query}")
        page = response.get_data(as_text=True)
        assert response.status_code == 400
        assert message in page.split(f'id="{field}-fout"')[1].split("</div>")[0]
        assert "<tbody" not in page
    if field in ("van", "tot", "nummer"):
        typed = dict(part.split("=") for part in query.split("&"))[field]
        assert f'value="{typed}"' in page


def test_the_log_is_paged(app, beheerder):
    with app.app_context():
        initiative = submit(MARCH)
        anna = db.session.execute(select(User).where(User.name == "Anna de Vries")).scalar_one()
        for minute in range(30):
            now = MARCH + timedelta(minutes=minute)
            audit.record(actor=anna, action="view", initiative=initiative, now=now)
        db.session.commit()
    first = beheerder.get("/beheer/audit").get_data(as_text=True)
    assert len(rows_of(first)) == 25 and "Pagina 1 van 2" in first
    second = beheerder.get("/beheer/audit?pagina=2").get_data(as_text=True)
    assert len(rows_of(second)) == 5
    assert "3 maart 2026 16.30" in rows_of(second)[-1]


def test_the_csv_is_the_filtered_list_with_the_dashboard_rules(app, beheerder):
    log = fill_log(app)
    response = beheerder.get(f"/beheer/audit.csv?nummer={log['second']}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0] == "Wanneer;Wie;Wat;Initiatief;Resultaat;Herkomst;Reden"
    assert len(lines) == 3
    assert lines[1].startswith("2026-03-05 16:30;systeem (bewaartermijn);geanonimiseerd;")
    assert lines[2] == (
        f"2026-03-04 00:30;Bram Jansen;geëxporteerd;{log['second']};gelukt;;"
        "'=SOM(A1) verzoek van de inwoner"
    )
