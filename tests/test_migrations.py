"""The migrations are the schema: upgrade an empty database, then nothing is left to add."""

import pytest

from initiatief import create_app
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
        from initiatief.extensions import db

        db.engine.dispose()
