"""A candidate's report: overall score, each stage with its criteria, evidence and answers."""

from __future__ import annotations

import reflex as rx

from heymilo_app.components.common import not_found, status_badge
from heymilo_app.components.shell import recruiter_shell
from heymilo_app.state.candidate_report import (
    AnswerView,
    CandidateReportState,
    CheckView,
    CriterionView,
    StageView,
)

R = CandidateReportState


def _score_dots(score: rx.Var) -> rx.Component:
    return rx.hstack(
        *[
            rx.box(
                width="10px",
                height="10px",
                border_radius="999px",
                background=rx.cond(score >= n, rx.color("accent", 9), rx.color("gray", 5)),
            )
            for n in range(1, 6)
        ],
        spacing="1",
        aria_hidden="true",
    )


def _criterion(criterion: CriterionView) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(criterion.name, weight="medium", size="2"),
            rx.spacer(),
            _score_dots(criterion.score),
            rx.text(criterion.score, "/5", size="2", weight="bold"),
            align="center",
            width="100%",
        ),
        rx.cond(
            criterion.evidence != "",
            rx.text(
                "“",
                criterion.evidence,
                "”",
                size="2",
                color_scheme="gray",
                style={"font_style": "italic"},
            ),
            rx.text("No evidence found in the answers.", size="1", color_scheme="gray"),
        ),
        spacing="1",
        width="100%",
        padding_y="6px",
        border_top=f"1px solid {rx.color('gray', 4)}",
    )


def _check(check: CheckView) -> rx.Component:
    return rx.hstack(
        rx.badge(check.label, color_scheme=check.color, variant="soft", min_width="78px"),
        rx.vstack(
            rx.text(check.kind, ": ", check.requirement, size="2", weight="medium"),
            rx.cond(
                check.evidence != "",
                rx.text("“", check.evidence, "”", size="1", color_scheme="gray"),
            ),
            spacing="0",
        ),
        align="start",
        spacing="3",
        width="100%",
    )


def _answer(answer: AnswerView) -> rx.Component:
    return rx.vstack(
        rx.text(answer.prompt, size="2", color_scheme="gray"),
        rx.text(answer.answer, size="2", white_space="pre-wrap"),
        spacing="0",
        width="100%",
    )


def _stage(stage: StageView) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.vstack(
                    rx.heading(stage.title, size="4", as_="h2"),
                    rx.text(
                        stage.status,
                        rx.cond(stage.finished != "", " · " + stage.finished, ""),
                        size="1",
                        color_scheme="gray",
                    ),
                    spacing="0",
                ),
                rx.spacer(),
                rx.cond(
                    stage.scored,
                    rx.vstack(
                        rx.hstack(
                            rx.text(stage.total, size="6", weight="bold"),
                            rx.text("/100", size="2", color_scheme="gray"),
                            align="baseline",
                            spacing="1",
                        ),
                        rx.badge(
                            rx.cond(stage.passed, "Above", "Below"),
                            " the pass mark of ",
                            stage.threshold,
                            color_scheme=rx.cond(stage.passed, "green", "amber"),
                            variant="soft",
                        ),
                        align="end",
                        spacing="1",
                    ),
                ),
                width="100%",
                gap="8px",
                wrap="wrap",
            ),
            rx.cond(
                stage.failures.length() > 0,
                rx.callout(
                    rx.vstack(
                        rx.text("Dealbreakers not met", weight="bold"),
                        rx.foreach(stage.failures, lambda f: rx.text(f, size="2")),
                        spacing="1",
                    ),
                    icon="shield-alert",
                    color_scheme="red",
                    width="100%",
                ),
            ),
            rx.cond(stage.summary != "", rx.text(stage.summary, size="2")),
            rx.cond(
                stage.criteria.length() > 0,
                rx.vstack(
                    rx.foreach(stage.criteria, _criterion),
                    rx.text("Scored by ", stage.scorer, size="1", color_scheme="gray"),
                    spacing="1",
                    width="100%",
                ),
            ),
            rx.cond(
                stage.checks.length() > 0,
                rx.vstack(
                    rx.text("Requirements", weight="medium", size="2"),
                    rx.foreach(stage.checks, _check),
                    rx.cond(
                        stage.years != "",
                        rx.text(
                            "About ",
                            stage.years,
                            " years of experience (estimated from the resume's dates).",
                            size="1",
                            color_scheme="gray",
                        ),
                    ),
                    spacing="2",
                    width="100%",
                ),
            ),
            rx.cond(
                stage.answers.length() > 0,
                rx.vstack(
                    rx.text("Answers", weight="medium", size="2"),
                    rx.foreach(stage.answers, _answer),
                    spacing="2",
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        class_name="report-stage",
    )


def _side() -> rx.Component:
    return rx.vstack(
        rx.card(
            rx.vstack(
                rx.text("Overall", size="2", color_scheme="gray"),
                rx.cond(
                    R.overall != "",
                    rx.hstack(
                        rx.text(R.overall, size="8", weight="bold", id="overall-score"),
                        rx.text("/100", color_scheme="gray"),
                        align="baseline",
                        spacing="1",
                    ),
                    rx.text("Not scored yet", size="3"),
                ),
                rx.text(
                    "The mean of the scored stages. Scores inform; people decide.",
                    size="1",
                    color_scheme="gray",
                ),
                spacing="1",
            ),
            width="100%",
        ),
        rx.card(
            rx.vstack(
                rx.heading("Timeline", size="3", as_="h2"),
                rx.foreach(
                    R.timeline,
                    lambda item: rx.vstack(
                        rx.text(item["what"], size="2"),
                        rx.text(item["when"], size="1", color_scheme="gray"),
                        spacing="0",
                    ),
                ),
                spacing="2",
                width="100%",
            ),
            width="100%",
        ),
        rx.card(
            rx.vstack(
                rx.heading("Messages", size="3", as_="h2"),
                rx.cond(
                    R.messages.length() > 0,
                    rx.foreach(
                        R.messages,
                        lambda m: rx.vstack(
                            rx.text(m["what"], size="2", weight="medium"),
                            rx.text(m["label"], " · ", m["to"], size="1", color_scheme="gray"),
                            spacing="0",
                        ),
                    ),
                    rx.text("None yet.", size="2", color_scheme="gray"),
                ),
                spacing="2",
                width="100%",
            ),
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


def candidate_report_page() -> rx.Component:
    """The report of one application."""
    return recruiter_shell(
        rx.cond(
            R.loaded,
            rx.cond(
                R.not_found,
                not_found(
                    "No such candidate",
                    "This candidate does not exist, or belongs to another organization.",
                    back_href="/candidates",
                    back_label="All candidates",
                ),
                rx.vstack(
                    rx.flex(
                        rx.vstack(
                            rx.text(
                                R.email,
                                rx.cond(R.phone != "", " · " + R.phone, ""),
                                size="2",
                                color_scheme="gray",
                            ),
                            rx.hstack(
                                status_badge(R.status, R.status_label),
                                rx.link(R.job_title, href=R.job_url, size="2"),
                                rx.text("· ", R.source, size="2", color_scheme="gray"),
                                align="center",
                                spacing="2",
                                wrap="wrap",
                            ),
                            spacing="1",
                        ),
                        width="100%",
                    ),
                    rx.cond(
                        R.outcome_reason != "",
                        rx.callout(R.outcome_reason, icon="info", width="100%"),
                    ),
                    rx.grid(
                        rx.vstack(
                            rx.foreach(R.stages, _stage),
                            rx.cond(
                                R.resume_text != "",
                                rx.card(
                                    rx.el.details(
                                        rx.el.summary(rx.text("Resume text", weight="medium")),
                                        rx.text(
                                            R.resume_text,
                                            size="2",
                                            white_space="pre-wrap",
                                            margin_top="8px",
                                        ),
                                    ),
                                    width="100%",
                                ),
                            ),
                            spacing="4",
                            width="100%",
                        ),
                        _side(),
                        columns=rx.breakpoints(initial="1", lg="3fr 1fr"),
                        spacing="4",
                        width="100%",
                    ),
                    spacing="4",
                    width="100%",
                ),
            ),
            rx.center(rx.spinner(), padding="40px"),
        ),
        title=rx.cond(R.loaded & ~R.not_found, R.name, "Candidate"),
        active="candidates",
    )
