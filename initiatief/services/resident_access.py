"""Residents log in without a password: a mailed link, then a revocable session.

Tokens are random, only their SHA-256 is stored. A link is valid for
LOGIN_LINK_MINUTES, works once, and a newer link supersedes older ones. Opening
the link (GET or HEAD, as mail scanners do) changes nothing; only the POST from
the page behind it logs in.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import bindparam, select, update

from ..extensions import db
from ..mail.composers import queue_login_link
from ..models import Initiative, Initiator, LoginToken, ResidentSession
from .next_path import own_page_path


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def is_known_resident(email: str) -> bool:
    return (
        db.session.execute(
            select(Initiator.id)
            .where(Initiator.email == normalise_email(email), Initiator.anonymised_at.is_(None))
            .limit(1)
        ).first()
        is not None
    )


def request_login_link(email: str, next_path: str, now: datetime) -> None:
    """Queue a login link for a known address; leave nothing behind for an unknown one.

    The caller shows the same answer either way, so nobody can probe which
    addresses have initiatives here, not even by timing the answer: both paths
    do the same work (supersede older links, make a token, render and queue the
    mail) inside a savepoint, which is released for a known address and rolled
    back for an unknown one. So the same statements run, the same templates are
    rendered, and a stranger's address is neither kept nor mailed.
    """
    email = normalise_email(email)
    known = is_known_resident(email)
    savepoint = db.session.begin_nested()
    db.session.execute(
        update(LoginToken)
        .where(LoginToken.email == email, LoginToken.used_at.is_(None))
        .values(used_at=now)
    )
    raw = secrets.token_urlsafe(32)
    minutes = current_app.config["LOGIN_LINK_MINUTES"]
    token = LoginToken(
        token_hash=hash_token(raw),
        email=email,
        next_path=own_page_path(next_path),
        created_at=now,
        expires_at=now + timedelta(minutes=minutes),
    )
    db.session.add(token)
    db.session.flush()
    queue_login_link(token, raw, now)
    if known:
        savepoint.commit()
    else:
        savepoint.rollback()


def find_usable_token(raw: str, now: datetime) -> LoginToken | None:
    """The token behind a link if it can still be used; reading it changes nothing."""
    token = db.session.execute(
        select(LoginToken).where(LoginToken.token_hash == hash_token(raw))
    ).scalar_one_or_none()
    if token is None or token.used_at is not None or token.expires_at <= now:
        return None
    return token


def redeem_token(raw: str, now: datetime) -> tuple[str, LoginToken] | None:
    """Use a login link once and open a resident session; returns (session secret, token).

    The token is marked used with a conditional UPDATE, so two simultaneous
    POSTs with the same link cannot both log in.
    """
    token = find_usable_token(raw, now)
    if token is None:
        return None
    claimed = db.session.execute(
        update(LoginToken)
        .where(LoginToken.id == token.id, LoginToken.used_at.is_(None))
        .values(used_at=now)
    )
    if claimed.rowcount != 1:
        return None
    secret = secrets.token_urlsafe(32)
    days = current_app.config["RESIDENT_SESSION_DAYS"]
    db.session.add(
        ResidentSession(
            token_hash=hash_token(secret),
            email=token.email,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
    )
    db.session.flush()
    return secret, token


def session_language():
    """The session's stored language, as a column of a statement that reads the session.

    The one on the address's most recent live initiative: every page of a signed-in
    resident needs it (the locale) along with the address (the view).
    """
    return (
        select(Initiator.language)
        .join(Initiative, Initiative.id == Initiator.initiative_id)
        .where(Initiator.email == ResidentSession.email, Initiator.anonymised_at.is_(None))
        .order_by(Initiative.submitted_at.desc(), Initiative.id.desc())
        .limit(1)
        .correlate(ResidentSession)
        .scalar_subquery()
        .label("language")
    )


def _live_session_read():
    """The statement of live_session, with the token's hash as a parameter."""
    return select(
        ResidentSession.email,
        ResidentSession.revoked_at,
        ResidentSession.expires_at,
        session_language(),
    ).where(ResidentSession.token_hash == bindparam("token_hash"))


# Built once per process: every page of a signed-in resident runs it, and building
# the select and its cache key cost more than SQLAlchemy's other work for it.
LIVE_SESSION_READ = _live_session_read()


def live_session(secret: str | None, now: datetime) -> tuple[str, str | None] | None:
    """(address, stored language) of a live resident session, or None; one statement."""
    if not secret:
        return None
    row = db.session.execute(LIVE_SESSION_READ, {"token_hash": hash_token(secret)}).one_or_none()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    return row.email, row.language


def resident_email(secret: str | None, now: datetime) -> str | None:
    """The e-mail address of a live resident session, or None."""
    if not secret:
        return None
    session = db.session.execute(
        select(ResidentSession).where(ResidentSession.token_hash == hash_token(secret))
    ).scalar_one_or_none()
    if session is None or session.revoked_at is not None or session.expires_at <= now:
        return None
    return session.email


def revoke_session(secret: str | None, now: datetime, everywhere: bool = False) -> None:
    """End this device's session, or every session of the same resident.

    "Everywhere" is honoured even when this device's own session has already
    ended (expired, or revoked from another device while this page stayed
    open): ending sessions never grants anything, and silently ending none
    would leave the other devices logged in while the resident thinks not.
    """
    if not secret:
        return
    own = db.session.execute(
        select(ResidentSession).where(ResidentSession.token_hash == hash_token(secret))
    ).scalar_one_or_none()
    if own is None:
        return
    query = update(ResidentSession).where(ResidentSession.revoked_at.is_(None))
    if everywhere:
        query = query.where(ResidentSession.email == own.email)
    else:
        query = query.where(ResidentSession.id == own.id)
    db.session.execute(query.values(revoked_at=now))


def initiatives_of(email: str) -> list[Initiative]:
    """A resident's own initiatives, newest first."""
    return list(
        db.session.execute(
            select(Initiative)
            .join(Initiator)
            .where(Initiator.email == normalise_email(email))
            .order_by(Initiative.submitted_at.desc())
        ).scalars()
    )


def initiative_for_resident(number: str, email: str) -> Initiative | None:
    """The initiative with this number only if it is this resident's; else None."""
    return db.session.execute(
        select(Initiative)
        .join(Initiator)
        .where(Initiative.number == number, Initiator.email == normalise_email(email))
    ).scalar_one_or_none()


def latest_details(email: str) -> Initiator | None:
    """What the resident told us last time, to fill in a new intake for them."""
    return db.session.execute(
        select(Initiator)
        .where(Initiator.email == normalise_email(email), Initiator.anonymised_at.is_(None))
        .order_by(Initiator.id.desc())
        .limit(1)
    ).scalar_one_or_none()
