"""The migrations are the schema: upgrade an empty database, then nothing is left to add."""

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from initiatief import create_app
from tests.conftest import ON_POSTGRES, PG_URL


def empty_database(tmp_path) -> str:
    if not ON_POSTGRES:
        return f"sqlite:///{tmp_path / 'empty.sqlite'}"
    url = make_url(PG_URL)
    name = f"{url.database}_migrations"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def test_upgrade_on_empty_database_then_check_finds_no_drift(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database(tmp_path)})
    runner = app.test_cli_runner()
    upgrade = runner.invoke(args=["db", "upgrade"])
    assert upgrade.exit_code == 0, upgrade.output
    check = runner.invoke(args=["db", "check"])
    # `db check` exits 1 when the models differ from what the migrations built.
    assert check.exit_code == 0, check.output
    with app.app_context():
        from initiatief.extensions import db

        db.engine.dispose()
