"""The language of a request: an explicit choice, then what we remember, then a guess.

The order (select_locale): ?taal= in the URL (the switch in the page header) >
the `taal` cookie that choice leaves > the language stored on the signed-in
resident's initiative > the browser's Accept-Language > Dutch. Staff and beheer
pages are always Dutch. A choice made with the switch on a GET page is stored
(cookie, and on the resident's initiatives when signed in) and the page is
shown again at its own address without ?taal=, so a reload or a bookmark keeps
no trace of it and the next mail is in the chosen language too.
"""

from functools import lru_cache
from urllib.parse import quote, urlencode

from babel import Locale, UnknownLocaleError
from flask import Flask, current_app, g, has_request_context, redirect, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from werkzeug.wrappers import Response

from .catalogue import current_catalogue
from .extensions import db
from .resident_session import signed_in_email, signed_in_language
from .services.next_path import own_page_path
from .services.resident_language import set_language

DEFAULT = "nl"
PARAM = "taal"  # the switch's query parameter
COOKIE = "taal"
COOKIE_SECONDS = 365 * 24 * 60 * 60
STAFF_PATHS = ("/medewerker", "/beheer")
NEXT_PARAMS = ("volgende",)  # where a login goes next: checked before the switch repeats it


def supported() -> tuple[str, ...]:
    """The languages on offer (config LANGUAGES), Dutch first: the source language."""
    return tuple(current_app.config.get("LANGUAGES", (DEFAULT,)))


def valid(value: str | None) -> str | None:
    """value when it is a language on offer, else None."""
    return value if value in supported() else None


def is_staff_path(path: str) -> bool:
    return any(path == prefix or path.startswith(prefix + "/") for prefix in STAFF_PATHS)


def chosen_in_url() -> str | None:
    """The language the switch asks for in this request (?taal=en), if one on offer."""
    if is_staff_path(request.path):
        return None
    return valid(request.args.get(PARAM))


def _resident_language() -> str | None:
    return valid(signed_in_language())


def select_locale() -> str:
    """URL > cookie > the signed-in resident's initiative > Accept-Language > Dutch."""
    if not has_request_context():
        return DEFAULT
    if is_staff_path(request.path):
        return DEFAULT
    return (
        chosen_in_url()
        or valid(request.cookies.get(COOKIE))
        or _resident_language()
        or request.accept_languages.best_match(supported())
        or DEFAULT
    )


def remember(response: Response, language: str) -> Response:
    """The cookie that keeps the choice for a year: not for scripts, sent on our own links."""
    response.set_cookie(
        COOKIE,
        language,
        max_age=COOKIE_SECONDS,
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        httponly=True,
        samesite="Lax",
    )
    return response


def same_page_without_choice() -> str:
    """This request's own path and query, without ?taal=: where the switch lands.

    Only a path on this site: leading slashes and backslashes are folded into
    one, so a crafted path can never become a link to another host; a page to
    go to after logging in (?volgende=) goes along only when it is one of ours.
    """
    path = "/" + request.path.lstrip("/\\")
    query = [
        (key, value)
        for key, value in request.args.items(multi=True)
        if key != PARAM and (key not in NEXT_PARAMS or own_page_path(value))
    ]
    url = request.script_root + quote(path)
    return f"{url}?{urlencode(query)}" if query else url


def apply_choice() -> Response | None:
    """Before each request: store a language chosen with the switch.

    A GET (or HEAD) is answered with a redirect to the same page without
    ?taal=, after storing the choice on the signed-in resident's initiatives
    (its own commit: the request does nothing else). Any other method (a form
    page's switch that posts what was typed) goes on to its view in the chosen
    language; the cookie is set on its response.
    """
    language = chosen_in_url()
    if language is None:
        return None
    if request.method not in ("GET", "HEAD"):
        g.language_choice = language
        return None
    email = signed_in_email()
    if email:
        set_language(email, language)
        db.session.commit()
    return remember(redirect(same_page_without_choice(), code=303), language)


def keep_choice(response: Response) -> Response:
    """After a request whose view ran in a newly chosen language: remember it."""
    language = g.get("language_choice")
    return remember(response, language) if language else response


@lru_cache(maxsize=16)
def own_name(code: str) -> str:
    """A language named in itself ("English"), kept per process: every page header shows it."""
    return Locale.parse(code).get_display_name(code).capitalize()


def language_links() -> list[dict[str, str]]:
    """The switch in the page header: one link per other language, named in that language."""
    if not has_request_context() or is_staff_path(request.path):
        return []
    shown = str(get_locale() or DEFAULT)
    path = same_page_without_choice()
    joiner = "&" if "?" in path else "?"
    return [
        {
            "code": code,
            "name": own_name(code),
            "href": f"{path}{joiner}{urlencode({PARAM: code})}",
        }
        for code in supported()
        if code != shown
    ]


# How staff pages name a resident's language (staff pages are Dutch).
STAFF_LABELS = {"en": _l("Engelstalig")}


def staff_language_label(code: str | None) -> str:
    """The label staff see for a resident's language: "Engelstalig"; "" for Dutch."""
    if not code or code == DEFAULT:
        return ""
    if code in STAFF_LABELS:
        return str(STAFF_LABELS[code])
    try:
        name = Locale.parse(code).get_display_name(DEFAULT)
    except (ValueError, UnknownLocaleError):
        name = code
    return _("Taal: %(name)s", name=name)


CATALOGUE_OF_RENDER = "initiatief_catalogue"


@pass_context
def template_gettext(context: Context, string: str, **variables) -> str:
    """Templates' _() and gettext: Jinja's newstyle gettext, in one call instead of three.

    Jinja's _() resolves gettext in the context and calls it, which calls the
    translation function through the context again: about fifty times a status
    page. Same result: the translation, Markup where the template autoescapes,
    and always %-formatted with the variables.
    """
    eval_ctx = context.eval_ctx
    # One render is in one language: the catalogue is found once per template rendered.
    catalogue = eval_ctx.__dict__.get(CATALOGUE_OF_RENDER)
    if catalogue is None:
        catalogue = eval_ctx.__dict__[CATALOGUE_OF_RENDER] = current_catalogue()
    text = catalogue.ugettext(string)
    if eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 (our own catalogue, as Jinja does; variables escaped by %)
    return text % variables


def install_template_gettext(app: Flask) -> None:
    """Templates' _(), gettext and friends through _catalogue (after babel.init_app)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: current_catalogue().ugettext(s),
        ngettext=lambda s, p, n: current_catalogue().ungettext(s, p, n),
        pgettext=lambda c, s: current_catalogue().upgettext(c, s),
        npgettext=lambda c, s, p, n: current_catalogue().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals.update({"_": template_gettext, "gettext": template_gettext})


def init_app(app: Flask) -> None:
    app.config.setdefault("LANGUAGES", (DEFAULT, "en"))
    install_template_gettext(app)
    app.before_request(apply_choice)
    app.after_request(keep_choice)
    app.add_template_global(language_links, "language_links")
    app.add_template_global(staff_language_label, "staff_language_label")
