"""Password guessing limits: failed logins back off, and the account's owner is told.

Each login try is a ``LoginAttempt`` row. Failures within ``LOGIN_WINDOW_MINUTES`` are counted
three ways: from one address for one email, from one address for any emails, and for one email
from anywhere; past each one's threshold the next try waits 1 s after the last failure, then
2, 4, 8 ... up to ``LOGIN_LOCKOUT_MINUTES``. When an email's failures reach the threshold its
owner gets one email a day saying that their password is being guessed.
"""

from __future__ import annotations

import logging
import math
from datetime import timedelta

from sqlmodel import Session, func, select

from heymilo_app.models import LoginAttempt, Organization, User, utcnow
from heymilo_app.services.common import rate_limits
from heymilo_app.services.org import accounts
from heymilo_app.settings import get_settings

logger = logging.getLogger(__name__)

# Failed logins from one address for any emails, and for one email from any addresses,
# before back-off starts: multiples of LOGIN_MAX_FAILURES (the threshold of one address
# trying one email).
ADDRESS_FACTOR = 3
EMAIL_FACTOR = 5


def _failures(session: Session, since, **match: str) -> tuple[int, object]:
    row = session.exec(
        select(func.count(LoginAttempt.id), func.max(LoginAttempt.attempted_at)).where(
            *(getattr(LoginAttempt, column) == value for column, value in match.items()),
            LoginAttempt.succeeded == False,  # noqa: E712 - SQL expression
            LoginAttempt.attempted_at >= since,
        )
    ).one()
    return row[0], row[1]


def backoff_seconds(failures: int, threshold: int) -> float:
    """How long after the last failure the next try waits.

    Args:
        failures: Failed tries within the window.
        threshold: Failures allowed before back-off starts.

    Returns:
        0 under the threshold, then 1, 2, 4 ... seconds, at most ``LOGIN_LOCKOUT_MINUTES``.
    """
    if failures < threshold:
        return 0.0
    cap = get_settings().login_lockout_minutes * 60.0
    return min(cap, 2.0 ** min(failures - threshold, 30))


def wait_left(session: Session, email: str, address: str) -> float:
    """Seconds before an email may be tried from an address.

    Args:
        session: Database session.
        email: The normalized email tried.
        address: The client address ("" when unknown).

    Returns:
        0 when it may be tried now.
    """
    settings = get_settings()
    since = utcnow() - timedelta(minutes=settings.login_window_minutes)
    threshold = settings.login_max_failures
    checks = [(_failures(session, since, email=email, client_address=address), threshold)]
    if address:
        checks.append(
            (_failures(session, since, client_address=address), threshold * ADDRESS_FACTOR)
        )
    checks.append((_failures(session, since, email=email), threshold * EMAIL_FACTOR))
    now = utcnow()
    left = 0.0
    for (count, last), limit in checks:
        wait = backoff_seconds(count, limit)
        if wait and last is not None:
            left = max(left, wait - (now - last).total_seconds())
    return left


def duration(seconds: float) -> str:
    """A wait as people read it.

    Args:
        seconds: The wait.

    Returns:
        "5 seconds", "2 minutes" (rounded up, at least one second).
    """
    seconds = max(1, math.ceil(seconds))
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def alert_owner(session: Session, user_id: int, email: str) -> None:
    """Email the account's owner once when failed logins for their email start backing off.

    Sent when the failures of the window reach ``LOGIN_MAX_FAILURES`` (from any address), at
    most once a day per account (``rate_limits``); committed here.

    Args:
        session: Database session.
        user_id: The account whose email was tried.
        email: The normalized email.
    """
    settings = get_settings()
    since = utcnow() - timedelta(minutes=settings.login_window_minutes)
    count, _ = _failures(session, since, email=email)
    if count != settings.login_max_failures:
        return
    if not rate_limits.allow(
        session=session, bucket="login-alert", key=email, limit=1, window=timedelta(days=1)
    ):
        session.rollback()
        return
    user = session.get(User, user_id)
    organization = session.get(Organization, user.organization_id)
    accounts.email_user(
        session=session,
        user=user,
        kind="login_alert",
        subject="Failed sign-ins to your account",
        text=(
            f"There were {count} failed sign-ins to your {organization.name} account in the "
            f"last {settings.login_window_minutes} minutes. Further tries now wait a little "
            "longer each time; you can still sign in with your password.\n\nIf it was not "
            'you, someone may be guessing your password: choose a new one with "Forgot your '
            'password?" on the login page.'
        ),
        dedupe_key=f"login_alert:{user.id}:{utcnow():%Y-%m-%d}",
    )
    session.commit()
    logger.warning("failed logins for user %s are backing off; the owner was emailed", user.id)
