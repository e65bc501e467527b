"""The recruiter's preview of a stage as candidates see it (/jobs/{id}/preview?stage=...)."""

from __future__ import annotations

import reflex as rx

from heymilo_app import routes
from heymilo_app.components.candidate_stages import (
    brand_header,
    primary_button,
    stage_view,
    welcome,
)
from heymilo_app.components.common import not_found
from heymilo_app.components.shell import candidate_shell
from heymilo_app.state.preview import PreviewState


def _toolbar() -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.link(
                rx.hstack(
                    rx.icon("arrow-left", size=14),
                    rx.text("Back to the builder"),
                    align="center",
                    spacing="1",
                ),
                href=PreviewState.builder_url,
                size="2",
                color="white",
            ),
            rx.badge(
                rx.icon("eye", size=12),
                "Preview: nothing entered here is saved",
                color_scheme="amber",
                variant="solid",
            ),
            rx.spacer(),
            rx.select.root(
                rx.select.trigger(aria_label="Stage to preview", id="preview-stage"),
                rx.select.content(
                    rx.foreach(
                        PreviewState.choices,
                        lambda choice: rx.select.item(choice["label"], value=choice["value"]),
                    )
                ),
                value=PreviewState.current,
                on_change=PreviewState.choose,
            ),
            align="center",
            spacing="3",
            wrap="wrap",
            max_width="900px",
            margin_x="auto",
        ),
        background=rx.color("gray", 12),
        color="white",
        padding="10px 16px",
        position="sticky",
        top="0",
        z_index="10",
    )


def _candidate_view() -> rx.Component:
    brand = PreviewState.brand
    return candidate_shell(
        brand_header(brand),
        rx.cond(
            PreviewState.current == "0",
            welcome(
                brand,
                PreviewState.tx,
                PreviewState.summaries,
                primary_button(PreviewState.tx["start"], brand, disabled=True),
            ),
            rx.vstack(
                stage_view(PreviewState.stage, brand, PreviewState.tx),
                rx.cond(
                    (PreviewState.stage.type == "form") | (PreviewState.stage.type == "resume"),
                    primary_button(PreviewState.tx["submit"], brand, disabled=True),
                ),
                spacing="4",
                width="100%",
            ),
        ),
        accent=brand.primary_color,
        language=brand.language,
    )


def preview_page() -> rx.Component:
    """The preview with its toolbar."""
    return rx.box(
        rx.cond(
            PreviewState.loaded,
            rx.cond(
                PreviewState.not_found,
                rx.box(
                    not_found(
                        "Not found",
                        "This job or stage is not one of your organization's.",
                        back_href=routes.JOBS,
                        back_label="Back to jobs",
                    ),
                    padding="32px",
                ),
                rx.fragment(_toolbar(), _candidate_view()),
            ),
            rx.center(rx.spinner(), min_height="100vh"),
        ),
    )
