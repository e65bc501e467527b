"""The logged-in recruiter or hiring manager: the base of every recruiter state.

The browser keeps a random login token in an HttpOnly cookie that scripts cannot read
(``api.session`` sets and clears it); the server reads it from the websocket's handshake,
which the browser sends with its cookies, and never sends it back to the page. Every handler
that reads or changes an organization's data resolves it to a user again through
``login_sessions.user_for_token``, so no event sent by hand gets past it.
"""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Callable
from typing import Any

import reflex as rx
from reflex.config import get_config
from sqlmodel import Session

from heymilo_app import routes
from heymilo_app.api import session as session_cookie
from heymilo_app.db import session_scope
from heymilo_app.models import Organization, Role, User
from heymilo_app.services.common.errors import Invalid, NotFound, PermissionDenied
from heymilo_app.services.org import login_sessions
from heymilo_app.state.formatting import error_text

# What a service raises to refuse the acting user; ``acting`` turns them into the state's message.
REFUSALS: tuple[type[Exception], ...] = (Invalid, NotFound, PermissionDenied)
# Names of the arguments ``acting`` passes, after ``self``.
_INJECTED = ("session", "user")

# Hostnames Reflex's frontend replaces with the page's own when it reaches the backend.
_SAME_DOMAIN_HOSTS = ("localhost", "0.0.0.0", "::", "0:0:0:0:0:0:0:0")


def client_address(state: rx.State) -> str:
    """The address the event came from (for limits per address); "" when unknown.

    Args:
        state: Any state of the event's tree.

    Returns:
        The client's IP address as Reflex saw it.
    """
    try:
        return str(state.router.session.client_ip or "")[:64]
    except AttributeError:
        return ""


def acting(
    handler: Callable[..., Any] | None = None,
    *,
    write: bool = True,
    redirect: bool = True,
    refusals: tuple[type[Exception], ...] = REFUSALS,
) -> Any:
    """Run a recruiter state's method as the logged-in user, in a database session of its own.

    The decorated method is written ``def name(self, session, user, *payload)``: the wrapper
    opens ``session_scope(write=write)``, resolves the login cookie with ``_acting_user``
    (sending a visitor without a valid login to the login page, or returning None when
    ``redirect`` is False), calls the method with the session and the user, and turns a
    refusal that escapes it (``refusals``) into the state's message (``_refused``, a toast by
    default), after the session was rolled back and closed. A refusal the method catches itself
    (to show it at a field, or to read the page again in the same session) stays its own.

    Reflex sees the method without ``session`` and ``user``: the wrapper's signature and
    annotations leave them out, so only the payload is taken from the event. Put ``@rx.event``
    above it for an event handler; private helpers (``_change``) may use it too. Only plain
    functions: a coroutine or generator would hold the session across an ``await`` or a
    ``yield`` (on SQLite, the write lock while other events wait), so an async handler does its
    slow work first (``await``, ``asyncio.to_thread``) and then calls a decorated helper, and
    nothing decorated may be called inside another session's ``with``.

    Args:
        handler: The method (when used bare, ``@acting``).
        write: Whether the session may write (False for pages that only read).
        redirect: Send a visitor without a login to the login page (False: return None, for
            parts of a page whose main handler redirects already).
        refusals: The exceptions turned into the state's message.

    Returns:
        The wrapped method, or a decorator when called with options only.

    Raises:
        TypeError: For a coroutine or generator function, or one whose arguments after
            ``self`` are not ``session, user``.
    """

    def decorate(method: Callable[..., Any]) -> Callable[..., Any]:
        if (
            inspect.iscoroutinefunction(method)
            or inspect.isasyncgenfunction(method)
            or inspect.isgeneratorfunction(method)
        ):
            raise TypeError(
                f"{method.__qualname__}: @acting takes a plain function; await or yield "
                "outside it and call a decorated helper."
            )
        signature = inspect.signature(method)
        parameters = list(signature.parameters.values())
        if tuple(p.name for p in parameters[1:3]) != _INJECTED:
            raise TypeError(f"{method.__qualname__}: @acting needs (self, session, user, ...).")

        @functools.wraps(method)
        def wrapper(self: AuthState, *args: Any, **kwargs: Any) -> Any:
            try:
                with session_scope(write=write) as session:
                    user = self._acting_user(session)
                    if user is None:
                        return self._to_login() if redirect else None
                    return method(self, session, user, *args, **kwargs)
            except refusals as error:
                return self._refused(error)

        # What Reflex reads for the event's arguments: the payload only.
        wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=[parameters[0], *parameters[3:]]
        )
        wrapper.__annotations__ = {
            name: hint for name, hint in method.__annotations__.items() if name not in _INJECTED
        }
        return wrapper

    return decorate(handler) if handler is not None else decorate


class AuthState(rx.State):
    """Who is logged in, for the recruiter shell and every recruiter feature state."""

    # Name of the logged-in user, shown in the shell.
    user_name: str = ""
    # Email of the logged-in user.
    user_email: str = ""
    # "recruiter" or "hiring_manager".
    user_role: str = ""
    # Name of the user's organization.
    organization_name: str = ""

    @property
    def session_token(self) -> str:
        """The login token from the HttpOnly cookie of the websocket's handshake ("": none)."""
        try:
            header = self.router.headers.cookie
        except AttributeError:
            return ""
        return session_cookie.token_from_cookie_header(header)

    @rx.var
    def is_recruiter(self) -> bool:
        """Whether the user may edit (hiring managers read)."""
        return self.user_role == Role.RECRUITER.value

    def _acting_user(self, session: Session) -> User | None:
        """Resolve the cookie to the acting user and refresh what the shell shows.

        Args:
            session: Database session.

        Returns:
            The user, or None when nobody valid is logged in.
        """
        user = login_sessions.user_for_token(session=session, token=self.session_token)
        if user is None:
            self.user_name = self.user_email = self.user_role = self.organization_name = ""
            return None
        organization = session.get(Organization, user.organization_id)
        self.user_name = user.full_name
        self.user_email = user.email
        self.user_role = str(user.role)
        self.organization_name = organization.name if organization else ""
        return user

    def _is_recruiter_now(self) -> bool:
        """Whether a logged-in recruiter is asking (for setters that feed computed vars).

        A setter that only changes a var still makes its computed vars run and their values
        go out to the browser, so nobody else may call it: this reads the user in a session of
        its own (call it before opening another).

        Returns:
            True for a logged-in recruiter.
        """
        if not self.session_token:
            return False
        with session_scope(write=False) as session:
            user = self._acting_user(session)
        return user is not None and user.role == Role.RECRUITER

    def _to_login(self) -> rx.event.EventSpec:
        """Redirect to the login page, coming back here afterwards."""
        return rx.redirect(routes.login(self.router.url.path), replace=True)

    def _refused(self, error: Exception) -> rx.event.EventSpec | None:
        """What a refused action shows (``acting``'s refusals); a state may say otherwise.

        Args:
            error: The refusal (Invalid, NotFound, PermissionDenied, ...).

        Returns:
            An error toast with the refusal's message.
        """
        return rx.toast.error(error_text(error))

    @acting(write=False)
    def _login_check(self, session: Session, user: User) -> None:
        """None for a logged-in user, else the redirect to the login page.

        For async handlers, before their slow work: the session is closed again when they
        ``await``.

        Args:
            session: Database session (read-only).
            user: The acting user.

        Returns:
            None (the redirect comes from ``acting``).
        """
        return None

    @rx.event
    @acting
    def require_login(self, session: Session, user: User):
        """Page guard: send visitors who are not logged in to the login page."""
        return None

    @rx.event
    def redirect_home(self):
        """The root URL: the jobs for a logged-in user, the login page for anyone else."""
        with session_scope() as session:
            user = self._acting_user(session)
        return rx.redirect(routes.JOBS if user else routes.LOGIN, replace=True)

    @rx.event
    def log_out(self):
        """End the login session, then let the server clear the cookie and show the login."""
        with session_scope() as session:
            login_sessions.log_out(session=session, token=self.session_token)
        self.user_name = self.user_email = self.user_role = self.organization_name = ""
        return rx.call_script(_post_to_backend(session_cookie.LOGOUT_PATH))


def hand_over(ticket: str, next_path: str) -> rx.event.EventSpec:
    """Send the browser to the endpoint that turns a login ticket into the HttpOnly cookie.

    Args:
        ticket: From ``login_sessions.to_ticket``.
        next_path: The local page to open afterwards.

    Returns:
        The event that navigates (a full page load, so the websocket reconnects with it).
    """
    path = session_cookie.SESSION_PATH + ticket
    return rx.call_script(
        f"(() => {{ const url = {_backend_url_js(path)}; "
        f"url.search = '?next=' + encodeURIComponent(window.location.origin + "
        f"{json.dumps(next_path)}); window.location.replace(url.toString()); }})()"
    )


def _backend_url_js(path: str) -> str:
    """JavaScript for the URL of a backend path, found the way Reflex's frontend finds it."""
    return (
        f"(() => {{ const url = new URL({json.dumps(get_config().api_url)}); "
        f"if ({json.dumps(list(_SAME_DOMAIN_HOSTS))}.includes(url.hostname)) {{ "
        "url.hostname = window.location.hostname; "
        "if (window.location.protocol === 'https:') { url.protocol = 'https:'; url.port = ''; } } "
        f"url.pathname = {json.dumps(path)}; return url; }})()"
    )


def _post_to_backend(path: str) -> str:
    """JavaScript that submits an empty form to a backend path (a POST the page leaves for)."""
    return (
        f"(() => {{ const form = document.createElement('form'); form.method = 'POST'; "
        f"form.action = {_backend_url_js(path)}.toString(); document.body.appendChild(form); "
        "form.submit(); })()"
    )
