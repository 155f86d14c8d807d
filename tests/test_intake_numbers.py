"""Issue 14 (P5): numbers and rows of an intake under load.

The year's first intakes, sent at the same moment, both get a number. The load
benchmark found it: two workers both saw no counter row for the year, both
inserted one, and the second resident got a 500. Now the loser raises the
winner's row. PostgreSQL only: SQLite lets one writer at a time in, so the race
cannot happen there.

And the initiative is written once, with its team and contact already set.
"""

import re
import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import event

from initiatief.extensions import db
from initiatief.services.intake import next_number
from tests.conftest import ON_POSTGRES, require
from tests.factories import submit
from tests.shared_fixtures import in_app

YEAR = 2031
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.postgres_only
def test_two_first_intakes_of_a_year_get_the_next_two_numbers(app):
    require(ON_POSTGRES, "the race needs two PostgreSQL transactions at once")
    first_flushed, first_may_commit = threading.Event(), threading.Event()
    numbers: dict[str, str] = {}
    errors: list[Exception] = []

    def first() -> None:
        with app.app_context():
            numbers["first"] = next_number(YEAR)  # inserts the year's row, not committed
            first_flushed.set()
            first_may_commit.wait(10)
            db.session.commit()

    def second() -> None:
        with app.app_context():
            try:
                numbers["second"] = next_number(YEAR)  # waits on the first's insert
                db.session.commit()
            except Exception as error:  # noqa: BLE001 (asserted below)
                db.session.rollback()
                errors.append(error)

    one = threading.Thread(target=first)
    one.start()
    assert first_flushed.wait(10)
    two = threading.Thread(target=second)
    two.start()
    time.sleep(0.5)  # the second now waits for the first's row
    first_may_commit.set()
    one.join(20)
    two.join(20)
    assert errors == []
    assert numbers == {"first": f"INI-{YEAR}-0001", "second": f"INI-{YEAR}-0002"}


def test_an_intake_inserts_the_initiative_once_with_its_team_and_contact(app, world):
    """Issue 14 (P5): routing used to flush the new initiative first and then update it."""
    statements: list[str] = []
    with in_app(app, world):
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        initiative = submit(T0, wijk_id=world.wijken["haven"].id)
        db.session.commit()
        assert initiative.team is world.teams["zuid"] and initiative.contact is world.staff["cor"]
    touching = [s for s in statements if re.match(r"\s*(INSERT INTO|UPDATE) initiatives\b", s)]
    assert len(touching) == 1 and touching[0].lstrip().startswith("INSERT")
