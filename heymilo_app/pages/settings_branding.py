"""The Branding and Language tabs of Settings."""

from __future__ import annotations

import reflex as rx

from heymilo_app.components.form_controls import file_zone
from heymilo_app.services.common.i18n import LANGUAGES
from heymilo_app.services.org import logos
from heymilo_app.state.branding import LOGO_UPLOAD_ID, BrandingState

B = BrandingState


def _color_field(
    label: str,
    value: rx.Var,
    on_change,
    ratio: rx.Var,
    error: rx.Var,
    field_id: str,
    hint: str,
    readable: rx.Var,
) -> rx.Component:
    return rx.vstack(
        rx.el.label(rx.text(label, size="2", weight="medium"), html_for=field_id),
        rx.hstack(
            rx.el.input(
                type="color",
                value=value,
                on_change=on_change,
                aria_label=label + " picker",
                disabled=~B.is_recruiter,
                style={
                    "width": "44px",
                    "height": "36px",
                    "border": "none",
                    "padding": "0",
                    "background": "none",
                    "cursor": "pointer",
                },
            ),
            rx.input(
                value=value,
                on_change=on_change,
                id=field_id,
                width="120px",
                disabled=~B.is_recruiter,
                max_length=7,
            ),
            rx.badge(
                "Contrast with white ",
                ratio,
                variant="soft",
                size="2",
                color_scheme=rx.cond(readable, "green", "red"),
            ),
            align="center",
            spacing="2",
        ),
        rx.text(hint, size="1", color_scheme="gray"),
        rx.cond(error, rx.text(error, size="1", color_scheme="red", role="alert")),
        spacing="1",
    )


def _logo() -> rx.Component:
    return rx.vstack(
        rx.text("Logo", size="2", weight="medium"),
        rx.hstack(
            rx.center(
                rx.cond(
                    B.logo_url,
                    rx.image(
                        src=B.logo_url,
                        alt="Current logo",
                        max_height="56px",
                        max_width="180px",
                        id="logo-preview",
                    ),
                    rx.text("No logo", size="1", color_scheme="gray"),
                ),
                width="200px",
                height="80px",
                border=f"1px solid {rx.color('gray', 5)}",
                border_radius="10px",
                background="white",
            ),
            rx.cond(
                B.is_recruiter,
                rx.vstack(
                    file_zone(
                        rx.vstack(
                            rx.icon("image-up", size=20),
                            rx.text("Drop a PNG, JPEG or SVG (2 MB at most), or click", size="1"),
                            align="center",
                            spacing="1",
                        ),
                        upload_id=LOGO_UPLOAD_ID,
                        accept={
                            "image/png": [".png"],
                            "image/jpeg": [".jpg", ".jpeg"],
                            "image/svg+xml": [".svg"],
                        },
                        max_bytes=logos.MAX_LOGO_BYTES,
                        on_drop=B.upload_logo(rx.upload_files(upload_id=LOGO_UPLOAD_ID)),
                        on_refused=B.refuse_file,
                        border=f"1px dashed {rx.color('gray', 7)}",
                        border_radius="10px",
                        padding="12px",
                        cursor="pointer",
                    ),
                    rx.cond(
                        B.logo_url,
                        rx.button(
                            "Remove logo",
                            size="1",
                            variant="ghost",
                            color_scheme="red",
                            on_click=B.remove_logo,
                        ),
                    ),
                    spacing="1",
                ),
            ),
            align="center",
            spacing="4",
            wrap="wrap",
        ),
        rx.cond(B.logo_error, rx.text(B.logo_error, size="2", color_scheme="red", role="alert")),
        spacing="2",
        width="100%",
    )


def _sample() -> rx.Component:
    return rx.box(
        rx.box(height="5px", background=B.primary_color),
        rx.vstack(
            rx.cond(
                B.logo_url,
                rx.image(src=B.logo_url, alt="Logo", max_height="32px"),
                rx.text(B.organization_name, weight="bold"),
            ),
            rx.text(
                rx.cond(B.welcome_message, B.welcome_message, "Your welcome message appears here."),
                size="2",
            ),
            rx.hstack(
                rx.button("Start", background=B.primary_color, color="white", size="2"),
                rx.badge("1", background=B.accent_color, color="white", radius="full"),
                rx.text("Resume", size="2"),
                align="center",
                spacing="3",
            ),
            spacing="3",
            padding="16px",
        ),
        border=f"1px solid {rx.color('gray', 5)}",
        border_radius="12px",
        overflow="hidden",
        background=rx.color("gray", 2),
        width="100%",
        max_width="360px",
    )


def branding_tab() -> rx.Component:
    """Logo, colors and welcome message, with a live sample."""
    return rx.card(
        rx.grid(
            rx.vstack(
                rx.heading("Branding", size="4", as_="h2"),
                rx.text(
                    "Candidate pages and emails use your logo, colors and welcome message.",
                    size="2",
                    color_scheme="gray",
                ),
                _logo(),
                _color_field(
                    "Primary color",
                    B.primary_color,
                    B.set_primary_color,
                    B.primary_ratio,
                    B.primary_error,
                    "primary-color",
                    "Buttons: white text on it needs at least 4.5:1.",
                    B.primary_readable,
                ),
                _color_field(
                    "Accent color",
                    B.accent_color,
                    B.set_accent_color,
                    B.accent_ratio,
                    B.accent_error,
                    "accent-color",
                    "Markers and highlights: at least 3:1 against white.",
                    B.accent_readable,
                ),
                rx.vstack(
                    rx.el.label(
                        rx.text("Welcome message", size="2", weight="medium"),
                        html_for="welcome-message",
                    ),
                    rx.text_area(
                        value=B.welcome_message,
                        on_change=B.set_welcome_message,
                        rows="4",
                        width="100%",
                        id="welcome-message",
                        disabled=~B.is_recruiter,
                    ),
                    rx.cond(
                        B.welcome_error, rx.text(B.welcome_error, size="1", color_scheme="red")
                    ),
                    spacing="1",
                    width="100%",
                ),
                rx.cond(
                    B.is_recruiter,
                    rx.button("Save branding", on_click=B.save_branding, id="save-branding"),
                ),
                spacing="4",
                width="100%",
            ),
            rx.vstack(
                rx.text("What candidates see", size="2", weight="medium"),
                _sample(),
                spacing="2",
                width="100%",
            ),
            columns=rx.breakpoints(initial="1", md="3fr 2fr"),
            spacing="6",
            width="100%",
        ),
        width="100%",
    )


def language_tab() -> rx.Component:
    """Candidate language and the interviewer's voice."""
    return rx.card(
        rx.vstack(
            rx.heading("Language and voice", size="4", as_="h2"),
            rx.text(
                "Candidate pages, default messages and the AI interviewer use this language.",
                size="2",
                color_scheme="gray",
            ),
            rx.grid(
                rx.vstack(
                    rx.text("Candidate language", size="2", weight="medium"),
                    rx.select.root(
                        rx.select.trigger(
                            id="language", aria_label="Candidate language", width="100%"
                        ),
                        rx.select.content(
                            *[
                                rx.select.item(label, value=code)
                                for code, label in LANGUAGES.items()
                            ]
                        ),
                        value=B.language,
                        on_change=B.set_language,
                        disabled=~B.is_recruiter,
                    ),
                    spacing="1",
                    width="100%",
                ),
                rx.vstack(
                    rx.text(
                        "Interviewer voice (phone and voice stages)", size="2", weight="medium"
                    ),
                    rx.select.root(
                        rx.select.trigger(id="voice", aria_label="Interviewer voice", width="100%"),
                        rx.select.content(
                            rx.foreach(
                                B.voice_choices,
                                lambda v: rx.select.item(v["label"], value=v["value"]),
                            )
                        ),
                        value=B.voice,
                        on_change=B.set_voice,
                        disabled=~B.is_recruiter,
                    ),
                    spacing="1",
                    width="100%",
                ),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="4",
                width="100%",
            ),
            rx.cond(
                B.is_recruiter,
                rx.button("Save language and voice", on_click=B.save_language, id="save-language"),
            ),
            spacing="4",
            width="100%",
        ),
        width="100%",
    )
