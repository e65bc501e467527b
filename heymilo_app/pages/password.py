"""Password pages: asking for a reset link, setting a new password, and the change form."""

from __future__ import annotations

import reflex as rx

from heymilo_app import routes
from heymilo_app.components.common import field, form_error
from heymilo_app.components.shell import auth_shell
from heymilo_app.services.org import password_hashing, passwords
from heymilo_app.settings import get_settings
from heymilo_app.state.password import (
    ChangePasswordState,
    ForgotPasswordState,
    ResetPasswordState,
)

PASSWORD_HINT = f"At least {password_hashing.MIN_PASSWORD_LENGTH} characters."


def forgot_password_page() -> rx.Component:
    """Ask for a link to set a new password."""
    minutes = get_settings().password_reset_minutes
    return auth_shell(
        rx.heading("Reset your password", size="6", as_="h1"),
        rx.cond(
            ForgotPasswordState.message,
            rx.vstack(
                rx.callout(
                    ForgotPasswordState.message,
                    icon="mail-check",
                    color_scheme="green",
                    role="status",
                    id="reset-requested",
                    width="100%",
                ),
                rx.text(
                    f"The link works once, within {minutes} minutes. No email? Check the "
                    "address and your spam folder, then ask again.",
                    size="2",
                    color_scheme="gray",
                ),
                spacing="3",
                width="100%",
            ),
            rx.vstack(
                rx.text(
                    "Enter the email you log in with and we will send you a link to set a "
                    "new password.",
                    size="2",
                    color_scheme="gray",
                ),
                rx.form(
                    rx.vstack(
                        form_error(ForgotPasswordState.error),
                        field("Email", "email", type="email", autocomplete="email", required=True),
                        rx.button(
                            "Email me a link",
                            type="submit",
                            size="3",
                            width="100%",
                            id="reset-request-submit",
                        ),
                        spacing="4",
                        width="100%",
                    ),
                    on_submit=ForgotPasswordState.request_link,
                    reset_on_submit=False,
                    width="100%",
                ),
                spacing="4",
                width="100%",
            ),
        ),
        rx.text("Remembered it? ", rx.link("Log in", href=routes.LOGIN), size="2"),
    )


def reset_password_page() -> rx.Component:
    """Set a new password through an emailed link."""
    return auth_shell(
        rx.cond(
            ResetPasswordState.loaded,
            rx.cond(
                ResetPasswordState.done,
                rx.vstack(
                    rx.heading("Your password is changed", size="6", as_="h1"),
                    rx.text(
                        "Every browser that was logged in to your account is logged out. "
                        "Log in with your new password.",
                        color_scheme="gray",
                    ),
                    rx.link(rx.button("Log in", size="3", width="100%"), href=routes.LOGIN),
                    spacing="3",
                    width="100%",
                    id="reset-done",
                ),
                rx.cond(
                    ResetPasswordState.valid,
                    rx.vstack(
                        rx.heading("Set a new password", size="6", as_="h1"),
                        rx.form(
                            rx.vstack(
                                field(
                                    "New password",
                                    "password",
                                    error=ResetPasswordState.password_error,
                                    type="password",
                                    autocomplete="new-password",
                                    hint=PASSWORD_HINT,
                                    required=True,
                                ),
                                rx.button(
                                    "Set password",
                                    type="submit",
                                    size="3",
                                    width="100%",
                                    id="reset-submit",
                                ),
                                spacing="4",
                                width="100%",
                            ),
                            on_submit=ResetPasswordState.confirm,
                            reset_on_submit=False,
                            width="100%",
                        ),
                        spacing="3",
                        width="100%",
                    ),
                    rx.vstack(
                        rx.heading("This link is not valid", size="6", as_="h1"),
                        rx.text(
                            "It may have been used, replaced by a newer one or have expired.",
                            color_scheme="gray",
                        ),
                        rx.link("Ask for a new link", href=passwords.FORGOT_PASSWORD_ROUTE),
                        spacing="3",
                        id="reset-invalid",
                    ),
                ),
            ),
            rx.center(rx.spinner()),
        ),
    )


def change_password_card() -> rx.Component:
    """The logged-in user's own password, in Settings."""
    return rx.card(
        rx.vstack(
            rx.heading("Your password", size="4", as_="h2"),
            rx.text(
                "Changing it logs you out of every other browser; this one stays logged in.",
                size="2",
                color_scheme="gray",
            ),
            form_error(ChangePasswordState.error),
            rx.cond(
                ChangePasswordState.message,
                rx.callout(
                    ChangePasswordState.message,
                    icon="check",
                    color_scheme="green",
                    role="status",
                    id="password-changed",
                    width="100%",
                ),
            ),
            rx.form(
                rx.vstack(
                    field(
                        "Current password",
                        "current_password",
                        error=ChangePasswordState.current_password_error,
                        type="password",
                        autocomplete="current-password",
                        required=True,
                    ),
                    field(
                        "New password",
                        "new_password",
                        error=ChangePasswordState.new_password_error,
                        type="password",
                        autocomplete="new-password",
                        hint=PASSWORD_HINT,
                        required=True,
                    ),
                    rx.button("Change password", type="submit", id="change-password-submit"),
                    spacing="3",
                    width="100%",
                    max_width="420px",
                ),
                on_submit=ChangePasswordState.change_password,
                reset_on_submit=True,
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )
