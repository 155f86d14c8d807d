"""Mailteksten: the resident mails' subjects and bodies, with a preview on a real initiative.

Each kind has a text per language (?taal=nl, the default, or ?taal=en), each
saved, previewed and reset on its own; the page links to the other languages.
The preview's HTML is the mail itself, inline styles and all, as residents get
it. The page's policy forbids inline styles, so the page shows that HTML in a
sandboxed iframe whose response (mail_preview_frame) has a policy of its own.
"""

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import escape
from werkzeug.wrappers import Response

from ... import i18n
from ...forms.admin import EmptyForm, MailTextForm
from ...mail import editable_texts
from ...services.config import mail_texts as service
from ...services.errors import DomainError
from ..transactions import refuse_into
from ..viewing import record_view
from . import actor, bp, done, form_page, run

# The mail's HTML in the preview frame: its inline styles and images, nothing else.
# No scripts, forms or base; framed only by our own beheer page (which sandboxes it).
PREVIEW_CSP = "; ".join(
    [
        "default-src 'none'",
        "style-src 'unsafe-inline'",
        "img-src 'self' data:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'self'",
    ]
)


NOTE_DOCUMENT = (
    '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{note}</title></head>'
    "<body><p>{note}</p></body></html>"
)


# The languages as a Dutch beheer page names them, and "de Engelse tekst".
LANGUAGE_NAMES = {"nl": _l("Nederlands"), "en": _l("Engels")}
LANGUAGE_ADJECTIVES = {"nl": _l("Nederlandse"), "en": _l("Engelse")}


def kind_or_404(kind: str) -> editable_texts.MailKind:
    try:
        return editable_texts.mail_kind(kind)
    except KeyError:
        abort(404)


def language_or_404() -> str:
    """The text's language from ?taal= (Dutch when absent); 404 for one not on offer."""
    language = request.args.get("taal") or editable_texts.SOURCE_LANGUAGE
    if i18n.valid(language) is None:
        abort(404)
    return language


def languages() -> list[dict]:
    """Every language on offer with its Dutch name, for links and headings."""
    return [{"code": code, "name": LANGUAGE_NAMES.get(code, code)} for code in i18n.supported()]


def taal(language: str) -> str | None:
    """The ?taal= value of a link: none for Dutch, so the old addresses stay as they were."""
    return None if language == editable_texts.SOURCE_LANGUAGE else language


@bp.get("/mailteksten")
def mail_texts():
    customised = {code: service.customised_kinds(code) for code in i18n.supported()}
    return render_template(
        "admin/mail_texts.html",
        kinds=editable_texts.KINDS.values(),
        customised=customised,
        languages=languages(),
        taal=taal,
    )


def make_preview(
    spec: editable_texts.MailKind,
    language: str,
    number: str,
    subject=None,
    body=None,
    fragment=True,
):
    """(preview, message): a preview on the chosen or newest initiative, or why there is none."""
    initiative = service.preview_initiative(number or None)
    if initiative is None:
        if number:
            return None, _("Er is geen initiatief met nummer %(number)s.", number=number)
        return None, _("Er is nog geen initiatief. Het voorbeeld verschijnt na de eerste aanvraag.")
    # Audited: the preview shows the resident's name.
    preview = record_view(
        service.preview,
        spec.kind,
        initiative,
        actor=actor(),
        subject=subject,
        body=body,
        fragment=fragment,
        language=language,
    )
    return preview, None


def frame_url(
    spec: editable_texts.MailKind, language: str, number: str, subject=None, body=None
) -> str:
    """Where the preview frame gets the mail; unsaved text travels along in the query."""
    return url_for(
        "admin.mail_preview_frame",
        kind=spec.kind,
        taal=taal(language),
        nummer=number or None,
        onderwerp=subject,
        tekst=body,
    )


def mail_text_page(
    spec: editable_texts.MailKind, language: str, form: MailTextForm, problem=None, preview=None
):
    number = (request.values.get("nummer") or "").strip()
    note = None
    stored = request.method == "GET"
    subject = None if stored else form.subject.data
    body = None if stored else form.body.data
    if preview is None and not form.errors and not problem:
        preview, note = make_preview(spec, language, number, subject=subject, body=body)
    return form_page(
        "admin/mail_text_form.html",
        form,
        problem,
        spec=spec,
        language=language,
        language_name=LANGUAGE_NAMES.get(language, language),
        languages=languages(),
        taal=taal,
        number=number,
        preview=preview,
        preview_note=note,
        preview_frame=frame_url(spec, language, number, subject, body) if preview else None,
        customised=spec.kind in service.customised_kinds(language),
        buttons=EmptyForm(),
    )


@bp.route("/mailteksten/<kind>", methods=["GET", "POST"])
def mail_text(kind: str):
    spec = kind_or_404(kind)
    language = language_or_404()
    form = MailTextForm()
    if not form.is_submitted():
        form.subject.data, form.body.data = editable_texts.mail_text(spec.kind, language)
    if not form.validate_on_submit():
        return mail_text_page(spec, language, form)
    if request.form.get("voorbeeld"):
        try:
            service.check_mail_text(spec.kind, form.subject.data, form.body.data)
        except DomainError as refused:
            return mail_text_page(spec, language, form, refuse_into(form, refused))
        return mail_text_page(spec, language, form)
    try:
        run(
            service.save_mail_text,
            spec.kind,
            form.subject.data,
            form.body.data,
            actor(),
            language,
        )
    except DomainError as refused:
        return mail_text_page(spec, language, form, refuse_into(form, refused))
    return done(
        _(
            "De %(language)s tekst van '%(name)s' is opgeslagen. Nieuwe e-mails gebruiken "
            "deze tekst.",
            language=LANGUAGE_ADJECTIVES.get(language, language),
            name=spec.name,
        ),
        url_for(
            "admin.mail_text",
            kind=spec.kind,
            taal=taal(language),
            nummer=request.form.get("nummer") or None,
        ),
    )


@bp.get("/mailteksten/<kind>/voorbeeld")
def mail_preview_frame(kind: str):
    """The mail's HTML as residents get it, for the sandboxed iframe on the text's page.

    Its own policy allows the mail's inline styles (and nothing that runs); the
    page around it keeps its strict one. Unsaved text comes in the query
    (onderwerp, tekst); text with unknown placeholders is refused as on the page.
    """
    spec = kind_or_404(kind)
    language = language_or_404()
    subject, body = request.args.get("onderwerp"), request.args.get("tekst")
    if subject is not None and body is not None:
        try:
            service.check_mail_text(spec.kind, subject, body)
        except DomainError:
            abort(400)
    elif subject is not None or body is not None:
        abort(400)
    number = (request.args.get("nummer") or "").strip()
    preview, note = make_preview(spec, language, number, subject=subject, body=body, fragment=False)
    # Without an initiative the frame says why, as the page does.
    html = str(preview.html) if preview else NOTE_DOCUMENT.format(note=escape(note))
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = PREVIEW_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.post("/mailteksten/<kind>/standaard")
def reset_mail_text(kind: str):
    spec = kind_or_404(kind)
    language = language_or_404()
    run(service.reset_mail_text, spec.kind, language)
    return done(
        _(
            "De %(language)s tekst van '%(name)s' is terug naar de standaardtekst.",
            language=LANGUAGE_ADJECTIVES.get(language, language),
            name=spec.name,
        ),
        url_for("admin.mail_text", kind=spec.kind, taal=taal(language)),
    )
