"""The login cookie, set and cleared by HTTP answers so that scripts can never read it.

A Reflex event cannot set an HttpOnly cookie: the login, sign-up and join events turn the new
login session into a one-minute, single-use ticket (``login_sessions.to_ticket``) and send the
browser to ``GET /api/session/{ticket}``, which redeems it, sets the cookie and sends the
browser on. The websocket's handshake carries the cookie to the server (``AuthState``).
``POST /api/logout`` ends the session and clears the cookie.

The cookie is ``HttpOnly``, ``SameSite=Lax``, ``Path=/``; under https it is ``Secure`` and
its name starts with ``__Host-``. Its name ends with a digest of ``PUBLIC_BASE_URL``, so two
instances on one host (cookies ignore ports) never share it.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from heymilo_app import db, routes
from heymilo_app.services.org import login_sessions
from heymilo_app.settings import get_settings

router = APIRouter()

SESSION_PATH = "/api/session/"
LOGOUT_PATH = "/api/logout"


def cookie_name() -> str:
    """The login cookie's name for this instance.

    Returns:
        ``hm_session_<digest>``, with ``__Host-`` in front under https.
    """
    settings = get_settings()
    parts = urlsplit(settings.public_base_url)
    digest = hashlib.sha256(f"{parts.scheme}://{parts.netloc}".lower().encode()).hexdigest()[:8]
    return ("__Host-" if settings.secure_cookies else "") + f"hm_session_{digest}"


def token_from_cookie_header(header: str) -> str:
    """The login token in a ``Cookie`` header ("" when absent).

    Args:
        header: The raw header.

    Returns:
        The token.
    """
    name = cookie_name()
    for part in (header or "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value.strip().strip('"')[:100]
    return ""


def _where_to(next_url: str) -> str:
    """A page of this app to go to: an allowed origin and a safe path, else the jobs page."""
    settings = get_settings()
    parts = urlsplit(next_url or "")
    origin = f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme else ""
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if origin not in settings.allowed_origins:
        origin = settings.allowed_origins[0] if settings.allowed_origins else ""
    if not routes.is_safe_next(path):
        path = routes.JOBS
    return origin + path


def _redeem(ticket: str) -> str | None:
    with db.session_scope() as session:
        return login_sessions.redeem_ticket(session=session, ticket=ticket)


def _end(token: str) -> None:
    with db.session_scope() as session:
        login_sessions.log_out(session=session, token=token)


@router.get(SESSION_PATH + "{ticket}")
async def start_session(ticket: str, next: str = "") -> RedirectResponse:
    """Redeem a login ticket: set the cookie and go on to the page (or back to login).

    Args:
        ticket: From ``login_sessions.to_ticket``.
        next: Where to go (an allowed origin and a local path).

    Returns:
        303 to the page, or to the login page for a used or expired ticket.
    """
    token = await run_in_threadpool(_redeem, ticket)
    target = _where_to(next)
    if token is None:
        parts = urlsplit(target)
        origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme else ""
        response = RedirectResponse(origin + routes.LOGIN, status_code=303)
    else:
        response = RedirectResponse(target, status_code=303)
        settings = get_settings()
        response.set_cookie(
            cookie_name(),
            token,
            max_age=settings.session_days * 86400,
            path="/",
            httponly=True,
            secure=settings.secure_cookies,
            samesite="lax",
        )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@router.post(LOGOUT_PATH)
async def end_session(request: Request) -> RedirectResponse:
    """End the cookie's login session, clear the cookie, and go to the login page.

    Args:
        request: The form POST from the page.

    Returns:
        303 to the login page of the page's origin.
    """
    token = token_from_cookie_header(request.headers.get("cookie", ""))
    if token:
        await run_in_threadpool(_end, token)
    origin = request.headers.get("origin", "")
    response = RedirectResponse(_where_to(origin + routes.LOGIN), status_code=303)
    settings = get_settings()
    response.delete_cookie(
        cookie_name(), path="/", secure=settings.secure_cookies, httponly=True, samesite="lax"
    )
    response.headers["Cache-Control"] = "no-store"
    return response
