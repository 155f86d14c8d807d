"""`flask translate`: extraction finds every kind of marked text; init, update and compile."""

import pytest
from babel.messages.pofile import read_po

from initiatief import create_app


@pytest.fixture
def runner(tmp_path):
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": "sqlite://", "BABEL_TRANSLATION_DIRECTORIES": str(tmp_path)}
    )
    return app.test_cli_runner()


def test_extract_init_update_and_compile(runner, tmp_path):
    result = runner.invoke(args=["translate", "extract"])
    assert result.exit_code == 0, result.output
    with open(tmp_path / "messages.pot", "rb") as file:
        template = read_po(file)
    ids = {message.id if isinstance(message.id, str) else message.id[0] for message in template}
    assert "Ga direct naar de inhoud" in ids  # a template's _()
    assert "Engelstalig" in ids  # lazy_gettext as _l in Python
    assert "%(num)d dag te laat" in ids  # ngettext in a template
    assert "Wij hebben het daarom afgesloten." not in ids  # only whole messages
    assert any(i.startswith("U heeft ons laten weten dat u stopt.") for i in ids)

    assert runner.invoke(args=["translate", "init", "en"]).exit_code == 0
    catalog = tmp_path / "en" / "LC_MESSAGES" / "messages.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(
        text.replace(
            'msgid "Ga direct naar de inhoud"\nmsgstr ""',
            'msgid "Ga direct naar de inhoud"\nmsgstr "Skip to the content"',
        ),
        encoding="utf-8",
    )
    result = runner.invoke(args=["translate", "update"])
    assert result.exit_code == 0, result.output
    assert 'msgstr "Skip to the content"' in catalog.read_text(encoding="utf-8")
    result = runner.invoke(args=["translate", "compile"])
    assert result.exit_code == 0 and "Compiled 1 catalog" in result.output
    assert (tmp_path / "en" / "LC_MESSAGES" / "messages.mo").exists()


def test_compile_without_catalogs_says_the_pages_stay_dutch(runner):
    result = runner.invoke(args=["translate", "compile"])
    assert result.exit_code == 0
    assert "every page stays Dutch" in result.output
