"""An intake asks the database only what it does not already know (issue 14, P5)."""

import threading

import pytest
from sqlalchemy import event

from initiatief.extensions import db
from initiatief.rendering import render_markdown
from tests.samples import INTAKE_FORM
from tests.shared_fixtures import in_app


@pytest.fixture
def wijk_id(app, world):
    with in_app(app, world):
        return world.wijken["haven"].id


def statements_of_send(app, client, wijk_id) -> list[str]:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        data = {**INTAKE_FORM, "wijk": str(wijk_id), "action": "send"}
        response = client.post("/initiatief-indienen", data=data)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 303
    return seen


def test_send_reads_nothing_it_just_wrote(app, client, wijk_id):
    """The receipt's timeline uses the visit just added (no pauses yet), the
    stored mail text is read once for subject and body, the calendar once, and
    the redirect needs no reload of the initiative."""
    seen = statements_of_send(app, client, wijk_id)

    def selects(table: str) -> int:  # statements that load rows of this table
        return sum(1 for s in seen if s.startswith(f"SELECT {table}."))

    assert selects("phase_visits") == 0
    assert selects("pauses") == 0
    assert selects("initiatives") == 0
    assert selects("mail_texts") == 1
    assert selects("closed_days") == 1


def test_markdown_parser_forgets_the_previous_text():
    """One parser is reused per thread: a reference defined in one text never
    turns a later text's brackets into a link."""
    render_markdown("[gemeente]: https://voorbeeld.example/\n\nTekst.")
    assert "<a" not in str(render_markdown("Zie [gemeente]."))
    assert 'href="https://voorbeeld.example/"' in str(
        render_markdown("Zie [gemeente].\n\n[gemeente]: https://voorbeeld.example/")
    )


def test_markdown_renders_alike_in_parallel_threads():
    texts = [f"# Kop {n}\n\n- een **{n}**\n- twee\n\n1. drie\n" for n in range(40)]
    expected = [str(render_markdown(text)) for text in texts]
    results: dict[int, list[str]] = {}

    def work(worker: int) -> None:
        results[worker] = [str(render_markdown(text)) for text in texts * 5]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result == expected * 5 for result in results.values())
