"""Mailteksten: the resident mails' subjects and bodies, with a preview on a real initiative."""

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _

from ...extensions import db
from ...forms.admin import EmptyForm, MailTextForm
from ...mail import texts
from ...models import utcnow
from ...services import config_texts as service
from ...services.configuration import Refused
from . import actor, bp, done, form_page, refuse_into, run


def kind_or_404(kind: str) -> texts.MailKind:
    try:
        return texts.mail_kind(kind)
    except KeyError:
        abort(404)


@bp.get("/mailteksten")
def mail_texts():
    return render_template(
        "admin/mail_texts.html", kinds=texts.KINDS.values(), customised=service.customised_kinds()
    )


def make_preview(spec: texts.MailKind, number: str, subject=None, body=None):
    """(preview, message): a preview on the chosen or newest initiative, or why there is none."""
    initiative = service.preview_initiative(number or None)
    if initiative is None:
        if number:
            return None, _("Er is geen initiatief met nummer %(number)s.", number=number)
        return None, _("Er is nog geen initiatief. Het voorbeeld verschijnt na de eerste aanvraag.")
    preview = service.preview(
        spec.kind,
        initiative,
        actor=actor(),
        now=utcnow(),
        origin=request.remote_addr or "",
        subject=subject,
        body=body,
    )
    db.session.commit()  # the audit line of looking at the resident's name
    return preview, None


def mail_text_page(spec: texts.MailKind, form: MailTextForm, problem=None, preview=None):
    number = (request.values.get("nummer") or "").strip()
    note = None
    if preview is None and not form.errors and not problem:
        stored = request.method == "GET"
        preview, note = make_preview(
            spec,
            number,
            subject=None if stored else form.subject.data,
            body=None if stored else form.body.data,
        )
    return form_page(
        "admin/mail_text_form.html",
        form,
        problem,
        spec=spec,
        number=number,
        preview=preview,
        preview_note=note,
        customised=spec.kind in service.customised_kinds(),
        buttons=EmptyForm(),
    )


@bp.route("/mailteksten/<kind>", methods=["GET", "POST"])
def mail_text(kind: str):
    spec = kind_or_404(kind)
    form = MailTextForm()
    if not form.is_submitted():
        form.subject.data, form.body.data = texts.mail_text(spec.kind)
    if not form.validate_on_submit():
        return mail_text_page(spec, form)
    if request.form.get("voorbeeld"):
        try:
            service.check_mail_text(spec.kind, form.subject.data, form.body.data)
        except Refused as refused:
            return mail_text_page(spec, form, refuse_into(form, refused))
        return mail_text_page(spec, form)
    try:
        run(service.save_mail_text, spec.kind, form.subject.data, form.body.data, actor())
    except Refused as refused:
        return mail_text_page(spec, form, refuse_into(form, refused))
    return done(
        _(
            "De tekst van '%(name)s' is opgeslagen. Nieuwe e-mails gebruiken deze tekst.",
            name=spec.name,
        ),
        url_for("admin.mail_text", kind=spec.kind, nummer=request.form.get("nummer") or None),
    )


@bp.post("/mailteksten/<kind>/standaard")
def reset_mail_text(kind: str):
    spec = kind_or_404(kind)
    run(service.reset_mail_text, spec.kind)
    return done(
        _("De tekst van '%(name)s' is terug naar de standaardtekst.", name=spec.name),
        url_for("admin.mail_text", kind=spec.kind),
    )
