"""The login and sign-up pages."""

from __future__ import annotations

import reflex as rx

from heymilo_app import routes
from heymilo_app.components.common import field, form_error
from heymilo_app.components.shell import auth_shell
from heymilo_app.state.join import JoinState
from heymilo_app.state.login import LoginState, SignupState


def login_page() -> rx.Component:
    """The login form."""
    return auth_shell(
        rx.heading("Log in", size="6", as_="h1"),
        rx.form(
            rx.vstack(
                form_error(LoginState.error),
                field("Email", "email", type="email", autocomplete="email", required=True),
                field(
                    "Password",
                    "password",
                    type="password",
                    autocomplete="current-password",
                    required=True,
                ),
                rx.link("Forgot your password?", href="/forgot-password", size="2"),
                rx.button("Log in", type="submit", size="3", width="100%", id="login-submit"),
                spacing="4",
                width="100%",
            ),
            on_submit=LoginState.submit,
            reset_on_submit=False,
            width="100%",
        ),
        rx.text(
            "New here? ",
            rx.link("Create an organization", href=routes.SIGNUP),
            size="2",
        ),
    )


def signup_page() -> rx.Component:
    """The sign-up form: a new organization and its first recruiter."""
    return auth_shell(
        rx.heading("Create your organization", size="6", as_="h1"),
        rx.text(
            "You will be its first recruiter; invite your team afterwards.",
            size="2",
            color_scheme="gray",
        ),
        rx.form(
            rx.vstack(
                field(
                    "Organization name",
                    "organization_name",
                    error=SignupState.organization_name_error,
                    autocomplete="organization",
                ),
                field(
                    "Your name", "full_name", error=SignupState.full_name_error, autocomplete="name"
                ),
                field(
                    "Work email",
                    "email",
                    error=SignupState.email_error,
                    type="email",
                    autocomplete="email",
                ),
                field(
                    "Password",
                    "password",
                    error=SignupState.password_error,
                    type="password",
                    autocomplete="new-password",
                    hint="At least 10 characters.",
                ),
                rx.button(
                    "Create organization", type="submit", size="3", width="100%", id="signup-submit"
                ),
                spacing="4",
                width="100%",
            ),
            on_submit=SignupState.submit,
            reset_on_submit=False,
            width="100%",
        ),
        rx.text("Already have an account? ", rx.link("Log in", href=routes.LOGIN), size="2"),
    )


def index_page() -> rx.Component:
    """The root URL, which sends the visitor on at once."""
    return rx.center(rx.spinner(size="3"), min_height="100vh")


def join_page() -> rx.Component:
    """Accept a team invitation: set a name and password."""
    return auth_shell(
        rx.cond(
            JoinState.loaded,
            rx.cond(
                JoinState.valid,
                rx.vstack(
                    rx.heading("Join ", JoinState.organization_name, size="6", as_="h1"),
                    rx.text(
                        "You are invited as a ",
                        JoinState.role,
                        " with ",
                        JoinState.email,
                        ".",
                        size="2",
                        color_scheme="gray",
                    ),
                    rx.cond(
                        JoinState.form_error,
                        rx.callout(
                            JoinState.form_error,
                            icon="info",
                            color_scheme="red",
                            size="1",
                            width="100%",
                            id="join-error",
                        ),
                    ),
                    rx.form(
                        rx.vstack(
                            field(
                                "Your name",
                                "full_name",
                                error=JoinState.full_name_error,
                                autocomplete="name",
                            ),
                            field(
                                "Password",
                                "password",
                                error=JoinState.password_error,
                                type="password",
                                autocomplete="new-password",
                                hint="At least 10 characters.",
                            ),
                            rx.button(
                                "Join", type="submit", size="3", width="100%", id="join-submit"
                            ),
                            spacing="4",
                            width="100%",
                        ),
                        on_submit=JoinState.accept,
                        reset_on_submit=False,
                        width="100%",
                    ),
                    spacing="3",
                    width="100%",
                ),
                rx.vstack(
                    rx.heading("This invitation is not valid", size="6", as_="h1"),
                    rx.text(
                        "It may have been used, withdrawn or have expired. Ask your colleague "
                        "for a new one.",
                        color_scheme="gray",
                    ),
                    rx.link("Log in", href=routes.LOGIN),
                    spacing="3",
                ),
            ),
            rx.center(rx.spinner()),
        ),
    )
