"""Templates' _() in one call (i18n.template_gettext) translates as Jinja's own did.

The status page translates some fifty strings; _() now reaches the catalogue
without Jinja's two context calls and keeps the locale's name per request. What
must not change: the language force_locale asks for (a mail in the resident's
language in the middle of a Dutch request), escaping of the variables in HTML,
plain text where the template does not autoescape.
"""

import pytest
from flask import render_template_string
from flask_babel import force_locale

from initiatief.extensions import babel

HTML = '{{ _("Van %(start)s tot %(end)s", start=start, end="x") }}'


@pytest.fixture(autouse=True)
def forget_catalogs(app):
    """Flask-Babel caches catalogs per process: leave none from this app behind."""
    yield
    with app.app_context():
        babel.domain_instance.cache.clear()


def test_force_locale_switches_the_language_and_back(app):
    with app.test_request_context("/"):
        assert render_template_string('{{ _("Nu bezig") }}') == "Nu bezig"
        with force_locale("en"):
            assert render_template_string('{{ _("Nu bezig") }}') == "In progress"
            assert render_template_string('{{ gettext("Nu bezig") }}') == "In progress"
        assert render_template_string('{{ _("Nu bezig") }}') == "Nu bezig"


def test_variables_are_escaped_in_html(app):
    with app.test_request_context("/"), force_locale("en"):
        assert render_template_string(HTML, start="<b>") == "From &lt;b&gt; to x"


def test_plain_text_templates_are_not_escaped(app):
    with app.test_request_context("/"):
        plain = "{% autoescape false %}" + HTML + "{% endautoescape %}"
        assert app.jinja_env.from_string(plain).render(start="<b>") == "Van <b> tot x"


def test_a_percent_sign_is_formatted_as_before(app):
    with app.test_request_context("/"):
        assert render_template_string('{{ _("100%% klaar") }}') == "100% klaar"
