"""The migrations are the schema: upgrade an empty database, then nothing is left to add."""

import pytest
from sqlalchemy import text

from initiatief import create_app
from initiatief.extensions import db
from tests.conftest import ON_POSTGRES
from tests.databases import own_postgres_database


@pytest.fixture
def empty_database(tmp_path):
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    with own_postgres_database("migrations") as url:
        yield url


def test_upgrade_on_empty_database_then_check_finds_no_drift(empty_database):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database})
    runner = app.test_cli_runner()
    upgrade = runner.invoke(args=["db", "upgrade"])
    assert upgrade.exit_code == 0, upgrade.output
    check = runner.invoke(args=["db", "check"])
    # `db check` exits 1 when the models differ from what the migrations built.
    assert check.exit_code == 0, check.output
    with app.app_context():
        db.engine.dispose()


@pytest.mark.postgres_only  # multivariate statistics are PostgreSQL's
def test_the_dashboard_groups_have_their_planner_statistics(empty_database):
    """Without it PostgreSQL guesses ten times too many groups of visit outcomes and
    never groups them in parallel (benchmarks/README.md, dashboard)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database})
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        names = db.session.scalars(text("SELECT stxname FROM pg_statistic_ext")).all()
        db.session.remove()
        db.engine.dispose()
    assert "st_visit_outcomes_groups" in names
