"""The candidate's landing page: who is hiring, the stages ahead, and how AI is used."""

from __future__ import annotations

import reflex as rx

from heymilo_app.components.candidate_stages import brand_header, welcome
from heymilo_app.components.shell import candidate_shell
from heymilo_app.state.candidate_link import CandidateLinkState
from heymilo_app.state.unsubscribe import UnsubscribeState


def _problem() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(CandidateLinkState.tx["problem_title"], size="6", as_="h1"),
            rx.text(CandidateLinkState.tx["problem_text"], color_scheme="gray"),
            spacing="3",
            padding="12px",
        ),
        width="100%",
    )


def candidate_link_page() -> rx.Component:
    """The page behind a candidate's interview link."""
    brand = CandidateLinkState.brand
    return candidate_shell(
        rx.cond(
            CandidateLinkState.loaded,
            rx.cond(
                CandidateLinkState.problem,
                _problem(),
                rx.vstack(
                    brand_header(brand),
                    welcome(brand, CandidateLinkState.tx, CandidateLinkState.summaries),
                    spacing="5",
                    width="100%",
                ),
            ),
            rx.center(rx.spinner(), width="100%", padding="40px"),
        ),
        accent=brand.primary_color,
        language=brand.language,
    )


def unsubscribe_page() -> rx.Component:
    """The page behind the unsubscribe link of an email."""
    return candidate_shell(
        rx.card(
            rx.match(
                UnsubscribeState.outcome,
                (
                    "done",
                    rx.vstack(
                        rx.heading("You will get no more reminders", size="6", as_="h1"),
                        rx.text(
                            "Your interview link still works whenever you want to use it.",
                            color_scheme="gray",
                        ),
                        spacing="2",
                    ),
                ),
                (
                    "unknown",
                    rx.vstack(
                        rx.heading("This link is not valid", size="6", as_="h1"),
                        rx.text(
                            "Check that you opened the whole link from the email.",
                            color_scheme="gray",
                        ),
                        spacing="2",
                    ),
                ),
                rx.center(rx.spinner()),
            ),
            width="100%",
        ),
    )
