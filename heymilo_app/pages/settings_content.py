"""The Knowledge base and Message templates tabs of Settings."""

from __future__ import annotations

import reflex as rx

from heymilo_app.components.common import confirm_dialog, field
from heymilo_app.components.form_controls import file_zone
from heymilo_app.services.org import knowledge
from heymilo_app.state.knowledge import KB_UPLOAD_ID, KnowledgeState
from heymilo_app.state.message_templates import TemplatesState

K = KnowledgeState
T = TemplatesState


# ---------------------------------------------------------------------- knowledge base


def _entry_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(K.editing_id, "Edit entry", "New entry")),
            rx.form(
                rx.vstack(
                    rx.vstack(
                        rx.el.label(
                            rx.text("Question candidates ask", size="2", weight="medium"),
                            html_for="kb-question",
                        ),
                        rx.input(
                            name="question",
                            default_value=K.question,
                            id="kb-question",
                            width="100%",
                            key=K.editing_id + "-q",
                        ),
                        rx.cond(
                            K.question_error,
                            rx.text(K.question_error, size="1", color_scheme="red", role="alert"),
                        ),
                        spacing="1",
                        width="100%",
                    ),
                    rx.vstack(
                        rx.el.label(
                            rx.text("Answer", size="2", weight="medium"), html_for="kb-answer"
                        ),
                        rx.text_area(
                            name="answer",
                            default_value=K.answer,
                            id="kb-answer",
                            rows="5",
                            width="100%",
                            key=K.editing_id + "-a",
                        ),
                        rx.cond(
                            K.answer_error,
                            rx.text(K.answer_error, size="1", color_scheme="red", role="alert"),
                        ),
                        spacing="1",
                        width="100%",
                    ),
                    field("Tags", "tags", hint="Separate with commas, e.g. pay, remote"),
                    rx.hstack(
                        rx.dialog.close(
                            rx.button("Cancel", variant="soft", color_scheme="gray", type="button")
                        ),
                        rx.button("Save entry", type="submit", id="kb-save"),
                        justify="end",
                        width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=K.save_entry,
                reset_on_submit=False,
            ),
            max_width="560px",
        ),
        open=K.dialog_open,
        on_open_change=K.set_dialog_open,
    )


def _entry_row(item: rx.Var) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.vstack(
                rx.text(item["question"], weight="bold", size="2"),
                rx.text(item["answer"], size="2", color_scheme="gray", white_space="pre-wrap"),
                rx.cond(item["tags"], rx.text(item["tags"], size="1", color_scheme="indigo")),
                spacing="1",
                flex="1",
            ),
            rx.cond(
                K.is_recruiter,
                rx.hstack(
                    rx.icon_button(
                        rx.icon("pencil", size=14),
                        size="1",
                        variant="ghost",
                        aria_label="Edit entry",
                        on_click=K.open_entry(item["id"]),
                    ),
                    confirm_dialog(
                        rx.icon_button(
                            rx.icon("trash-2", size=14),
                            size="1",
                            variant="ghost",
                            color_scheme="red",
                            aria_label="Delete entry",
                            id="delete-entry-" + item["id"].to_string(),
                        ),
                        title="Delete this entry?",
                        description="The AI stops answering candidates from it: \u201c"
                        + item["question"].to_string()
                        + "\u201d",
                        confirm_label="Delete entry",
                        on_confirm=K.delete_entry(item["id"]),
                        confirm_id="delete-entry-confirm-" + item["id"].to_string(),
                    ),
                ),
            ),
            align="start",
            width="100%",
        ),
        padding="12px 0",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        width="100%",
    )


def knowledge_tab() -> rx.Component:
    """FAQ entries the AI answers candidates from."""
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.vstack(
                    rx.heading("Knowledge base", size="4", as_="h2"),
                    rx.text(
                        "The AI interviewer answers candidates' questions from these "
                        "entries, and says so when it does not know.",
                        size="2",
                        color_scheme="gray",
                    ),
                    spacing="1",
                ),
                rx.spacer(),
                rx.hstack(
                    rx.button(
                        rx.icon("download", size=14),
                        "Export CSV",
                        variant="soft",
                        on_click=K.export_csv,
                        id="kb-export",
                    ),
                    rx.cond(
                        K.is_recruiter,
                        rx.button(
                            rx.icon("plus", size=14),
                            "Add entry",
                            on_click=K.open_entry(""),
                            id="kb-add",
                        ),
                    ),
                    spacing="2",
                ),
                width="100%",
                align="start",
                wrap="wrap",
            ),
            rx.cond(
                K.is_recruiter,
                file_zone(
                    rx.text(
                        "Import CSV: drop a file with columns question, answer, tags", size="2"
                    ),
                    upload_id=KB_UPLOAD_ID,
                    accept={"text/csv": [".csv"], "text/plain": [".txt"]},
                    max_bytes=knowledge.MAX_IMPORT_BYTES,
                    on_drop=K.import_csv(rx.upload_files(upload_id=KB_UPLOAD_ID)),
                    on_refused=K.refuse_file,
                    border=f"1px dashed {rx.color('gray', 7)}",
                    border_radius="10px",
                    padding="10px",
                    width="100%",
                    cursor="pointer",
                ),
            ),
            rx.cond(
                K.import_summary,
                rx.callout(
                    rx.vstack(
                        rx.text(K.import_summary),
                        rx.foreach(K.import_skipped, lambda line: rx.text(line, size="1")),
                        spacing="1",
                    ),
                    icon="file-spreadsheet",
                    width="100%",
                    id="kb-import-report",
                ),
            ),
            rx.cond(
                K.items.length() > 0,
                rx.vstack(rx.foreach(K.items, _entry_row), spacing="0", width="100%"),
                rx.text(
                    "No entries yet. Add the questions candidates ask most: pay, schedule, "
                    "remote work, benefits, next steps.",
                    size="2",
                    color_scheme="gray",
                ),
            ),
            _entry_dialog(),
            spacing="4",
            width="100%",
        ),
        width="100%",
    )


# ---------------------------------------------------------------------- templates


def _kind_button(item: rx.Var) -> rx.Component:
    selected = T.kind == item["kind"]
    return rx.button(
        rx.hstack(
            rx.match(
                item["channel"],
                ("email", rx.icon("mail", size=14)),
                ("sms", rx.icon("message-square", size=14)),
                rx.icon("bot", size=14),
            ),
            rx.text(item["label"], size="2", align="left"),
            rx.spacer(),
            rx.cond(item["custom"], rx.badge("Edited", size="1", variant="soft")),
            width="100%",
            align="center",
        ),
        variant=rx.cond(selected, "soft", "ghost"),
        color_scheme=rx.cond(selected, "indigo", "gray"),
        on_click=T.choose(item["kind"]),
        width="100%",
        justify="start",
    )


def templates_tab() -> rx.Component:
    """Every message's wording with placeholders and a live preview."""
    return rx.card(
        rx.grid(
            rx.vstack(
                rx.heading("Messages", size="4", as_="h2"),
                rx.foreach(T.kinds, _kind_button),
                spacing="1",
                width="100%",
            ),
            rx.vstack(
                rx.hstack(
                    rx.vstack(
                        rx.heading(T.label, size="4", as_="h3"),
                        rx.text(T.description, size="2", color_scheme="gray"),
                        spacing="1",
                    ),
                    rx.spacer(),
                    rx.cond(
                        T.is_default,
                        rx.badge("Default wording", variant="soft", color_scheme="gray"),
                    ),
                    width="100%",
                ),
                rx.cond(
                    T.channel == "email",
                    rx.vstack(
                        rx.el.label(
                            rx.text("Subject", size="2", weight="medium"),
                            html_for="template-subject",
                        ),
                        rx.input(
                            value=T.subject,
                            on_change=T.set_subject,
                            width="100%",
                            id="template-subject",
                            disabled=~T.is_recruiter,
                        ),
                        rx.cond(
                            T.subject_error,
                            rx.text(T.subject_error, size="1", color_scheme="red", role="alert"),
                        ),
                        spacing="1",
                        width="100%",
                    ),
                ),
                rx.vstack(
                    rx.el.label(
                        rx.text("Message", size="2", weight="medium"), html_for="template-body"
                    ),
                    rx.text_area(
                        value=T.body,
                        on_change=T.set_body,
                        rows="9",
                        width="100%",
                        id="template-body",
                        disabled=~T.is_recruiter,
                    ),
                    rx.cond(
                        T.body_error,
                        rx.text(
                            T.body_error,
                            size="1",
                            color_scheme="red",
                            role="alert",
                            id="template-body-error",
                        ),
                    ),
                    rx.cond(
                        T.live_problems & ~T.body_error & ~T.subject_error,
                        rx.text(T.live_problems, size="1", color_scheme="orange"),
                    ),
                    spacing="1",
                    width="100%",
                ),
                rx.flex(
                    rx.foreach(
                        T.placeholders,
                        lambda p: rx.tooltip(
                            rx.code(p["name"], size="1", variant="soft"), content=p["about"]
                        ),
                    ),
                    wrap="wrap",
                    gap="6px",
                ),
                rx.vstack(
                    rx.hstack(
                        rx.text("Preview with sample data", size="2", weight="medium"),
                        rx.cond(
                            T.channel == "sms",
                            rx.badge(T.sms_segments, " SMS segment(s)", size="1", variant="soft"),
                        ),
                        spacing="2",
                        align="center",
                    ),
                    rx.box(
                        rx.cond(
                            T.preview_subject, rx.text(T.preview_subject, weight="bold", size="2")
                        ),
                        rx.text(
                            rx.cond(
                                T.preview_body,
                                T.preview_body,
                                "Fix the placeholders to see the preview.",
                            ),
                            size="2",
                            white_space="pre-wrap",
                            id="template-preview",
                        ),
                        padding="14px",
                        border_radius="10px",
                        width="100%",
                        background=rx.color("gray", 2),
                        border=f"1px solid {rx.color('gray', 5)}",
                    ),
                    spacing="2",
                    width="100%",
                ),
                rx.cond(
                    T.is_recruiter,
                    rx.hstack(
                        rx.button("Save", on_click=T.save, id="template-save"),
                        rx.cond(
                            ~T.is_default,
                            rx.button(
                                "Reset to default",
                                variant="soft",
                                color_scheme="gray",
                                on_click=T.reset_wording,
                            ),
                        ),
                        spacing="2",
                    ),
                ),
                spacing="4",
                width="100%",
            ),
            columns=rx.breakpoints(initial="1", md="240px 1fr"),
            spacing="5",
            width="100%",
        ),
        width="100%",
    )
