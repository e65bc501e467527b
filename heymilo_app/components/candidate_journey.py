"""Pieces of the candidate's own pages: progress, form questions, result pages, requests.

They take Vars and event handlers, never State classes, so the page binds them.
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from heymilo_app.components.candidate_stages import voluntary_box
from heymilo_app.components.form_controls import file_zone
from heymilo_app.services.scoring import resumes
from heymilo_app.state.candidate_view import CandidateQuestion

RESUME_ACCEPT = {
    "application/pdf": [".pdf"],
    "text/plain": [".txt"],
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [".docx"],
}
MAX_RESUME_BYTES = resumes.MAX_BYTES
# A typed answer is kept this long after the last key press (and again when it is left).
TYPING_PAUSE_MS = 700


def progress_steps(summaries: rx.Var, step: rx.Var, text: rx.Var, color: rx.Var) -> rx.Component:
    """ "Step 2 of 5 · Eligibility" over one bar per stage.

    Args:
        summaries: Var of list[StageSummary] (one bar each).
        step: Var of the current stage's 1-based position.
        text: The filled "step_of" text.
        color: The organization's primary color.

    Returns:
        The indicator.
    """
    return rx.vstack(
        rx.text(text, size="2", weight="medium", color_scheme="gray", id="journey-progress"),
        rx.hstack(
            rx.foreach(
                summaries,
                lambda _summary, index: rx.box(
                    height="6px",
                    flex="1",
                    border_radius="999px",
                    background=rx.cond(index < step, color, rx.color("gray", 5)),
                ),
            ),
            spacing="1",
            width="100%",
            aria_hidden="true",
        ),
        spacing="2",
        width="100%",
    )


def _required_mark(question: CandidateQuestion, tx: rx.Var) -> rx.Component:
    return rx.text(
        rx.cond(question.required, tx["required"], tx["optional"]),
        size="1",
        color_scheme="gray",
        as_="span",
    )


def _error(text: rx.Var, shown: rx.Var, error_id: rx.Var | str) -> rx.Component:
    return rx.cond(
        shown,
        rx.hstack(
            rx.icon("circle-alert", size=16, flex_shrink="0", aria_hidden="true"),
            rx.text(text, size="2"),
            id=error_id,
            role="alert",
            color=rx.color("red", 11),
            spacing="1",
            align="start",
        ),
    )


def name_file_input(zone: rx.Component, name: rx.Var | str) -> rx.Component:
    """Give the file input inside an upload zone an accessible name.

    react-dropzone puts a visually hidden ``<input type=file>`` in the zone, without a label;
    screen readers and axe's "label" rule find it nameless. It takes the zone's hint.

    Args:
        zone: An ``rx.upload`` zone.
        name: What the input is for.

    Returns:
        The same zone.
    """
    pending = [zone]
    while pending:
        component = pending.pop()
        if getattr(component, "tag", None) == "input":
            component.custom_attrs["aria-label"] = name
            break
        pending.extend(getattr(component, "children", []))
    return zone


def _choice(item: rx.Component, label: rx.Var | str) -> rx.Component:
    return rx.el.label(
        rx.hstack(item, rx.text(label, size="3"), spacing="2", align="center"),
        padding="10px 12px",
        border=f"1px solid {rx.color('gray', 6)}",
        border_radius="8px",
        background=rx.color("gray", 1),
        cursor="pointer",
        width="100%",
        display="block",
    )


def question_field(
    question: CandidateQuestion,
    *,
    value: rx.Var,
    picked: rx.Var,
    error: rx.Var,
    has_error: rx.Var,
    tx: rx.Var,
    on_save: Callable,
    on_toggle: Callable,
    on_type: Callable,
    revision: rx.Var | int = 0,
    described: rx.Var | str = "",
    on_describe: Callable | None = None,
) -> rx.Component:
    """One question with the input its kind needs, saved as it is answered.

    Typed answers are kept as they are typed (after a pause of ``TYPING_PAUSE_MS``) and saved
    and checked when the field loses focus; choices are saved when they change.

    Args:
        question: The question.
        value: Var of the answer as text.
        picked: Var of the ticked options (multiple choice).
        error: Var of the message for this question.
        has_error: Var: whether there is a message.
        tx: Var of translated texts.
        on_save: Handler taking (question id, value).
        on_type: Handler taking (question id, value), called as the candidate types.
        on_toggle: Handler taking (question id, option, checked).
        revision: Var that changes when the page is loaded again: a typed field shows the
            text it was drawn with, so it is drawn again with what the server kept.
        described: Var of a self-identifying candidate's own words.
        on_describe: Handler taking (question id, words), called when their box is left.

    Returns:
        The field.
    """
    key = question.id.to_string()
    input_id = "answer-" + key
    error_id = "answer-error-" + key
    legend_id = "answer-legend-" + key
    described = rx.cond(has_error, error_id, "")
    invalid = rx.cond(has_error, "true", "false")
    typed = {
        "key": rx.Var.create(revision).to_string() + "-" + key,
        "id": input_id,
        "name": key,
        "default_value": value,
        "on_blur": lambda typed_value: on_save(key, typed_value),
        "on_change": lambda typed_value: on_type(key, typed_value).debounce(TYPING_PAUSE_MS),
        "aria_describedby": described,
        "aria_invalid": invalid,
        "aria_required": rx.cond(question.required, "true", "false"),
        "size": "3",
        "width": "100%",
    }
    label = rx.el.label(
        rx.text(question.prompt, weight="medium", size="3", as_="span"),
        " ",
        _required_mark(question, tx),
        html_for=input_id,
    )
    typed_field = rx.vstack(
        label,
        rx.match(
            question.kind,
            ("long_text", rx.text_area(rows="5", **typed)),
            ("number", rx.box(rx.input(type="text", input_mode="decimal", **typed), width="200px")),
            (
                "date",
                rx.box(
                    rx.input(type="date", min=question.earliest_date, max="9999-12-31", **typed),
                    width="220px",
                ),
            ),
            rx.input(type="text", **typed),
        ),
        _error(error, has_error, error_id),
        spacing="2",
        width="100%",
    )
    radio_items = rx.match(
        question.kind,
        (
            "yes_no",
            rx.fragment(
                _choice(rx.radio_group.item(value="yes"), tx["yes"]),
                _choice(rx.radio_group.item(value="no"), tx["no"]),
            ),
        ),
        rx.foreach(
            question.options,
            lambda option, index: _choice(
                rx.radio_group.item(value=option), question.labels[index]
            ),
        ),
    )
    describe_id = "answer-describe-" + key
    describe_box = rx.cond(
        (question.describe_option != "") & (value == question.describe_option),
        rx.vstack(
            rx.el.label(
                rx.text(tx["self_describe"], size="2", weight="medium", as_="span"),
                html_for=describe_id,
            ),
            rx.input(
                id=describe_id,
                key=rx.Var.create(revision).to_string() + "-describe-" + key,
                default_value=described,
                max_length=100,
                on_blur=(lambda words: on_describe(key, words)) if on_describe else None,
                size="3",
                width="100%",
            ),
            spacing="1",
            width="100%",
        ),
    )
    radio_field = rx.vstack(
        rx.radio_group.root(
            rx.vstack(radio_items, spacing="2", width="100%"),
            value=value,
            on_change=lambda chosen: on_save(key, chosen),
            aria_labelledby=legend_id,
            aria_describedby=described,
            aria_required=rx.cond(question.required, "true", "false"),
            id=input_id,
            size="3",
            width="100%",
        ),
        describe_box,
        _error(error, has_error, error_id),
        spacing="2",
        width="100%",
    )
    checkbox_field = rx.vstack(
        rx.vstack(
            rx.foreach(
                question.options,
                lambda option: _choice(
                    rx.checkbox(
                        checked=picked.contains(option),
                        on_change=lambda checked: on_toggle(key, option, checked),
                        size="3",
                        # A checkbox is a button: the wrapping label does not name it.
                        aria_label=option,
                    ),
                    option,
                ),
            ),
            spacing="2",
            width="100%",
        ),
        _error(error, has_error, error_id),
        spacing="2",
        width="100%",
    )
    return rx.match(
        question.kind,
        ("yes_no", _fieldset(question, tx, legend_id, described, radio_field)),
        ("single_choice", _fieldset(question, tx, legend_id, described, radio_field)),
        (
            "self_id",
            voluntary_box(
                _fieldset(question, tx, legend_id, described, radio_field), tx, "voluntary-" + key
            ),
        ),
        ("multiple_choice", _fieldset(question, tx, legend_id, described, checkbox_field)),
        typed_field,
    )


def _fieldset(
    question: CandidateQuestion,
    tx: rx.Var,
    legend_id: rx.Var,
    described: rx.Var,
    body: rx.Component,
) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(
            rx.text(question.prompt, weight="medium", size="3", as_="span"),
            " ",
            _required_mark(question, tx),
            id=legend_id,
            style={"padding": "0", "margin_bottom": "8px"},
        ),
        body,
        aria_describedby=described,
        style={"border": "none", "padding": "0", "margin": "0", "min_width": "0", "width": "100%"},
    )


def resume_drop_zone(
    upload_id: str, attached: rx.Var, on_drop, on_refused: Callable
) -> rx.Component:
    """A zone to drop or choose one resume file, saying which one is attached.

    Shared by the apply page and the job page's "Add candidate" dialog.

    Args:
        upload_id: The upload's id.
        attached: Var of the attached file's name ("" for none).
        on_drop: What a chosen file triggers (its upload).
        on_refused: Handler taking the reasons a file was refused before it was sent.

    Returns:
        The zone.
    """
    zone = file_zone(
        rx.vstack(
            rx.icon("upload", size=20, aria_hidden="true"),
            rx.cond(
                attached,
                rx.text("Attached: ", attached, size="2"),
                rx.text("PDF, DOCX or TXT, up to 10 MB", size="2"),
            ),
            align="center",
            spacing="1",
        ),
        upload_id=upload_id,
        accept=RESUME_ACCEPT,
        max_bytes=MAX_RESUME_BYTES,
        on_drop=on_drop,
        on_refused=on_refused,
        border=f"1px dashed {rx.color('gray', 7)}",
        border_radius="10px",
        padding="16px",
        width="100%",
        cursor="pointer",
    )
    return name_file_input(zone, "Resume file: PDF, DOCX or TXT, up to 10 MB")


def resume_upload_zone(
    upload_id: str,
    *,
    tx: rx.Var,
    busy: rx.Var,
    color: rx.Var,
    on_drop: rx.EventSpec,
    on_reject: Callable,
    has_error: rx.Var,
) -> rx.Component:
    """The drop zone, with a real button that opens the file picker (keyboard and readers).

    Args:
        upload_id: The upload's id.
        tx: Var of translated texts.
        busy: Var: a resume is being read.
        color: The organization's primary color (the icon).
        on_drop: What a chosen file triggers (its upload).
        on_reject: Handler for a file the browser refused (too big, wrong type).
        has_error: Var: whether a message about the file is shown.

    Returns:
        The zone.
    """
    zone = file_zone(
        rx.vstack(
            rx.icon("file-up", size=32, color=color, aria_hidden="true"),
            rx.text(tx["resume_upload"], weight="medium", align="center", id="resume-upload-hint"),
            rx.button(
                rx.cond(busy, tx["resume_reading"], tx["resume_choose_button"]),
                type="button",
                size="3",
                loading=busy,
                id="resume-choose",
                aria_describedby=rx.cond(
                    has_error, "resume-upload-hint resume-file-error", "resume-upload-hint"
                ),
            ),
            rx.text(tx["resume_choose"], size="2", color_scheme="gray", align="center"),
            align="center",
            spacing="2",
        ),
        upload_id=upload_id,
        accept=RESUME_ACCEPT,
        max_bytes=MAX_RESUME_BYTES,
        disabled=busy,
        # The button inside is what keyboards reach; the zone itself is not a tab stop.
        no_keyboard=True,
        on_drop=on_drop,
        on_refused=on_reject,
        border=f"2px dashed {rx.color('gray', 8)}",
        border_radius="12px",
        padding="20px 16px",
        width="100%",
        cursor="pointer",
        background=rx.color("gray", 1),
    )
    return name_file_input(zone, tx["resume_upload"])


def result_card(
    icon: str,
    title: rx.Var,
    *children: rx.Component,
    caption: rx.Var | str = "",
    color: rx.Var | str = "",
) -> rx.Component:
    """A page that says where the candidate stands (thanks, review, withdrawn, ...).

    Args:
        icon: Lucide icon name.
        title: The heading.
        *children: Texts and actions under it.
        caption: Which job at which company, under the texts.
        color: The icon's color.

    Returns:
        The card.
    """
    return rx.card(
        rx.vstack(
            rx.icon(
                icon,
                size=36,
                color=rx.color("gray", 11) if isinstance(color, str) and not color else color,
                aria_hidden="true",
            ),
            rx.heading(title, size="6", as_="h1", tab_index=-1, outline="none"),
            *children,
            rx.fragment()
            if isinstance(caption, str) and not caption
            else rx.text(caption, size="2", color_scheme="gray"),
            spacing="3",
            padding="8px",
            width="100%",
        ),
        size="3",
        width="100%",
    )


def error_text(text: rx.Var, shown: rx.Var, error_id: str) -> rx.Component:
    """A message announced to screen readers when it appears.

    Args:
        text: The message.
        shown: Whether it is shown.
        error_id: Its id (for aria-describedby).

    Returns:
        The message.
    """
    return _error(text, shown, error_id)
