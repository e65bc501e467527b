"""The dialog that drafts the whole interview from the job description."""

from __future__ import annotations

import reflex as rx

from heymilo_app.state.builder_draft import DraftState


def draft_dialog() -> rx.Component:
    """Paste a job description or pick a role template; get a complete draft."""
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.button(
                rx.icon("sparkles", size=16),
                "Draft from job description",
                variant="soft",
                on_click=DraftState.open_draft,
                id="open-draft",
            ),
        ),
        rx.dialog.content(
            rx.dialog.title("Draft the interview from the job description"),
            rx.dialog.description(
                "You get all five stages: resume requirements, form questions with sensible "
                "dealbreakers, text and voice questions, a task and rubrics. It replaces the "
                "stages of this draft; everything stays editable before you publish.",
                size="2",
                color_scheme="gray",
            ),
            rx.vstack(
                rx.text("Role template", size="2", weight="medium"),
                rx.select.root(
                    rx.select.trigger(
                        width="100%", id="draft-template", aria_label="Role template"
                    ),
                    rx.select.content(
                        rx.foreach(
                            DraftState.template_choices,
                            lambda choice: rx.select.item(choice["label"], value=choice["value"]),
                        )
                    ),
                    value=DraftState.draft_template,
                    on_change=DraftState.set_draft_template,
                ),
                rx.el.label(
                    rx.text("Job description", size="2", weight="medium"), html_for="draft-text"
                ),
                rx.text_area(
                    value=DraftState.draft_text,
                    on_change=DraftState.set_draft_text,
                    rows="12",
                    width="100%",
                    id="draft-text",
                    placeholder="Paste the job posting: responsibilities, "
                    "requirements, nice-to-haves, location.",
                ),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button(
                        rx.cond(
                            DraftState.drafting, rx.spinner(size="1"), rx.icon("sparkles", size=16)
                        ),
                        rx.cond(DraftState.drafting, "Drafting…", "Create the draft"),
                        on_click=DraftState.generate,
                        disabled=DraftState.drafting,
                        id="create-draft",
                    ),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                margin_top="12px",
            ),
            max_width="640px",
        ),
        open=DraftState.draft_open,
        on_open_change=DraftState.set_draft_open,
    )


def clone_dialog() -> rx.Component:
    """Copy the interview of another job of the organization into this draft."""
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.button(
                rx.icon("copy", size=16),
                "Copy from a job",
                variant="soft",
                color_scheme="gray",
                on_click=DraftState.open_clone,
                id="open-clone",
            ),
        ),
        rx.dialog.content(
            rx.dialog.title("Copy another job's interview"),
            rx.dialog.description(
                "Its stages, questions and rubrics replace this draft. The other job is not "
                "changed.",
                size="2",
                color_scheme="gray",
            ),
            rx.cond(
                DraftState.clone_choices.length() > 0,
                rx.vstack(
                    rx.select.root(
                        rx.select.trigger(
                            width="100%", id="clone-source", aria_label="Job to copy from"
                        ),
                        rx.select.content(
                            rx.foreach(
                                DraftState.clone_choices,
                                lambda c: rx.select.item(c["label"], value=c["value"]),
                            )
                        ),
                        value=DraftState.clone_source,
                        on_change=DraftState.set_clone_source,
                    ),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                        rx.button(
                            "Copy the interview", on_click=DraftState.clone, id="clone-submit"
                        ),
                        justify="end",
                        width="100%",
                    ),
                    spacing="3",
                    margin_top="12px",
                ),
                rx.text(
                    "There is no other job to copy from yet.",
                    size="2",
                    color_scheme="gray",
                    margin_top="12px",
                ),
            ),
            max_width="480px",
        ),
        open=DraftState.clone_open,
        on_open_change=DraftState.set_clone_open,
    )
