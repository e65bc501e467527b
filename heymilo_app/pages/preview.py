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
from heymilo_app.services.stages.kinds import STAGE_KINDS
from heymilo_app.state.preview import PreviewState

# The stage types a recruiter can try here: those conducted on a page of the candidate's link
# (the real engine judges the answer, nothing is kept).
TRIED_HERE = [kind.value for kind, info in STAGE_KINDS.items() if info.conducted == "page"]


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
                "Preview: try it as a candidate; nothing is saved",
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


def _row(*children: rx.Component) -> rx.Component:
    return rx.vstack(*children, spacing="0", width="100%", padding_y="4px")


def _quote(text: rx.Var) -> rx.Component:
    """The candidate's words a finding rests on, quoted; nothing when there are none."""
    return rx.cond(text, rx.text("“", text, "”", size="1", color_scheme="gray"))


def _findings(title: str, items: rx.Var, lines) -> rx.Component:
    """A titled list of the trial's findings (one row of lines each); nothing when empty."""
    return rx.cond(
        items.length() > 0,
        rx.vstack(
            rx.text(title, weight="medium", size="2"),
            rx.foreach(items, lambda item: _row(*lines(item))),
            spacing="1",
            width="100%",
        ),
    )


def _trial() -> rx.Component:
    """What trying the stage came to, for the recruiter (a candidate never sees this)."""
    trial = PreviewState.trial
    tone = rx.match(
        trial.verdict, ("passed", "green"), ("disqualified", "red"), ("review", "amber"), "gray"
    )
    return rx.cond(
        trial.verdict | trial.problem | (trial.errors.length() > 0),
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.badge("Recruiter's view · not saved", color_scheme="gray"),
                    rx.spacer(),
                    rx.button(
                        "Clear",
                        size="1",
                        variant="ghost",
                        type="button",
                        on_click=PreviewState.clear_trial,
                    ),
                    width="100%",
                    align="center",
                ),
                rx.cond(trial.problem, rx.text(trial.problem, color_scheme="red")),
                rx.cond(
                    trial.errors.length() > 0,
                    rx.vstack(
                        rx.text("A candidate would be asked to fix:", weight="medium", size="2"),
                        rx.foreach(
                            trial.errors,
                            lambda e: _row(
                                rx.text(e["field"], size="2", weight="medium"),
                                rx.text(e["message"], size="2", color_scheme="red"),
                            ),
                        ),
                        spacing="1",
                    ),
                ),
                rx.cond(
                    trial.verdict,
                    rx.vstack(
                        rx.heading(trial.verdict_text, size="4", as_="h2", color_scheme=tone),
                        rx.cond(
                            trial.score,
                            rx.text(
                                "Score ",
                                rx.text.strong(trial.score),
                                "/100 ",
                                rx.cond(
                                    trial.pass_mark == "0",
                                    "(it informs: this stage holds nobody back by score)",
                                    "(pass mark " + trial.pass_mark + ")",
                                ),
                                size="2",
                            ),
                            rx.text(
                                "No score: this stage's answers are facts its rules check.",
                                size="2",
                                color_scheme="gray",
                            ),
                        ),
                        _findings(
                            "Dealbreakers hit",
                            trial.failures,
                            lambda f: (
                                rx.text(f["requirement"], " · ", f["action"], size="2"),
                                rx.text(f["reason"], size="1", color_scheme="gray"),
                            ),
                        ),
                        _findings(
                            "Resume screen",
                            trial.checks,
                            lambda c: (
                                rx.text(c["requirement"], ": ", c["met"], size="2"),
                                _quote(c["evidence"]),
                            ),
                        ),
                        _findings(
                            "Rubric",
                            trial.criteria,
                            lambda c: (
                                rx.text(c["name"], ": ", c["score"], size="2"),
                                _quote(c["evidence"]),
                            ),
                        ),
                        rx.cond(trial.summary, rx.text(trial.summary, size="2")),
                        spacing="2",
                        width="100%",
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            id="trial-outcome",
            role="status",
            width="100%",
        ),
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
            rx.cond(
                rx.Var.create(TRIED_HERE).contains(PreviewState.stage.type),
                # Resume and form stages can be tried: the real engine judges, nothing is kept.
                rx.form(
                    rx.vstack(
                        stage_view(PreviewState.stage, brand, PreviewState.tx),
                        primary_button(
                            PreviewState.tx["submit"],
                            brand,
                            type="submit",
                            id="preview-submit",
                            loading=PreviewState.busy,
                            disabled=PreviewState.busy,
                        ),
                        _trial(),
                        spacing="4",
                        width="100%",
                    ),
                    on_submit=PreviewState.try_stage,
                    reset_on_submit=False,
                    width="100%",
                ),
                rx.vstack(
                    stage_view(PreviewState.stage, brand, PreviewState.tx),
                    spacing="4",
                    width="100%",
                ),
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
