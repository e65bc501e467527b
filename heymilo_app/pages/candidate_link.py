"""The candidate's landing page: who is hiring, the stages ahead, and how AI is used."""

from __future__ import annotations

import reflex as rx

from heymilo_app.components.shell import candidate_shell
from heymilo_app.state.candidate_link import CandidateLinkState

AI_DISCLOSURE = (
    "An AI will ask you questions and score your answers against the role's requirements; "
    "a person makes the hiring decision. Your answers are judged on what you say and write, "
    "never on your voice, face or appearance."
)


def _stage_row(stage: rx.Var, index: int) -> rx.Component:
    return rx.hstack(
        rx.badge(index + 1, radius="full", variant="solid", size="2"),
        rx.vstack(
            rx.hstack(
                rx.text(stage["title"], weight="bold"),
                rx.text(stage["duration"], size="1", color_scheme="gray"),
                align="baseline",
                spacing="2",
                wrap="wrap",
            ),
            rx.text(stage["description"], size="2", color_scheme="gray"),
            spacing="0",
        ),
        align="start",
        spacing="3",
        width="100%",
    )


def _welcome() -> rx.Component:
    return rx.vstack(
        rx.heading(
            "Hi ", CandidateLinkState.first_name, ", welcome to your interview", size="7", as_="h1"
        ),
        rx.text(
            CandidateLinkState.organization_name,
            " is hiring for ",
            rx.text.strong(CandidateLinkState.job_title),
            ".",
            size="3",
        ),
        rx.cond(
            CandidateLinkState.welcome_message,
            rx.text(CandidateLinkState.welcome_message, size="3"),
        ),
        rx.card(
            rx.vstack(
                rx.heading("What is ahead", size="4", as_="h2"),
                rx.foreach(CandidateLinkState.stages, _stage_row),
                spacing="4",
                width="100%",
            ),
            width="100%",
        ),
        rx.callout(AI_DISCLOSURE, icon="info", width="100%"),
        spacing="4",
        width="100%",
    )


def _problem() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(CandidateLinkState.problem_title, size="6", as_="h1"),
            rx.text(CandidateLinkState.problem_text, color_scheme="gray"),
            spacing="3",
            padding="12px",
        ),
        width="100%",
    )


def candidate_link_page() -> rx.Component:
    """The page behind a candidate's interview link."""
    return candidate_shell(
        rx.cond(
            CandidateLinkState.loaded,
            rx.cond(CandidateLinkState.problem, _problem(), _welcome()),
            rx.center(rx.spinner(), width="100%", padding="40px"),
        ),
        organization_name=rx.cond(
            CandidateLinkState.problem, "", CandidateLinkState.organization_name
        ),
        accent=CandidateLinkState.primary_color,
    )
