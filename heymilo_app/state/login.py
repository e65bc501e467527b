"""The login and sign-up forms."""

from __future__ import annotations

import time

import reflex as rx

from heymilo_app import routes
from heymilo_app.db import session_scope
from heymilo_app.services.common.errors import Invalid, RateLimited
from heymilo_app.services.org import accounts, authentication, login_sessions, password_hashing
from heymilo_app.state.auth import AuthState, client_address, hand_over

SIGNUP_FIELDS = ("organization_name", "full_name", "email", "password")

# Reflex sends a page's on_load handlers back through the browser's event queue, so a form
# submitted before the page finished connecting (a password manager's autofill and Enter) is
# handled first and the page's load after it. Messages from a submit this recent belong to
# the visit that is loading and are kept; older ones are from an earlier visit and cleared.
SUBMIT_OUTLIVES_LOAD_SECONDS = 10.0


def _from_an_earlier_visit(submitted_at: float) -> bool:
    return time.time() - submitted_at > SUBMIT_OUTLIVES_LOAD_SECONDS


def _next_path(query: dict) -> str:
    next_path = str(query.get("next", "") or "")
    return next_path if routes.is_safe_next(next_path) else routes.JOBS


class LoginState(rx.State):
    """The login form."""

    # One message for any failed login (never which part was wrong).
    error: str = ""
    # When the form was last submitted (epoch seconds).
    _submitted_at: float = 0.0

    @rx.event
    async def load_login(self):
        """Skip the form for someone already logged in."""
        if _from_an_earlier_visit(self._submitted_at):
            self.error = ""
        auth = await self.get_state(AuthState)
        with session_scope() as session:
            if auth._acting_user(session) is not None:
                return rx.redirect(_next_path(self.router.url.query_parameters), replace=True)

    @rx.event
    async def submit(self, form_data: dict):
        """Check the email and password and log in.

        Args:
            form_data: The form's "email" and "password".
        """
        self.error, self._submitted_at = "", time.time()
        email = str(form_data.get("email", ""))
        password = str(form_data.get("password", ""))
        address = client_address(self)

        def run() -> str | Invalid | RateLimited:
            with session_scope() as session:
                try:
                    result = authentication.log_in(
                        session=session, email=email, password=password, client_address=address
                    )
                except (Invalid, RateLimited) as error:
                    return error
                return login_sessions.to_ticket(session=session, token=result.token)

        # argon2 runs in the bounded hashing pool: a burst of logins never stalls the loop.
        result = await password_hashing.off_the_loop(run)
        if isinstance(result, Invalid):
            self.error = result.errors.get("form", authentication.LOGIN_FAILED_MESSAGE)
            return
        if isinstance(result, RateLimited):
            self.error = str(result)
            return
        # The cookie is set by an HTTP answer (HttpOnly): the browser goes there with a ticket.
        return hand_over(result, _next_path(self.router.url.query_parameters))


class SignupState(rx.State):
    """The sign-up form: a new organization and its first recruiter."""

    # Message under the organization name field.
    organization_name_error: str = ""
    # Message under the name field.
    full_name_error: str = ""
    # Message under the email field.
    email_error: str = ""
    # Message under the password field.
    password_error: str = ""
    # When the form was last submitted (epoch seconds).
    _submitted_at: float = 0.0

    def _set_errors(self, errors: dict[str, str]) -> None:
        for field in SIGNUP_FIELDS:
            setattr(self, f"{field}_error", errors.get(field, ""))

    @rx.event
    def load_signup(self):
        """Start with a clean form."""
        if _from_an_earlier_visit(self._submitted_at):
            self._set_errors({})

    @rx.event
    async def submit(self, form_data: dict):
        """Create the organization and user, then log in.

        Args:
            form_data: The form's fields (organization_name, full_name, email, password).
        """
        self._submitted_at = time.time()
        fields = {field: str(form_data.get(field, "")) for field in SIGNUP_FIELDS}
        address = client_address(self)

        def run() -> str | Invalid | RateLimited:
            with session_scope() as session:
                try:
                    user = accounts.sign_up(session=session, client_address=address, **fields)
                except (Invalid, RateLimited) as error:
                    return error
                token = login_sessions.open_session_for(session=session, user=user)
                return login_sessions.to_ticket(session=session, token=token)

        # argon2 runs in the bounded hashing pool, off the event loop.
        token = await password_hashing.off_the_loop(run)
        if isinstance(token, Invalid):
            self._set_errors(token.errors)
            return
        if isinstance(token, RateLimited):
            self._set_errors({"email": str(token)})
            return
        self._set_errors({})
        return hand_over(token, routes.JOBS)
