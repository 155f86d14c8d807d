"""Error pages in plain Dutch; the 500 handler rolls back the failed transaction."""

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..extensions import db

MESSAGES = {
    400: _l("De gegevens die u stuurde kunnen wij niet verwerken."),
    403: _l("U heeft geen toegang tot deze pagina."),
    404: _l("Deze pagina bestaat niet (meer)."),
    405: _l("Deze actie kan op deze pagina niet."),
    413: _l("Wat u stuurde is te groot."),
    429: _l("U heeft dit te vaak geprobeerd. Wacht even en probeer het daarna opnieuw."),
}


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        message = _(
            "Het formulier is verlopen of niet compleet verstuurd. Ga terug, "
            "laad de pagina opnieuw en probeer het nog een keer."
        )
        return render_template("errors/error.html", code=400, message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        message = MESSAGES.get(code, _l("Er ging iets mis."))
        return render_template("errors/error.html", code=code, message=message), code

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        message = _(
            "Er ging bij ons iets mis. Uw gegevens zijn niet verloren; probeer het later opnieuw."
        )
        return render_template("errors/error.html", code=500, message=message), 500
