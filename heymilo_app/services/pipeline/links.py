"""The candidate's links and numbers: the interview link, the unsubscribe links, the
deadline as written in messages, and the number a text may go to."""

from __future__ import annotations

from collections.abc import Collection

from sqlmodel import Session

from heymilo_app import routes
from heymilo_app.models import Application, Candidate
from heymilo_app.services.common.text import e164
from heymilo_app.services.messaging import sms_opt_outs
from heymilo_app.settings import get_settings


def candidate_link(application: Application) -> str:
    """The candidate's personal interview link.

    Args:
        application: The application.

    Returns:
        The absolute URL.
    """
    return get_settings().public_base_url.rstrip("/") + routes.candidate_link(application.token)


def unsubscribe_link(application: Application) -> str:
    """The link in every email that stops reminders (a page that asks to confirm).

    It carries the application's unsubscribe token, never the interview token: a mail
    scanner that follows it changes nothing, and whoever has it cannot open the interview.

    Args:
        application: The application.

    Returns:
        The absolute URL.
    """
    return get_settings().public_base_url.rstrip("/") + routes.unsubscribe(
        application.unsubscribe_token
    )


def one_click_unsubscribe_link(application: Application) -> str:
    """The ``List-Unsubscribe`` URL mail clients POST to (RFC 8058 one-click).

    Args:
        application: The application.

    Returns:
        The absolute URL (``/api/unsubscribe/{token}``; a GET of it shows the confirming page).
    """
    return get_settings().public_base_url.rstrip("/") + ONE_CLICK_PATH.format(
        token=application.unsubscribe_token
    )


# The one-click unsubscribe endpoint (api/unsubscribe.py).
ONE_CLICK_PATH = "/api/unsubscribe/{token}"


def format_deadline(application: Application) -> str:
    """The invitation's deadline as people write dates.

    Args:
        application: The application.

    Returns:
        For example "December 9, 2026", or "" without a deadline.
    """
    if application.expires_at is None:
        return ""
    return f"{application.expires_at:%B} {application.expires_at.day}, {application.expires_at:%Y}"


def sms_number(
    candidate: Candidate,
    *,
    session: Session | None = None,
    opted_out: Collection[str] | None = None,
) -> str:
    """The number a text can go to, or "" (none, invalid, opted out or on the opt-out list).

    Args:
        candidate: The candidate.
        session: Where to read the organization's opt-out list.
        opted_out: The organization's listed numbers, read beforehand (bulk imports); the
            list is not read again. One of the two is needed.

    Returns:
        E.164 number or "".

    Raises:
        TypeError: When neither the session nor the list is given.
    """
    if session is None and opted_out is None:
        raise TypeError("sms_number needs the session or the opt-out list")
    if not candidate.phone or candidate.sms_opt_out:
        return ""
    number = e164(candidate.phone)
    if not number:
        return ""
    if opted_out is not None:
        return "" if number in opted_out else number
    if sms_opt_outs.is_opted_out(
        session=session, organization_id=candidate.organization_id, phone=number
    ):
        return ""
    return number
