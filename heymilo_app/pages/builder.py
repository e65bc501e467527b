"""The interview builder page (/jobs/{id}/builder)."""

from __future__ import annotations

import reflex as rx

from heymilo_app import routes
from heymilo_app.components.builder import (
    assessment_section,
    basics_section,
    questions_section,
    resume_section,
    scoring_section,
    sms_section,
    stage_icon,
    stage_list,
    voice_section,
)
from heymilo_app.components.builder_draft import clone_dialog, draft_dialog
from heymilo_app.components.common import confirm_dialog, not_found
from heymilo_app.components.shell import recruiter_shell
from heymilo_app.state.builder import BuilderState


def _status_badges() -> rx.Component:
    return rx.hstack(
        rx.cond(
            BuilderState.status == "draft",
            rx.badge(
                rx.icon("pencil", size=12),
                "Draft version ",
                BuilderState.version,
                color_scheme="amber",
                variant="soft",
                size="2",
            ),
            rx.badge(
                rx.icon("circle-check", size=12),
                "Published version ",
                BuilderState.version,
                color_scheme="green",
                variant="soft",
                size="2",
            ),
        ),
        rx.cond(
            (BuilderState.published_version > 0) & (BuilderState.status == "draft"),
            rx.text(
                "Candidates get version ",
                BuilderState.published_version,
                " until you publish.",
                size="2",
                color_scheme="gray",
            ),
        ),
        rx.cond(
            BuilderState.save_status,
            rx.hstack(
                rx.icon("check", size=14),
                rx.text(BuilderState.save_status, size="2"),
                color=rx.color("green", 11),
                align="center",
                spacing="1",
                id="save-status",
            ),
        ),
        rx.cond(
            BuilderState.read_only,
            rx.badge(rx.icon("eye", size=12), "Read only", color_scheme="gray", size="2"),
        ),
        spacing="3",
        align="center",
        wrap="wrap",
    )


def _actions() -> rx.Component:
    return rx.hstack(
        rx.cond(BuilderState.is_draft, rx.fragment(draft_dialog(), clone_dialog())),
        rx.cond(
            BuilderState.can_undo,
            rx.button(
                rx.icon("undo-2", size=16),
                "Undo delete",
                variant="soft",
                color_scheme="gray",
                on_click=BuilderState.undo,
                id="undo",
            ),
        ),
        rx.cond(
            BuilderState.selected_id > 0,
            rx.link(
                rx.button(rx.icon("eye", size=16), "Preview", variant="soft", id="preview"),
                href=BuilderState.preview_url,
            ),
        ),
        rx.cond(
            BuilderState.is_draft,
            rx.hstack(
                rx.cond(
                    BuilderState.published_version > 0,
                    confirm_dialog(
                        rx.button(
                            "Discard draft", variant="soft", color_scheme="gray", id="discard-draft"
                        ),
                        title="Discard this draft?",
                        description="Every change since version "
                        + BuilderState.published_version.to_string()
                        + " was published is lost. Candidates keep taking the published version.",
                        confirm_label="Discard draft",
                        keep_label="Keep editing",
                        on_confirm=BuilderState.discard_draft,
                        confirm_id="discard-draft-confirm",
                    ),
                ),
                rx.button(
                    rx.icon("rocket", size=16),
                    "Publish",
                    on_click=BuilderState.publish,
                    id="publish",
                ),
                spacing="2",
            ),
            rx.cond(
                ~BuilderState.read_only,
                rx.button(
                    rx.icon("pencil", size=16),
                    "Edit as a new version",
                    on_click=BuilderState.edit_published,
                    id="edit-published",
                ),
            ),
        ),
        spacing="2",
        wrap="wrap",
    )


def _problems() -> rx.Component:
    return rx.cond(
        BuilderState.problem_messages.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle-alert")),
            rx.vstack(
                rx.text("Fix these before publishing:", weight="bold", size="2"),
                rx.el.ul(
                    rx.foreach(
                        BuilderState.problem_messages,
                        lambda message: rx.el.li(rx.text(message, size="2")),
                    ),
                    style={"margin": "0", "padding_left": "18px"},
                ),
                spacing="1",
            ),
            color_scheme="red",
            role="alert",
            width="100%",
            id="publish-problems",
        ),
    )


def _settings_panel() -> rx.Component:
    return rx.card(
        rx.cond(
            BuilderState.selected_id > 0,
            rx.vstack(
                rx.hstack(
                    rx.center(
                        stage_icon(BuilderState.sel.type, 20),
                        background=rx.color("accent", 3),
                        color=rx.color("accent", 11),
                        border_radius="10px",
                        width="40px",
                        height="40px",
                    ),
                    rx.vstack(
                        rx.text(BuilderState.sel.label, size="1", color_scheme="gray"),
                        rx.heading(BuilderState.sel.title, size="5", as_="h2"),
                        spacing="0",
                    ),
                    rx.spacer(),
                    rx.cond(
                        BuilderState.is_draft,
                        rx.button(
                            rx.icon("trash-2", size=14),
                            "Delete stage",
                            variant="soft",
                            color_scheme="red",
                            size="2",
                            id="delete-stage",
                            on_click=BuilderState.delete_stage(BuilderState.selected_id),
                        ),
                    ),
                    align="center",
                    width="100%",
                    # On a phone the button goes under the title instead of past the edge.
                    wrap="wrap",
                ),
                rx.separator(),
                basics_section(),
                rx.match(
                    BuilderState.sel.type,
                    ("resume", resume_section()),
                    ("sms", sms_section()),
                    ("voice", voice_section()),
                    ("assessment", assessment_section()),
                    rx.fragment(),
                ),
                rx.cond(BuilderState.sel.takes_questions, questions_section()),
                scoring_section(),
                spacing="4",
                width="100%",
            ),
            rx.center(rx.text("Add a stage to start.", color_scheme="gray"), padding="40px"),
        ),
        width="100%",
        size="3",
    )


def _builder() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.link(
                rx.hstack(
                    rx.icon("arrow-left", size=14),
                    rx.text("Back to the job"),
                    align="center",
                    spacing="1",
                ),
                href=BuilderState.job_url,
                size="2",
            ),
            rx.spacer(),
            _actions(),
            width="100%",
            align="center",
            wrap="wrap",
            spacing="3",
        ),
        _status_badges(),
        _problems(),
        rx.cond(
            BuilderState.stages.length() > 0,
            rx.grid(
                rx.box(
                    stage_list(), position=rx.breakpoints(initial="static", md="sticky"), top="16px"
                ),
                _settings_panel(),
                columns=rx.breakpoints(initial="1", md="300px 1fr", lg="340px 1fr"),
                spacing="5",
                width="100%",
                align_items="start",
            ),
            rx.cond(
                BuilderState.read_only,
                rx.callout(
                    "This job has no interview yet; a recruiter designs it here.",
                    icon="info",
                    width="100%",
                ),
                rx.vstack(stage_list(), width="100%", max_width="360px"),
            ),
        ),
        spacing="4",
        width="100%",
    )


def builder_page() -> rx.Component:
    """The builder, or not-found for a job outside the user's organization."""
    return recruiter_shell(
        rx.cond(
            BuilderState.loaded,
            rx.cond(
                BuilderState.not_found,
                not_found(
                    "Job not found",
                    "This job does not exist or is not one of your organization's jobs.",
                    back_href=routes.JOBS,
                    back_label="Back to jobs",
                ),
                _builder(),
            ),
            rx.center(rx.spinner(), width="100%", padding="40px"),
        ),
        title=rx.cond(
            BuilderState.loaded & ~BuilderState.not_found,
            BuilderState.job_title,
            "Interview builder",
        ),
        active="jobs",
        wide=True,
    )
