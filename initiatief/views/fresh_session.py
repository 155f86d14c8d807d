"""A new session at every login step, so nothing from before the login carries over."""

from flask import g, session


def renew_session(**keep) -> None:
    """Empty the session and start over with only `keep`.

    Called when a login step succeeds (ASVS 3.5): whatever an attacker may have
    planted or read before (a fixed session, the CSRF token in a page they saw)
    is no longer valid afterwards. Flask-WTF makes a new CSRF token on the next
    form; the per-request copy in `g` is dropped too, so even this request's
    pages get the new one.
    """
    session.clear()
    g.pop("csrf_token", None)
    session.update(keep)
