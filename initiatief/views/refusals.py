"""Rate-limit refusals that keep what was typed: the same form again, status 429.

Flask-Limiter refuses a request by raising a 429 before the view runs. A bare
error page would lose the whole form (DESIGN §6: nothing typed is lost), so a
blueprint that has limited forms calls `keep_input_on_refusal(bp)`, and each
limited view names how its page is shown again with `@shown_again_for(endpoint)`.
That function gets a `Refusal` (when to try again, in words) and returns the
page, built from the posted data as after a validation error. Limited views
without one get the general error page, with the same words.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import Blueprint, current_app, make_response, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext

from ..extensions import limiter
from ..models import utcnow
from ..models.types import AMSTERDAM

ReShow = Callable[["Refusal"], object]  # a view's return value: body, or (body, status)
_RESHOW: dict[str, ReShow] = {}


@dataclass(frozen=True)
class Refusal:
    """A limit was reached; `retry_at` (UTC) is when the form may be sent again."""

    retry_at: datetime
    now: datetime

    @property
    def seconds(self) -> int:
        return max(1, math.ceil((self.retry_at - self.now).total_seconds()))

    @property
    def title(self) -> str:
        return _("U heeft dit te vaak geprobeerd.")

    @property
    def message(self) -> str:
        """What happened, when to try again, and who to call: B1 Dutch, short sentences."""
        minutes = max(1, math.ceil(self.seconds / 60))
        local = self.retry_at.astimezone(AMSTERDAM)
        return " ".join(
            [
                _("Daarom kunt u het nu even niet versturen. Wat u heeft ingevuld, staat er nog."),
                ngettext(
                    "Probeer het opnieuw na %(time)s uur (over ongeveer %(num)d minuut).",
                    "Probeer het opnieuw na %(time)s uur (over ongeveer %(num)d minuten).",
                    minutes,
                    time=f"{local.hour}.{local.minute:02d}",
                ),
                _(
                    "Heeft u haast? Bel ons op %(phone)s.",
                    phone=current_app.config["MUNICIPALITY_PHONE"],
                ),
            ]
        )

    @property
    def text(self) -> str:
        return f"{self.title} {self.message}"


def shown_again_for(endpoint: str) -> Callable[[ReShow], ReShow]:
    """Register `reshow` as the way `endpoint`'s form is shown again when a limit refuses it."""

    def decorator(reshow: ReShow) -> ReShow:
        _RESHOW[endpoint] = reshow
        return reshow

    return decorator


def current_refusal(now: datetime) -> Refusal:
    """The refusal of this request; the limiter knows when its window resets."""
    limit = limiter.current_limit
    if limit is not None and limit.breached:
        retry_at = datetime.fromtimestamp(limit.reset_at, UTC)
    else:
        retry_at = now + timedelta(minutes=1)
    return Refusal(retry_at=max(retry_at, now), now=now)


def refused(error):
    """The 429 answer: the endpoint's own form page when it has one, else the error page."""
    refusal = current_refusal(utcnow())
    reshow = _RESHOW.get(request.endpoint or "")
    if reshow is None:
        body = render_template("errors/error.html", code=429, message=refusal.text)
    else:
        body = reshow(refusal)
        if isinstance(body, tuple):
            body = body[0]
    response = make_response(body, 429)
    response.headers["Retry-After"] = str(refusal.seconds)
    response.headers["Cache-Control"] = "no-store"  # the form again, with what was typed
    return response


def keep_input_on_refusal(bp: Blueprint) -> None:
    """Let this blueprint's limited forms answer a refusal with the filled-in form."""
    bp.register_error_handler(429, refused)
