"""Passwords: asking for a reset link, setting a new password by it, changing one's own.

Each handler that hashes or checks a password runs the whole service call, database session
included, in the bounded hashing pool (``password_hashing.off_the_loop``): argon2 is slow on
purpose, and the event loop serves every other user meanwhile.
"""

from __future__ import annotations

import reflex as rx

from heymilo_app.db import session_scope
from heymilo_app.services.common.errors import Invalid, NotFound, RateLimited
from heymilo_app.services.org import login_sessions, password_hashing, passwords
from heymilo_app.state.auth import AuthState, client_address

CHANGE_FIELDS = ("current_password", "new_password")


def _request_reset(email: str, client_address: str) -> None:
    with session_scope() as session:
        passwords.request_reset(session=session, email=email, client_address=client_address)


def _confirm_reset(token: str, password: str) -> None:
    with session_scope() as session:
        passwords.confirm_reset(session=session, token=token, password=password)


def _change_password(session_token: str, current_password: str, new_password: str) -> bool:
    """Change the password of the session's user; False when nobody valid is logged in."""
    with session_scope() as session:
        user = login_sessions.user_for_token(session=session, token=session_token)
        if user is None:
            return False
        passwords.change_password(
            session=session,
            user=user,
            current_password=current_password,
            new_password=new_password,
            keep_token_hash=password_hashing.hash_token(session_token),
        )
    return True


class ForgotPasswordState(rx.State):
    """The form that asks for a reset link (/forgot-password), open to anyone."""

    # The answer once the form was sent (the same whether the account exists or not).
    message: str = ""
    # A message about the form (an address that is not an email, too many requests).
    error: str = ""

    @rx.event
    def load_forgot(self):
        """Start with an empty form."""
        self.message = self.error = ""

    @rx.event
    async def request_link(self, form_data: dict):
        """Email a reset link if the address has an account; answer the same either way.

        Args:
            form_data: The form's "email".
        """
        self.message = self.error = ""
        try:
            email, address = str(form_data.get("email", ""))[:320], client_address(self)
            await password_hashing.off_the_loop(lambda: _request_reset(email, address))
        except Invalid as error:
            self.error = error.errors.get("email", "Enter a valid email address.")
            return
        except RateLimited as error:
            self.error = str(error)
            return
        self.message = passwords.REQUESTED_MESSAGE


class ResetPasswordState(rx.State):
    """Setting a new password through an emailed link (/reset-password/{token})."""

    # Whether the page checked the link, and whether it is valid.
    loaded: bool = False
    valid: bool = False
    # The password was changed; the page says to log in.
    done: bool = False
    # Message under the password field.
    password_error: str = ""

    @rx.event
    def load_reset(self):
        """Check the link of the URL (nothing changes)."""
        self.password_error, self.done = "", False
        with session_scope(write=False) as session:
            try:
                passwords.find_reset(session=session, token=self.token)
                self.valid = True
            except NotFound:
                self.valid = False
        self.loaded = True

    @rx.event
    async def confirm(self, form_data: dict):
        """Set the new password; every session of the user ends.

        Args:
            form_data: The form's "password".
        """
        self.password_error = ""
        try:
            token, password = str(self.token), str(form_data.get("password", ""))
            await password_hashing.off_the_loop(lambda: _confirm_reset(token, password))
        except Invalid as error:
            self.password_error = error.errors.get("password", str(error))
            return
        except NotFound:
            self.valid = False
            return
        self.done = True


class ChangePasswordState(AuthState):
    """Changing one's own password in Settings."""

    # Message under the current password field.
    current_password_error: str = ""
    # Message under the new password field.
    new_password_error: str = ""
    # A message about the whole form (too many wrong passwords).
    error: str = ""
    # What happened, once it did.
    message: str = ""

    @rx.event
    async def change_password(self, form_data: dict):
        """Check the current password and set the new one; other sessions end.

        Args:
            form_data: The form's "current_password" and "new_password".
        """
        self.current_password_error = self.new_password_error = ""
        self.error = self.message = ""
        try:
            token = str(self.session_token)
            current = str(form_data.get("current_password", ""))
            new = str(form_data.get("new_password", ""))
            logged_in = await password_hashing.off_the_loop(
                lambda: _change_password(token, current, new)
            )
        except Invalid as error:
            for name in CHANGE_FIELDS:
                setattr(self, f"{name}_error", error.errors.get(name, ""))
            return None
        except (RateLimited, NotFound) as error:
            self.error = str(error)
            return None
        if not logged_in:
            return self._to_login()
        self.message = (
            "Your password is changed. Every other browser logged in to your account "
            "was logged out."
        )
        return None
