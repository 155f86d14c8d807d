"""Staff sign-in: password, time-based one-time code, lock-out, and ending sessions.

Every failure gives the same answer, so nobody learns whether the address, the
password or the code was wrong, or whether an account exists.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

import pyotp
from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import User

MAX_FAILURES = 5
LOCK_MINUTES = 15
TOTP_ISSUER = "Initiatief"


@cache
def _dummy_hash() -> str:
    """Checked against when the address is unknown, so both paths take as long.

    Made on first use, not at import: scrypt is slow on purpose.
    """
    return generate_password_hash("not-a-real-password")


@dataclass
class PasswordResult:
    user: User | None
    ok: bool


def hash_password(password: str) -> str:
    return generate_password_hash(password)


def find_staff(email: str) -> User | None:
    return db.session.execute(
        select(User).where(func.lower(User.email) == email.strip().lower())
    ).scalar_one_or_none()


def is_locked(user: User, now: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


def record_failure(user: User, now: datetime) -> None:
    """Count a failed attempt; the fifth in a row locks the account for a while."""
    user.failed_logins = (user.failed_logins or 0) + 1
    if user.failed_logins >= MAX_FAILURES:
        user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
        user.failed_logins = 0


def check_password(email: str, password: str, now: datetime) -> PasswordResult:
    """First step: the password. Locked or disabled accounts fail like a wrong password."""
    user = find_staff(email)
    if user is None or not user.password_hash:
        check_password_hash(_dummy_hash(), password)
        return PasswordResult(None, False)
    if not user.active or is_locked(user, now):
        check_password_hash(_dummy_hash(), password)
        return PasswordResult(user, False)
    if not check_password_hash(user.password_hash, password):
        record_failure(user, now)
        return PasswordResult(user, False)
    return PasswordResult(user, True)


def totp_required() -> bool:
    """The second factor is on unless development config switched it off."""
    return current_app.config.get("STAFF_TOTP_REQUIRED", True)


def new_totp_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=TOTP_ISSUER)


def check_code(user: User, secret: str, code: str, now: datetime) -> bool:
    """Second step: a 6-digit code valid for the current 30 s step (one step of drift).

    A code is accepted once: the accepted time step is remembered, so a code seen
    over someone's shoulder cannot be replayed within its window.
    """
    if not user.active or is_locked(user, now):
        return False
    code = "".join(ch for ch in code if ch.isdigit())
    totp = pyotp.TOTP(secret)
    step = totp.timecode(now)
    for candidate in (step, step - 1, step + 1):
        if len(code) == 6 and totp.generate_otp(candidate) == code:
            if user.totp_last_step is not None and candidate <= user.totp_last_step:
                break
            user.totp_last_step = candidate
            return True
    record_failure(user, now)
    return False


def confirm_enrolment(user: User, secret: str, now: datetime) -> None:
    user.totp_secret = secret
    user.totp_confirmed_at = now


def record_login(user: User, now: datetime) -> None:
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now


def end_all_sessions(user: User) -> None:
    """Logging out, or disabling the account, makes every open session invalid."""
    user.session_version = (user.session_version or 1) + 1


def disable(user: User) -> None:
    user.active = False
    end_all_sessions(user)
