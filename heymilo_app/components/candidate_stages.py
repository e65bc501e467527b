"""What a candidate sees: the welcome page and each kind of stage, in the organization's look.

Used by the recruiter's preview; the candidate's own pages reuse the header, welcome page and
stage heading, and bind their inputs to state (``components/candidate_journey.py``).
"""

from __future__ import annotations

import reflex as rx

from heymilo_app.state.candidate_view import CandidateQuestion


def brand_header(brand: rx.Var) -> rx.Component:
    """The organization's logo (or name) at the top of a candidate page.

    Args:
        brand: Var of BrandView.

    Returns:
        The header.
    """
    return rx.hstack(
        rx.cond(
            brand.logo_url,
            rx.image(
                src=brand.logo_url,
                alt=brand.company,
                height="40px",
                max_width="200px",
                object_fit="contain",
            ),
            rx.text(brand.company, weight="bold", size="5"),
        ),
        align="center",
        width="100%",
    )


def primary_button(label: rx.Var | str, brand: rx.Var, **props) -> rx.Component:
    """A button in the organization's primary color.

    Args:
        label: The button text.
        brand: Var of BrandView.
        **props: More button props.

    Returns:
        The button.
    """
    return rx.button(label, size="3", background=brand.primary_color, color="white", **props)


def welcome(
    brand: rx.Var, tx: rx.Var, stages: rx.Var, action: rx.Component | None = None
) -> rx.Component:
    """The welcome page: who is hiring for what, the stages ahead, the AI disclosure.

    Args:
        brand: Var of BrandView.
        tx: Var of translated texts (with the filled welcome_heading_text and
            hiring_for_text).
        stages: Var of list[StageSummary].
        action: The Start button (absent in a preview).

    Returns:
        The page body.
    """
    return rx.vstack(
        rx.heading(tx["welcome_heading_text"], size="7", as_="h1", tab_index=-1, outline="none"),
        rx.text(tx["hiring_for_text"], size="3"),
        rx.cond(brand.welcome_message, rx.text(brand.welcome_message, size="3")),
        rx.card(
            rx.vstack(
                rx.heading(tx["whats_ahead"], size="4", as_="h2"),
                rx.foreach(
                    stages,
                    lambda stage, index: rx.hstack(
                        rx.center(
                            index + 1,
                            background=brand.primary_color,
                            color="white",
                            border_radius="999px",
                            width="26px",
                            height="26px",
                            font_size="13px",
                            flex_shrink="0",
                        ),
                        rx.vstack(
                            rx.hstack(
                                rx.text(stage.title, weight="bold"),
                                rx.text(stage.duration, size="1", color_scheme="gray"),
                                align="baseline",
                                spacing="2",
                                wrap="wrap",
                            ),
                            rx.text(stage.about, size="2", color_scheme="gray"),
                            spacing="0",
                        ),
                        align="start",
                        spacing="3",
                        width="100%",
                    ),
                ),
                spacing="4",
                width="100%",
            ),
            width="100%",
        ),
        rx.callout(tx["ai_disclosure"], icon="info", width="100%"),
        action or rx.fragment(),
        spacing="4",
        width="100%",
    )


def _labelled(control: rx.Component, text: rx.Var | str) -> rx.Component:
    """A radio with its text as its label (clicking the text picks it; it names the radio)."""
    return rx.el.label(
        rx.hstack(control, rx.text(text), spacing="2", align="center"),
        style={"cursor": "pointer"},
    )


def _question_input(question: CandidateQuestion, tx: rx.Var) -> rx.Component:
    """The input a question's kind needs, named by the question's id (the preview's form
    sends them; a ticked option of a multiple choice is sent as "{id}::{option}")."""
    input_id = "answer-" + question.id.to_string()
    name = question.id.to_string()
    return rx.match(
        question.kind,
        ("long_text", rx.text_area(id=input_id, name=name, rows="4", width="100%")),
        (
            "yes_no",
            rx.radio_group.root(
                rx.hstack(
                    _labelled(rx.radio_group.item(value="yes", id=input_id + "-yes"), tx["yes"]),
                    _labelled(rx.radio_group.item(value="no", id=input_id + "-no"), tx["no"]),
                    spacing="4",
                    align="center",
                ),
                name=name,
            ),
        ),
        ("single_choice", rx.radio_group(question.options, direction="column", name=name)),
        (
            "self_id",
            rx.radio_group.root(
                rx.vstack(
                    rx.foreach(
                        question.options,
                        lambda option, index: _labelled(
                            rx.radio_group.item(value=option), question.labels[index]
                        ),
                    ),
                    spacing="2",
                ),
                id=input_id,
                name=name,
            ),
        ),
        (
            "multiple_choice",
            rx.vstack(
                rx.foreach(
                    question.options,
                    lambda option: rx.checkbox(option, name=name + "::" + option),
                )
            ),
        ),
        (
            "number",
            rx.input(type="text", input_mode="decimal", id=input_id, name=name, width="160px"),
        ),
        (
            "date",
            rx.input(
                type="date", id=input_id, name=name, min=question.earliest_date, width="200px"
            ),
        ),
        rx.input(id=input_id, name=name, width="100%"),
    )


def _form_question(question: CandidateQuestion, tx: rx.Var) -> rx.Component:
    field = rx.vstack(
        rx.el.label(
            rx.text(question.prompt, weight="medium"),
            html_for="answer-" + question.id.to_string(),
        ),
        rx.text(
            rx.cond(question.required, tx["required"], tx["optional"]),
            size="1",
            color_scheme="gray",
        ),
        _question_input(question, tx),
        spacing="2",
        width="100%",
    )
    return rx.cond(
        question.kind == "self_id",
        voluntary_box(field, tx, "voluntary-" + question.id.to_string()),
        field,
    )


def voluntary_box(body: rx.Component, tx: rx.Var, box_id: rx.Var | str) -> rx.Component:
    """The voluntary self-identification question, set apart in a titled, tinted box.

    The box is a labelled region: a screen reader announces "Voluntary" and reads the note
    (the answer is optional, never shown to reviewers nor scored) before the choices.

    Args:
        body: The question with its choices.
        tx: Var of translated texts ("voluntary", "voluntary_note").
        box_id: Element id of the box (the heading's and note's ids derive from it).

    Returns:
        The box.
    """
    heading_id = box_id + "-title"
    note_id = box_id + "-note"
    return rx.el.section(
        rx.vstack(
            rx.hstack(
                rx.icon("shield-check", size=18, aria_hidden="true"),
                rx.heading(tx["voluntary"], size="3", as_="h2", id=heading_id),
                align="center",
                spacing="2",
                color=rx.color("gray", 12),
            ),
            rx.text(tx["voluntary_note"], size="2", color_scheme="gray", id=note_id),
            body,
            spacing="3",
            width="100%",
        ),
        aria_labelledby=heading_id,
        aria_describedby=note_id,
        id=box_id,
        style={
            "padding": "16px",
            "border_radius": "12px",
            "border": f"1px dashed {rx.color('gray', 7)}",
            "background": rx.color("gray", 2),
            "margin_top": "8px",
            "width": "100%",
        },
    )


def stage_heading(stage: rx.Var) -> rx.Component:
    """A stage's title and introduction.

    Args:
        stage: Var of CandidateStage.

    Returns:
        The heading.
    """
    return rx.vstack(
        rx.heading(stage.title, size="6", as_="h1", tab_index=-1, outline="none"),
        rx.cond(stage.intro, rx.text(stage.intro, size="3", color_scheme="gray")),
        spacing="2",
        width="100%",
    )


def stage_view(stage: rx.Var, brand: rx.Var, tx: rx.Var) -> rx.Component:
    """The body of one stage as a candidate sees it.

    Args:
        stage: Var of CandidateStage.
        brand: Var of BrandView.
        tx: Var of translated texts.

    Returns:
        The stage.
    """
    return rx.vstack(
        stage_heading(stage),
        rx.match(
            stage.type,
            (
                "resume",
                rx.card(
                    rx.vstack(
                        rx.box(
                            rx.vstack(
                                rx.icon("upload", size=28, color=brand.primary_color),
                                rx.text(tx["resume_upload"], align="center"),
                                align="center",
                                spacing="2",
                            ),
                            border=f"2px dashed {rx.color('gray', 7)}",
                            border_radius="12px",
                            padding="28px",
                            width="100%",
                        ),
                        rx.text(tx["resume_paste"], size="2", weight="medium"),
                        rx.text_area(
                            rows="5",
                            width="100%",
                            name="resume_text",
                            id="preview-resume-text",
                            aria_label=tx["resume_paste"],
                        ),
                        spacing="3",
                        width="100%",
                    ),
                    width="100%",
                ),
            ),
            (
                "form",
                rx.card(
                    rx.vstack(
                        rx.foreach(stage.questions, lambda q: _form_question(q, tx)),
                        spacing="5",
                        width="100%",
                    ),
                    width="100%",
                ),
            ),
            (
                "sms",
                rx.card(
                    rx.vstack(
                        rx.text(tx["sms_expect"]),
                        rx.box(
                            rx.vstack(
                                _bubble(stage.opening, brand),
                                rx.cond(stage.first_question, _bubble(stage.first_question, brand)),
                                spacing="2",
                                width="100%",
                            ),
                            background=rx.color("gray", 3),
                            border_radius="18px",
                            padding="16px",
                            max_width="340px",
                            width="100%",
                        ),
                        spacing="3",
                        width="100%",
                    ),
                    width="100%",
                ),
            ),
            (
                "voice",
                rx.card(
                    rx.vstack(
                        rx.match(
                            stage.mode,
                            ("phone", rx.text(tx["voice_phone"])),
                            ("browser_video", rx.text(tx["voice_browser_video"])),
                            rx.text(tx["voice_browser_voice"]),
                        ),
                        rx.cond(
                            stage.first_question,
                            rx.vstack(
                                rx.text(tx["voice_first_question"], size="2", color_scheme="gray"),
                                rx.text("“", stage.first_question, "”", size="4", weight="medium"),
                                spacing="1",
                            ),
                        ),
                        spacing="3",
                        width="100%",
                    ),
                    width="100%",
                ),
            ),
            (
                "assessment",
                rx.card(
                    rx.vstack(
                        rx.text(tx["assessment_task"], weight="bold"),
                        rx.text(stage.brief, white_space="pre-wrap"),
                        rx.text(tx["assessment_deliverable"], weight="bold"),
                        rx.text(stage.deliverable, white_space="pre-wrap"),
                        rx.badge(rx.icon("timer", size=14), tx["assessment_time_text"], size="2"),
                        spacing="2",
                        width="100%",
                    ),
                    width="100%",
                ),
            ),
            rx.fragment(),
        ),
        spacing="4",
        width="100%",
    )


def _bubble(text: rx.Var, brand: rx.Var) -> rx.Component:
    return rx.box(
        rx.text(text, size="2"),
        background="white",
        border_radius="14px 14px 14px 4px",
        padding="10px 12px",
        box_shadow="0 1px 2px rgba(0,0,0,0.08)",
        border_left=f"3px solid {brand.primary_color}",
    )
