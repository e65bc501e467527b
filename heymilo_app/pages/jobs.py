"""The Jobs list with its new-job dialog."""

from __future__ import annotations

import reflex as rx

from heymilo_app.components.common import empty_state, field, form_error
from heymilo_app.components.shell import recruiter_shell
from heymilo_app.state.jobs import JobsState


def _new_job_dialog(trigger: rx.Component) -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(trigger),
        rx.dialog.content(
            rx.dialog.title("New job"),
            rx.dialog.description(
                "Start with the basics; you design the interview next.",
                size="2",
                color_scheme="gray",
                margin_bottom="12px",
            ),
            rx.form(
                rx.vstack(
                    form_error(JobsState.form_error),
                    field(
                        "Job title",
                        "title",
                        error=JobsState.title_error,
                        placeholder="e.g. Customer Support Specialist",
                    ),
                    field("Location", "location", placeholder="e.g. Remote, or Austin, TX"),
                    field(
                        "Description",
                        "description",
                        multiline=True,
                        placeholder="What the role does",
                    ),
                    rx.hstack(
                        rx.dialog.close(
                            rx.button("Cancel", variant="soft", color_scheme="gray", type="button")
                        ),
                        rx.button("Create job", type="submit", id="create-job-submit"),
                        justify="end",
                        width="100%",
                    ),
                    spacing="4",
                ),
                on_submit=JobsState.create_job,
                reset_on_submit=False,
            ),
            max_width="520px",
        ),
        open=JobsState.dialog_open,
        on_open_change=JobsState.set_dialog_open,
    )


def _job_card(job: rx.Var) -> rx.Component:
    return rx.link(
        rx.card(
            rx.hstack(
                rx.vstack(
                    rx.hstack(
                        rx.text(job["title"], weight="bold", size="4"),
                        rx.cond(
                            job["archived"],
                            rx.badge("Archived", color_scheme="gray"),
                            rx.match(
                                job["interview_tone"],
                                ("green", rx.badge(job["interview"], color_scheme="green")),
                                ("amber", rx.badge(job["interview"], color_scheme="amber")),
                                rx.badge(job["interview"], color_scheme="gray"),
                            ),
                        ),
                        align="center",
                        spacing="2",
                        wrap="wrap",
                    ),
                    rx.hstack(
                        rx.icon("map-pin", size=14),
                        rx.text(job["location"], size="2"),
                        color=rx.color("gray", 11),
                        align="center",
                        spacing="1",
                    ),
                    # On a phone, the number to act on under the title.
                    rx.text(
                        job["total"],
                        " candidates · ",
                        rx.text.strong(job["in_review"], " in review"),
                        size="2",
                        display=["block", "none"],
                    ),
                    spacing="1",
                ),
                rx.spacer(),
                rx.hstack(
                    _count("In review", job["in_review"], highlight=job["in_review"] != "0"),
                    _count("Candidates", job["total"]),
                    _count("In progress", job["in_progress"]),
                    _count("Completed", job["completed"]),
                    _count("Disqualified", job["disqualified"]),
                    spacing="5",
                    display=["none", "flex"],
                ),
                align="center",
                width="100%",
            ),
            width="100%",
            _hover={"box_shadow": f"0 0 0 1px {rx.color('accent', 8)}"},
        ),
        href=job["url"],
        underline="none",
        color="inherit",
        width="100%",
    )


def _count(label: str, value: rx.Var, highlight: rx.Var | bool = False) -> rx.Component:
    return rx.vstack(
        rx.text(
            value,
            weight="bold",
            size="4",
            color=rx.cond(highlight, rx.color("accent", 11), rx.color("gray", 12)),
        ),
        rx.text(label, size="1", color_scheme="gray"),
        spacing="0",
        align="center",
    )


def jobs_page() -> rx.Component:
    """The organization's jobs, or the first step when there are none."""
    new_job_button = rx.button(rx.icon("plus", size=16), "New job", id="new-job")
    return recruiter_shell(
        rx.cond(
            JobsState.jobs.length() > 0,
            rx.vstack(rx.foreach(JobsState.jobs, _job_card), spacing="3", width="100%"),
            rx.cond(
                JobsState.loaded,
                empty_state(
                    "briefcase",
                    "Create your first job",
                    "A job holds the interview candidates go through: resume, form, text "
                    "messages, a conversation and an assessment. Start with its title.",
                    rx.cond(
                        JobsState.is_recruiter,
                        _new_job_dialog(
                            rx.button(
                                rx.icon("plus", size=16),
                                "Create your first job",
                                size="3",
                                id="first-job",
                            )
                        ),
                        rx.text(
                            "A recruiter of your organization creates jobs.",
                            color_scheme="gray",
                            size="2",
                        ),
                    ),
                ),
                rx.center(rx.spinner(), width="100%", padding="40px"),
            ),
        ),
        title="Jobs",
        active="jobs",
        actions=rx.hstack(
            rx.el.label(
                rx.hstack(
                    rx.switch(
                        checked=JobsState.show_archived,
                        on_change=JobsState.set_show_archived,
                        id="show-archived",
                    ),
                    rx.text("Show archived", size="2"),
                    spacing="2",
                    align="center",
                ),
            ),
            rx.cond(
                JobsState.is_recruiter & (JobsState.jobs.length() > 0),
                _new_job_dialog(new_job_button),
            ),
            spacing="4",
            align="center",
        ),
    )
