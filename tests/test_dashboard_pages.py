"""The dashboard pages: who may open them, bad filters, CSV per table, lists behind figures.

A small hand-made world: three initiatives in Noord, two in Zuid, moved through
phases with a frozen clock, so every figure on the page is known in advance.
"""

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from initiatief.charts import Series, bar_chart, line_chart, number
from initiatief.extensions import db
from tests.dashboard_world import COR
from tests.factories import login_resident
from tests.shared_fixtures import BEHEERDER, COORDINATOR
from tests.staff_helpers import client_for


def phase_id(app, name: str) -> int:
    from initiatief.models import Phase

    with app.app_context():
        return db.session.execute(select(Phase.id).where(Phase.name == name)).scalar_one()


# Who may open it


@pytest.mark.parametrize("email", [COORDINATOR, BEHEERDER, COR])
def test_staff_roles_open_the_dashboard(app, dashboard_world, email):
    response = client_for(app, email).get("/medewerker/dashboard")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Per fase" in page and "Vergelijking teams" in page
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "path",
    [
        "/medewerker/dashboard",
        "/medewerker/dashboard/per-fase.csv",
        "/medewerker/dashboard/lijst?figuur=late",
    ],
)
def test_anonymous_visitors_go_to_the_login(app, dashboard_world, path):
    response = app.test_client().get(path)
    assert response.status_code == 302
    assert "/medewerker/inloggen" in response.headers["Location"]


def test_a_resident_session_does_not_open_the_dashboard(app, dashboard_world):
    client = app.test_client()
    login_resident(app, client, "fatima@voorbeeld.example")
    response = client.get("/medewerker/dashboard")
    assert response.status_code == 302
    assert "/medewerker/inloggen" in response.headers["Location"]


# Bad input: a Dutch message, a 400, and what was typed stays in the form

BAD_FILTERS = [
    ("van=2026-13-45", "Dit is geen datum", 'value="2026-13-45"'),
    ("van=morgen&tot=2026-06-01", "Dit is geen datum", 'value="morgen"'),
    ("van=2026-06-01&tot=2026-05-01", "ligt voor de datum", 'value="2026-06-01"'),
    ("van=2020-01-01&tot=2026-12-01", "hoogstens 5 jaar", 'value="2020-01-01"'),
    ("team=999", "Dit team bestaat niet", 'value="999" selected'),
    ("klantreis=abc", "Deze klantreis bestaat niet", 'value="abc" selected'),
    ("wijk=999", "Deze wijk bestaat niet", 'value="999" selected'),
    ("contactpersoon=999", "Deze contactpersoon bestaat niet", 'value="999" selected'),
    ("thema=%3Cb%3E", "Dit onderwerp bestaat niet", 'value="&lt;b&gt;" selected'),
]


@pytest.mark.parametrize(("query", "message", "kept"), BAD_FILTERS)
@pytest.mark.parametrize("path", ["/medewerker/dashboard", "/medewerker/dashboard/per-fase.csv"])
def test_bad_filters_get_a_dutch_message_and_keep_the_input(
    app, dashboard_world, path, query, message, kept
):
    response = client_for(app, COORDINATOR).get(f"{path}?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page and kept in page
    assert "Er ging iets mis. Controleer deze velden:" in page
    assert 'aria-invalid="true"' in page
    assert "<b>" not in page


@pytest.mark.parametrize(
    "query",
    ["figuur=onbekend", "figuur=phase_active&waarde=abc", "figuur=month_submitted&waarde=2026-99"],
)
def test_a_list_that_does_not_exist_is_a_400_in_dutch(app, dashboard_world, query):
    response = client_for(app, COORDINATOR).get(f"/medewerker/dashboard/lijst?{query}")
    assert response.status_code == 400
    assert "Deze lijst bestaat niet" in response.get_data(as_text=True)


def test_an_unknown_table_is_not_found(app, dashboard_world):
    assert client_for(app, COORDINATOR).get("/medewerker/dashboard/geheim.csv").status_code == 404


# The page says in words what it shows


def test_the_page_shows_the_figures_in_words(app, dashboard_world):
    client = client_for(app, COORDINATOR)
    page = client.get("/medewerker/dashboard").get_data(as_text=True)
    assert "de periode van 1 januari 2026 tot en met 1 december 2026" in page
    assert "1 van 2 (50 %)" in page  # Ontvangen: within the norm and promise kept
    assert "Te weinig initiatieven om te vergelijken (minder dan 5):" in page
    assert "Wijkteam Noord (3), Wijkteam Zuid (2)" in page or "Wijkteam Zuid (2), Wijkteam" in page
    assert "Daarom vergelijken we de teams niet." in page
    # Resident text is escaped, never marked safe.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert page.count('role="img"') == 3 and "<caption" in page and 'scope="row"' in page
    filtered = client.get(f"/medewerker/dashboard?klantreis={dashboard_world['journey']}")
    assert "klantreis: Standaard" in filtered.get_data(as_text=True)


def test_an_empty_period_says_so(app, dashboard_world):
    page = client_for(app, COORDINATOR).get("/medewerker/dashboard?van=2025-01-01&tot=2025-02-28")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Geen initiatieven langer dan twee keer de norm" not in text  # 'now' lists stay
    assert "Geen oordelen gegeven in deze periode." in text


# CSV: the same rows as the page


class _Tables(HTMLParser):
    """Cell texts of every table on a page, by the id of its caption."""

    def __init__(self):
        super().__init__()
        self.tables, self.current, self.row, self.cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "caption":
            self.current = dict(attrs)["id"].removeprefix("tabel-")
            self.tables[self.current] = []
        elif tag == "tr" and self.current:
            self.row = []
            self.tables[self.current].append(self.row)
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table":
            self.current = self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def page_tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("slug", ["per-fase", "instroom-uitstroom", "te-laat", "terugbellen"])
def test_each_csv_has_the_rows_the_page_shows(app, dashboard_world, slug):
    client = client_for(app, COORDINATOR)
    shown = page_tables(client.get("/medewerker/dashboard").get_data(as_text=True))[slug]
    response = client.get(f"/medewerker/dashboard/{slug}.csv")
    disposition = f'attachment; filename="dashboard-{slug}-2026-12-01.csv"'
    assert response.headers["Content-Disposition"] == disposition
    rows = read_csv(response)
    header, body = rows[0], rows[1:]
    assert len(body) == len(shown) - 1 > 0
    for csv_row, page_row in zip(body, shown[1:], strict=True):
        cells = iter(csv_row)
        for label, text in zip(shown[0], page_row, strict=True):
            value = next(cells)
            if f"{label}: aantal" in header:  # a share: three cells in the CSV
                whole, _percent = next(cells), next(cells)
                expected = f"{value} van {whole}" if whole != "0" else "–geen gegevens"
                assert text.startswith(expected), (label, text)
            elif "geen gegevens" in text:
                assert value == "", (label, value)
            elif re.fullmatch(r"[\d.,]+", text):  # a number: no thousands dot in the CSV
                assert value == text.replace(".", ""), (label, value, text)
            elif not re.search(r"\d{4}", text):  # names and titles; dates differ in form
                assert value in (text, "'" + text), (label, value, text)


def test_the_phase_csv_in_detail(app, dashboard_world):
    rows = read_csv(client_for(app, COORDINATOR).get("/medewerker/dashboard/per-fase.csv"))
    assert rows[0][:5] == ["Klantreis", "Fase", "Nu bezig", "Nu te laat", "Afgerond in periode"]
    assert "Binnen de norm: procent" in rows[0]
    ontvangen = dict(zip(rows[0], rows[1], strict=True))
    assert ontvangen["Fase"] == "Ontvangen" and ontvangen["Nu bezig"] == "2"
    assert ontvangen["Binnen de norm: aantal"] == "1" and ontvangen["Binnen de norm: van"] == "2"
    assert ontvangen["Binnen de norm: procent"] == "50,0"
    assert ontvangen["Mediaan (werkdagen)"] == "4"  # 2 and 6 working days


def test_csv_cells_cannot_start_a_formula(app, dashboard_world):
    client = client_for(app, COORDINATOR)
    late = read_csv(client.get("/medewerker/dashboard/te-laat.csv"))
    assert [r[1] for r in late[1:] if r[0] == dashboard_world["n2"]] == ['\'=HYPERLINK("http://x")']
    remarks = read_csv(client.get("/medewerker/dashboard/opmerkingen.csv"))
    assert remarks[1][3] == "'=SUM(A1:A9) <script>alert(1)</script>"


# The lists behind the figures


def listed(client, query: str) -> list[str]:
    response = client.get(f"/medewerker/dashboard/lijst?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return sorted(set(re.findall(r"INI-\d{4}-\d{4}", response.get_data(as_text=True))))


def test_lists_behind_figures_hold_exactly_those_initiatives(app, dashboard_world):
    client = client_for(app, COORDINATOR)
    ontvangen, kennismaking = phase_id(app, "Ontvangen"), phase_id(app, "Kennismaking")
    w = dashboard_world
    assert listed(client, f"figuur=phase_finished&waarde={ontvangen}") == [w["n1"], w["z1"]]
    assert listed(client, f"figuur=phase_outside_norm&waarde={ontvangen}") == [w["z1"]]
    assert listed(client, f"figuur=phase_promise_broken&waarde={ontvangen}") == [w["z1"]]
    assert listed(client, f"figuur=phase_active&waarde={kennismaking}") == [w["n1"], w["z1"]]
    assert listed(client, "figuur=month_stopped&waarde=2026-04") == [w["n3"]]
    assert listed(client, "figuur=month_submitted&waarde=2026-03") == sorted(
        w[k] for k in ("n1", "n2", "n3", "z1", "z2")
    )
    assert listed(client, "figuur=callbacks") == [w["z2"]]
    assert listed(client, "figuur=unhappy") == [w["n2"]]
    page = client.get("/medewerker/dashboard/lijst?figuur=callbacks").get_data(as_text=True)
    assert f'href="/medewerker/initiatief/{w["z2"]}"' in page and "1 initiatief" in page


def test_a_medewerker_of_zuid_never_sees_noord(app, dashboard_world):
    client = client_for(app, COR)
    noord = [dashboard_world["n1"], dashboard_world["n2"], dashboard_world["n3"]]
    page = client.get("/medewerker/dashboard").get_data(as_text=True)
    assert "U ziet alleen initiatieven van uw eigen teams" in page
    assert not any(n in page for n in noord) and dashboard_world["z2"] in page
    for slug in ("te-laat", "terugbellen", "ontevreden", "opmerkingen", "per-fase"):
        body = client.get(f"/medewerker/dashboard/{slug}.csv").data.decode("utf-8-sig")
        assert not any(n in body for n in noord), slug
    assert listed(client, "figuur=late") == [dashboard_world["z1"], dashboard_world["z2"]]
    assert listed(client, "figuur=month_submitted&waarde=2026-03") == [
        dashboard_world["z1"],
        dashboard_world["z2"],
    ]
    assert listed(client, "figuur=unhappy") == []
    phases = read_csv(client.get("/medewerker/dashboard/per-fase.csv"))
    assert phases[1][2:5] == ["1", "1", "1"]  # Ontvangen: Z2 now, Z1 finished


# The chart module on its own


def test_bar_chart_escapes_labels_and_writes_the_numbers():
    svg = str(
        bar_chart(
            "Dagen <per> fase",
            "Uitleg & meer",
            ["<script>x</script>", "Besluit"],
            [Series("Mediaan", [3.5, None]), Series('90e "percentiel"', [12, 40])],
            unit="werkdagen",
        )
    )
    assert svg.startswith("<svg") and 'role="img"' in svg and "aria-labelledby=" in svg
    assert "<title" in svg and "Dagen &lt;per&gt; fase" in svg and "Uitleg &amp; meer" in svg
    assert "&lt;script&gt;x&lt;/script&gt;" in svg and "<script" not in svg
    assert "3,5 werkdagen" in svg and "40 werkdagen" in svg and "90e &#34;percentiel&#34;" in svg
    assert 'viewBox="0 0 360 ' in svg and 'width="100%"' in svg and "style=" not in svg
    assert "<pattern" in svg  # the second series is hatched, not only another colour


def test_line_chart_draws_points_and_thins_out_labels():
    months = [f"m{i}" for i in range(12)]
    svg = str(line_chart("Stroom", "Uitleg", months, [Series("In behandeling", list(range(12)))]))
    assert svg.count("<circle") == 12 + 1 and "<polyline" in svg  # and the legend
    assert ">m0<" in svg and ">m11<" in svg and ">m1<" not in svg  # every 2nd label
    assert ">11<" in svg  # one series: the values are written at the points
    two = str(line_chart("S", "U", ["a", "b"], [Series("A", [1, 2]), Series("B", [2, 1])]))
    assert 'stroke-dasharray="6 3"' in two and "<rect" in two  # dash and square marker


@pytest.mark.parametrize("chart", [bar_chart, line_chart])
def test_charts_without_data_say_so(chart):
    assert "Niets te tonen." in chart("T", "U", [], [], empty="Niets te tonen.")
    svg = str(chart("T", "U", ["a"], [Series("A", [None])], empty="Niets te tonen."))
    assert "Niets te tonen." in svg and 'role="img"' in svg


def test_dutch_numbers():
    assert [number(v) for v in (None, 3, 3.0, 3.25, 1234.5, 12000)] == [
        "–",
        "3",
        "3",
        "3,2",
        "1.234,5",
        "12.000",
    ]
