"""The current locale's translation catalogue, found in one step.

Flask-Babel's gettext finds the catalogue through three context lookups per
string, and a page or a form translates fifty to a hundred strings. Templates
(i18n.template_gettext) and form labels (forms.fields.lazy_text) read it here.
get_locale still decides, so force_locale (the resident's mails) works as
before, and clearing Flask-Babel's cache clears this.
"""

from babel.support import NullTranslations
from flask import g
from flask_babel import get_locale, get_translations

from .extensions import babel


def current_catalogue() -> NullTranslations:
    """The current locale's catalogue, from Flask-Babel's own cache when it is there."""
    domain = babel.domain_instance
    catalogue = domain.cache.get((locale_name(), domain.domain[0]))
    return catalogue if catalogue is not None else get_translations()


def locale_name() -> str:
    """str(get_locale()), remembered beside the locale object Flask-Babel keeps per request.

    "" outside a request, where there is no locale (no catalogue has that name).

    A status page translates some fifty strings; each asked get_locale through
    proxies and built the locale's name again. The request's Locale object is
    read from where get_locale keeps it (g._flask_babel.babel_locale) and its
    name reused while that object stays: force_locale puts another object
    there, so a mail composed in another language gets its own name.
    """
    state = g.get("_flask_babel") if g else None
    locale = getattr(state, "babel_locale", None)
    if locale is None:
        found = get_locale()  # None outside a request: "", as no catalogue has that name
        return str(found) if found is not None else ""
    named = getattr(state, "initiatief_locale_name", None)
    if named is None or named[0] is not locale:
        named = (locale, str(locale))
        state.initiatief_locale_name = named
    return named[1]
