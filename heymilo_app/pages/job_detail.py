"""One job: what it is, its interview stages and its candidates."""

from __future__ import annotations

import reflex as rx

from heymilo_app import routes
from heymilo_app.components.candidate_journey import resume_drop_zone
from heymilo_app.components.candidates import selectable_candidates, tone_color
from heymilo_app.components.common import empty_state, not_found
from heymilo_app.components.form_controls import file_zone
from heymilo_app.components.shell import recruiter_shell
from heymilo_app.services.intake import csv_columns, csv_file
from heymilo_app.state.add_candidate import ADD_RESUME_UPLOAD_ID, AddCandidateState
from heymilo_app.state.candidate_messages import CandidateMessagesState
from heymilo_app.state.csv_import import CSV_UPLOAD_ID, CsvImportState
from heymilo_app.state.job_detail import (
    JobCandidatesState,
    JobDetailState,
    JobEditState,
)
from heymilo_app.state.review_queue import ReviewQueueState
from heymilo_app.state.score_alert import ScoreAlertState


def _stage_card(stage: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.badge(stage["position"], variant="solid", radius="full"),
                rx.text(stage["label"], size="1", color_scheme="gray", weight="medium"),
                align="center",
                spacing="2",
            ),
            rx.text(stage["title"], weight="bold"),
            rx.hstack(
                rx.icon("clock", size=14),
                rx.text(stage["duration"], size="2"),
                align="center",
                spacing="1",
                color=rx.color("gray", 11),
            ),
            spacing="2",
        ),
        min_width="170px",
    )


def _detail() -> rx.Component:
    return rx.vstack(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.icon("map-pin", size=16),
                    rx.text(
                        rx.cond(JobDetailState.location, JobDetailState.location, "No location set")
                    ),
                    align="center",
                    spacing="2",
                ),
                rx.cond(
                    JobDetailState.interview_label != "No published interview yet",
                    rx.hstack(
                        rx.icon("globe", size=16, flex_shrink="0"),
                        rx.text("Public apply page:", size="2", white_space="nowrap"),
                        rx.link(
                            JobDetailState.apply_url,
                            href=JobDetailState.apply_url,
                            size="2",
                            id="apply-link",
                            is_external=True,
                            style={"overflow_wrap": "anywhere"},
                        ),
                        rx.button(
                            rx.icon("copy", size=14),
                            "Copy",
                            size="1",
                            variant="soft",
                            on_click=JobDetailState.copy_apply_link,
                            id="copy-apply-link",
                        ),
                        align="center",
                        spacing="2",
                        wrap="wrap",
                    ),
                ),
                rx.cond(
                    JobDetailState.description | JobDetailState.requirements,
                    # Folded: the interview and the candidates come first.
                    rx.el.details(
                        rx.el.summary(
                            rx.text("Job description and requirements", size="2", as_="span"),
                            style={"cursor": "pointer", "color": rx.color("accent", 11)},
                            id="job-description-toggle",
                        ),
                        rx.vstack(
                            rx.cond(
                                JobDetailState.description,
                                rx.text(JobDetailState.description, white_space="pre-wrap"),
                            ),
                            rx.cond(
                                JobDetailState.requirements,
                                rx.vstack(
                                    rx.text("Requirements", weight="bold", size="2"),
                                    rx.text(JobDetailState.requirements, white_space="pre-wrap"),
                                    spacing="1",
                                ),
                            ),
                            spacing="3",
                            padding_top="8px",
                        ),
                        id="job-description",
                    ),
                ),
                spacing="3",
            ),
            width="100%",
        ),
        rx.hstack(
            rx.vstack(
                rx.heading("Interview", size="5", as_="h2"),
                rx.text(JobDetailState.interview_label, color_scheme="gray", size="2"),
                spacing="1",
            ),
            rx.spacer(),
            rx.link(
                rx.button(
                    rx.icon("layout-list", size=16),
                    rx.cond(JobDetailState.is_recruiter, "Open the builder", "View the interview"),
                    id="open-builder",
                    white_space="nowrap",
                ),
                href=JobDetailState.builder_url,
            ),
            width="100%",
            align="center",
            # On a phone the button goes under the heading rather than wrapping its words.
            wrap="wrap",
            spacing="3",
        ),
        rx.cond(
            JobDetailState.stages.length() > 0,
            rx.hstack(rx.foreach(JobDetailState.stages, _stage_card), spacing="3", wrap="wrap"),
            rx.callout(
                "This job has no published interview yet, so candidates cannot be invited to it.",
                icon="info",
                width="100%",
            ),
        ),
        _waiting_for_you(),
        rx.flex(
            rx.heading("Candidates", size="5", as_="h2"),
            rx.spacer(),
            rx.cond(
                JobDetailState.is_recruiter,
                rx.hstack(_csv_dialog(), _add_candidate_dialog(), spacing="2"),
            ),
            width="100%",
            align="center",
            wrap="wrap",
            gap="8px",
        ),
        rx.cond(JobDetailState.is_recruiter, _score_alert_card()),
        rx.cond(
            JobDetailState.candidates.length() > 0,
            rx.fragment(
                selectable_candidates(
                    JobDetailState.candidates,
                    JobDetailState.stage_chips,
                    JobCandidatesState,
                    JobDetailState.is_recruiter,
                    show_job=False,
                    actions=_row_actions,
                ),
                _messages_dialog(),
            ),
            empty_state(
                "users",
                "No candidates yet",
                "Candidates appear here once they are invited to this job's interview.",
            ),
        ),
        spacing="4",
        width="100%",
    )


def _score_alert_card() -> rx.Component:
    s = ScoreAlertState
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon(rx.cond(s.alert_current > 0, "bell", "bell-off"), size=16),
                rx.text("Score alert", weight="bold", size="2"),
                rx.badge(
                    rx.cond(s.alert_current > 0, "On", "Off"),
                    color_scheme=rx.cond(s.alert_current > 0, "green", "gray"),
                    variant="soft",
                    size="1",
                ),
                align="center",
                spacing="2",
            ),
            rx.text(
                rx.cond(
                    s.alert_current > 0,
                    "You are emailed when a candidate of this job finishes at or above "
                    + s.alert_current.to_string()
                    + "/100.",
                    "Get an email with the report link when a candidate finishes the "
                    "interview with a high overall score.",
                ),
                size="2",
                color_scheme="gray",
                id="score-alert-status",
            ),
            rx.flex(
                rx.el.label(
                    rx.text("Email me when a candidate finishes at or above", size="2"),
                    html_for="score-alert-min",
                ),
                rx.hstack(
                    rx.input(
                        value=s.alert_min,
                        on_change=s.set_alert_min,
                        type="number",
                        min=1,
                        max=100,
                        step=1,
                        width="80px",
                        id="score-alert-min",
                        aria_invalid=rx.cond(s.alert_error != "", "true", "false"),
                        aria_describedby="score-alert-error",
                    ),
                    rx.text("/ 100", size="2", color_scheme="gray"),
                    align="center",
                    spacing="2",
                ),
                rx.hstack(
                    rx.button("Save", size="2", on_click=s.save_alert, id="score-alert-save"),
                    rx.button(
                        "Turn off",
                        size="2",
                        variant="soft",
                        color_scheme="gray",
                        on_click=s.clear_alert,
                        disabled=s.alert_current == 0,
                        id="score-alert-off",
                    ),
                    spacing="2",
                ),
                gap="8px 12px",
                wrap="wrap",
                align="center",
            ),
            rx.text(
                s.alert_error,
                id="score-alert-error",
                size="1",
                color_scheme="red",
                role="alert",
                display=rx.cond(s.alert_error != "", "block", "none"),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        id="score-alert",
    )


def _review_item(item: rx.Var) -> rx.Component:
    return rx.box(
        rx.flex(
            rx.vstack(
                rx.hstack(
                    rx.text(item["name"], weight="medium"),
                    rx.cond(
                        item["asked"] != "",
                        rx.badge("Candidate asked for a review", color_scheme="amber"),
                    ),
                    spacing="2",
                    wrap="wrap",
                    align="center",
                ),
                rx.text(item["email"], " · ", item["stage"], size="1", color_scheme="gray"),
                rx.text(item["reason"], size="2"),
                spacing="1",
                flex="1",
                min_width="220px",
            ),
            rx.cond(
                JobDetailState.is_recruiter,
                rx.vstack(
                    rx.input(
                        placeholder="Note (why), kept with the decision",
                        on_change=lambda value: ReviewQueueState.set_note(item["id"], value),
                        aria_label="Decision note for " + item["name"].to(str),
                        width="100%",
                    ),
                    rx.hstack(
                        rx.button(
                            "Advance",
                            size="2",
                            on_click=ReviewQueueState.decide(item["id"], True),
                            class_name="review-advance",
                        ),
                        rx.button(
                            "Reject",
                            size="2",
                            variant="soft",
                            color_scheme="red",
                            on_click=ReviewQueueState.decide(item["id"], False),
                            class_name="review-reject",
                        ),
                        spacing="2",
                    ),
                    spacing="2",
                    width=rx.breakpoints(initial="100%", md="300px"),
                ),
            ),
            gap="12px",
            wrap="wrap",
            width="100%",
        ),
        padding_y="10px",
        border_top=f"1px solid {rx.color('gray', 4)}",
        width="100%",
        class_name="review-item",
    )


def _request_item(item: rx.Var) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.hstack(
                rx.text(item["name"], weight="medium"),
                rx.badge(item["kind"], color_scheme="blue"),
                spacing="2",
                align="center",
            ),
            rx.cond(item["details"] != "", rx.text(item["details"], size="2")),
            rx.text("Asked ", item["when"], size="1", color_scheme="gray"),
            spacing="1",
            flex="1",
        ),
        rx.cond(
            JobDetailState.is_recruiter,
            rx.hstack(
                rx.button(
                    "Grant", size="2", on_click=ReviewQueueState.answer_request(item["id"], True)
                ),
                rx.button(
                    "Decline",
                    size="2",
                    variant="soft",
                    color_scheme="gray",
                    on_click=ReviewQueueState.answer_request(item["id"], False),
                ),
                spacing="2",
            ),
        ),
        gap="12px",
        wrap="wrap",
        align="center",
        padding_y="10px",
        border_top=f"1px solid {rx.color('gray', 4)}",
        width="100%",
        class_name="request-item",
    )


def _waiting_for_you() -> rx.Component:
    return rx.cond(
        (ReviewQueueState.reviews.length() > 0) | (ReviewQueueState.requests.length() > 0),
        rx.card(
            rx.vstack(
                # Only recruiters decide: a hiring manager sees the queue as what it is.
                rx.heading(
                    rx.cond(
                        JobDetailState.is_recruiter,
                        "Waiting for you",
                        "Waiting for a recruiter's decision",
                    ),
                    size="4",
                    as_="h2",
                    id="waiting-heading",
                ),
                rx.cond(
                    ~JobDetailState.is_recruiter,
                    rx.text(
                        "A recruiter decides these. You can open each candidate's report and "
                        "leave a note or a rating there.",
                        size="2",
                        id="waiting-manager-note",
                    ),
                ),
                rx.cond(
                    ReviewQueueState.reviews.length() > 0,
                    rx.vstack(
                        rx.text(
                            "These applications stopped for a person's decision: a dealbreaker "
                            "set to review, a score under the pass mark, or the candidate "
                            "asked for a review. The AI never rejects on its own.",
                            size="2",
                            color_scheme="gray",
                        ),
                        rx.foreach(ReviewQueueState.reviews, _review_item),
                        spacing="1",
                        width="100%",
                    ),
                ),
                rx.cond(
                    ReviewQueueState.requests.length() > 0,
                    rx.vstack(
                        rx.text("Adjustments candidates asked for", size="2", weight="medium"),
                        rx.foreach(ReviewQueueState.requests, _request_item),
                        spacing="1",
                        width="100%",
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
            id="waiting-for-you",
        ),
    )


def _row_actions(row: rx.Var) -> rx.Component:
    can_resend = rx.match(row["status"], ("invited", True), ("in_progress", True), False)
    return rx.menu.root(
        rx.menu.trigger(
            rx.icon_button(
                rx.icon("ellipsis", size=16),
                variant="ghost",
                color_scheme="gray",
                aria_label="Actions for " + row["name"].to(str),
                class_name="candidate-actions",
            )
        ),
        rx.menu.content(
            rx.menu.item(
                rx.icon("mail", size=14),
                "Messages and delivery",
                on_click=CandidateMessagesState.open_messages(row["id"], row["name"]),
            ),
            rx.cond(
                JobDetailState.is_recruiter,
                rx.fragment(
                    rx.menu.separator(),
                    rx.menu.item(
                        rx.icon("send", size=14),
                        "Resend invitation",
                        disabled=~can_resend,
                        on_click=CandidateMessagesState.resend(row["id"], False),
                    ),
                    rx.menu.item(
                        rx.icon("calendar-plus", size=14),
                        "Extend deadline and resend",
                        disabled=~(can_resend | (row["status"] == "expired")),
                        on_click=CandidateMessagesState.resend(row["id"], True),
                    ),
                ),
            ),
        ),
    )


def _message_row(message: rx.Var) -> rx.Component:
    # A stacked row rather than a table: it reads the same on a phone and a laptop.
    return rx.flex(
        rx.vstack(
            rx.text(message["what"], weight="medium", size="2"),
            rx.text(message["to"], size="1", color_scheme="gray", word_break="break-all"),
            spacing="0",
            flex="1",
            min_width="160px",
        ),
        rx.vstack(
            rx.hstack(
                rx.badge(
                    message["label"], color_scheme=tone_color(message["tone"]), variant="soft"
                ),
                rx.text(
                    rx.cond(message["sent"] != "", message["sent"], message["queued"]),
                    size="1",
                    color_scheme="gray",
                ),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            rx.cond(
                (message["detail"] != "") & (message["tone"] != "good"),
                rx.text(message["detail"], size="1", color_scheme="gray"),
            ),
            spacing="1",
            align="start",
            flex="1",
            min_width="160px",
        ),
        gap="8px 16px",
        wrap="wrap",
        padding_y="10px",
        border_top=f"1px solid {rx.color('gray', 4)}",
        width="100%",
        class_name="message-row",
    )


def _messages_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Messages to " + CandidateMessagesState.messages_name),
            rx.dialog.description(
                "Every email, text and webhook for this candidate, newest first, and what the "
                "provider reported.",
                size="2",
                color_scheme="gray",
            ),
            rx.cond(
                CandidateMessagesState.messages.length() > 0,
                rx.box(
                    rx.foreach(CandidateMessagesState.messages, _message_row),
                    max_height="60vh",
                    overflow_y="auto",
                    margin_top="12px",
                ),
                rx.text("No messages yet.", size="2", color_scheme="gray", margin_top="12px"),
            ),
            rx.flex(
                rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")),
                justify="end",
                margin_top="16px",
            ),
            max_width="min(680px, 94vw)",
            id="messages-dialog",
        ),
        open=CandidateMessagesState.messages_open,
        on_open_change=CandidateMessagesState.set_messages_open,
    )


def _edit_dialog() -> rx.Component:
    errors = JobEditState.edit_errors
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.button(rx.icon("pencil", size=14), "Edit job", variant="soft", id="edit-job")
        ),
        rx.dialog.content(
            rx.dialog.title("Edit job"),
            rx.form(
                rx.vstack(
                    _text_field("Job title", "title", JobDetailState.title, errors),
                    _text_field("Location", "location", JobDetailState.location, errors),
                    _text_field(
                        "Description",
                        "description",
                        JobDetailState.description,
                        errors,
                        multiline=True,
                    ),
                    _text_field(
                        "Requirements",
                        "requirements",
                        JobDetailState.requirements,
                        errors,
                        multiline=True,
                    ),
                    rx.el.label(
                        rx.hstack(
                            rx.switch(
                                name="sms_invitations", default_checked=JobEditState.sms_invitations
                            ),
                            rx.text("Also invite by text message (email is always sent)", size="2"),
                            spacing="2",
                            align="center",
                        )
                    ),
                    rx.hstack(
                        rx.dialog.close(
                            rx.button("Cancel", variant="soft", color_scheme="gray", type="button")
                        ),
                        rx.button("Save", type="submit", id="save-job"),
                        justify="end",
                        width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=JobEditState.save_job,
                reset_on_submit=False,
            ),
            max_width="600px",
        ),
        open=JobEditState.edit_open,
        on_open_change=JobEditState.set_edit_open,
    )


def _text_field(
    label: str, name: str, value: rx.Var, errors: rx.Var, multiline: bool = False
) -> rx.Component:
    props = {"name": name, "default_value": value, "id": f"job-{name}", "width": "100%"}
    return rx.vstack(
        rx.el.label(rx.text(label, size="2", weight="medium"), html_for=f"job-{name}"),
        rx.text_area(rows="4", **props) if multiline else rx.input(**props),
        rx.cond(
            errors.contains(name), rx.text(errors[name], size="1", color_scheme="red", role="alert")
        ),
        spacing="1",
        width="100%",
    )


def _resume_field() -> rx.Component:
    """The dialog's optional resume: a file, or pasted text."""
    s = AddCandidateState
    return rx.vstack(
        rx.hstack(
            rx.text("Resume (optional)", size="2", weight="medium"),
            rx.cond(
                s.resume_name | s.add_errors.contains("resume"),
                rx.button(
                    "Remove file",
                    size="1",
                    variant="ghost",
                    type="button",
                    on_click=s.clear_resume,
                    id="add-candidate-resume-clear",
                ),
            ),
            justify="between",
            align="center",
            width="100%",
        ),
        resume_drop_zone(
            ADD_RESUME_UPLOAD_ID,
            s.resume_name,
            s.receive_resume(rx.upload_files(upload_id=ADD_RESUME_UPLOAD_ID)),
            s.refuse_file,
        ),
        rx.cond(
            s.add_errors.contains("resume"),
            rx.text(s.add_errors["resume"], size="1", color_scheme="red", role="alert"),
        ),
        _text_field("Or paste the resume", "resume_text", "", s.add_errors, multiline=True),
        rx.text(
            "Their resume stage is then screened with it; they are not asked for it again.",
            size="1",
            color_scheme="gray",
        ),
        spacing="1",
        width="100%",
    )


def _add_candidate_dialog() -> rx.Component:
    errors = AddCandidateState.add_errors
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.button(rx.icon("user-plus", size=14), "Add candidate", id="add-candidate")
        ),
        rx.dialog.content(
            rx.dialog.title("Add a candidate"),
            rx.dialog.description(
                "They get the invitation by email, and by text message too when SMS "
                "invitations are on and they have a phone number.",
                size="2",
                color_scheme="gray",
            ),
            rx.form(
                rx.vstack(
                    rx.grid(
                        _text_field("First name", "first_name", "", errors),
                        _text_field("Last name", "last_name", "", errors),
                        columns="2",
                        spacing="3",
                        width="100%",
                    ),
                    _text_field("Email", "email", "", errors),
                    _text_field("Phone (optional, with country code)", "phone", "", errors),
                    _resume_field(),
                    rx.cond(
                        errors.contains("job"),
                        rx.callout(
                            errors["job"], color_scheme="red", icon="triangle-alert", size="1"
                        ),
                    ),
                    rx.hstack(
                        rx.dialog.close(
                            rx.button("Cancel", variant="soft", color_scheme="gray", type="button")
                        ),
                        rx.button("Add and invite", type="submit", id="add-candidate-submit"),
                        justify="end",
                        width="100%",
                    ),
                    spacing="3",
                    margin_top="12px",
                ),
                on_submit=AddCandidateState.add_candidate,
                reset_on_submit=False,
            ),
            max_width="520px",
        ),
        open=AddCandidateState.add_open,
        on_open_change=AddCandidateState.set_add_open,
    )


def _job_actions() -> rx.Component:
    return rx.cond(
        JobDetailState.is_recruiter & JobDetailState.loaded & ~JobDetailState.not_found,
        rx.hstack(
            _edit_dialog(),
            rx.button(
                rx.cond(JobEditState.archived, "Reopen job", "Archive job"),
                variant="soft",
                color_scheme="gray",
                on_click=JobEditState.toggle_archived,
                id="archive-job",
            ),
            spacing="2",
        ),
    )


def job_detail_page() -> rx.Component:
    """The job of the URL, or not-found for anything outside the user's organization."""
    return recruiter_shell(
        rx.cond(
            JobDetailState.loaded,
            rx.cond(
                JobDetailState.not_found,
                not_found(
                    "Job not found",
                    "This job does not exist or is not one of your organization's jobs.",
                    back_href=routes.JOBS,
                    back_label="Back to jobs",
                ),
                _detail(),
            ),
            rx.center(rx.spinner(), width="100%", padding="40px"),
        ),
        title=rx.cond(
            JobDetailState.not_found | ~JobDetailState.loaded, "Job", JobDetailState.title
        ),
        active="jobs",
        actions=_job_actions(),
    )


# The choices of each column's select: leave it out, or the field it fills.
_CSV_FIELD_CHOICES = [("none", "Don't import"), *csv_columns.FIELD_LABELS.items()]


def _csv_column_row(column: rx.Var) -> rx.Component:
    """One column of the file: its name and a sample value, then the field it fills."""
    return rx.flex(
        rx.vstack(
            rx.text(column["header"], size="2", weight="medium", class_name="csv-column-name"),
            rx.text(
                rx.cond(column["sample"] != "", column["sample"], "(blank in the first rows)"),
                size="1",
                color_scheme="gray",
                class_name="csv-column-sample",
                style={"overflow_wrap": "anywhere"},
            ),
            spacing="0",
            min_width="0",
            flex="1 1 200px",
        ),
        rx.box(
            rx.select.root(
                rx.select.trigger(
                    aria_label="Field for the column " + column["header"].to(str),
                    width="100%",
                ),
                rx.select.content(
                    *[rx.select.item(label, value=value) for value, label in _CSV_FIELD_CHOICES]
                ),
                value=column["field"],
                on_change=lambda value: CsvImportState.set_column_field(column["index"], value),
                disabled=CsvImportState.importing | (CsvImportState.summary != ""),
            ),
            flex="1 1 160px",
            min_width="0",
        ),
        class_name="csv-column",
        direction="row",
        wrap="wrap",
        align="center",
        gap="8px",
        width="100%",
        padding_y="6px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def _csv_invite_option(value: str, label: str) -> rx.Component:
    """One choice of whether the imported candidates are invited."""
    return rx.el.label(
        rx.radio_group.item(value=value, id=f"csv-invite-{value}"),
        rx.text(label, size="2"),
        style={"display": "flex", "gap": "8px", "align_items": "center"},
    )


def _csv_dialog() -> rx.Component:
    s = CsvImportState
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.button(
                rx.icon("file-spreadsheet", size=14), "Import CSV", variant="soft", id="import-csv"
            )
        ),
        rx.dialog.content(
            rx.dialog.title("Import candidates from a CSV file"),
            rx.dialog.description(
                "Each column is matched to a field by its name (name, email, phone, source, "
                "resume); check the matches, choose whether to invite, then import.",
                size="2",
                color_scheme="gray",
            ),
            rx.vstack(
                file_zone(
                    rx.vstack(
                        rx.icon("upload", size=20),
                        rx.text("Drop a .csv file here, or click to choose one", size="2"),
                        align="center",
                        spacing="1",
                    ),
                    upload_id=CSV_UPLOAD_ID,
                    accept={"text/csv": [".csv"], "text/plain": [".txt"]},
                    max_bytes=csv_file.MAX_BYTES,
                    on_drop=s.receive_file(rx.upload_files(upload_id=CSV_UPLOAD_ID)),
                    on_refused=s.refuse_file,
                    border=f"1px dashed {rx.color('gray', 7)}",
                    border_radius="10px",
                    padding="16px",
                    width="100%",
                    cursor="pointer",
                ),
                rx.cond(
                    s.file_error,
                    rx.callout(
                        s.file_error,
                        color_scheme="red",
                        icon="triangle-alert",
                        size="1",
                        id="csv-error",
                    ),
                ),
                rx.cond(
                    s.headers.length() > 0,
                    rx.vstack(
                        rx.text(
                            s.total_rows,
                            " rows found. Choose what each column holds:",
                            size="2",
                            weight="medium",
                        ),
                        rx.box(
                            rx.foreach(s.columns, _csv_column_row),
                            id="csv-columns",
                            width="100%",
                        ),
                        rx.text("Invitations", size="2", weight="medium"),
                        rx.radio_group.root(
                            rx.vstack(
                                _csv_invite_option("now", "Invite them now"),
                                _csv_invite_option(
                                    "later", "Add without inviting (send invitations later)"
                                ),
                                spacing="2",
                            ),
                            value=s.invite_choice,
                            on_change=s.set_invite_choice,
                            disabled=s.importing | (s.summary != ""),
                            aria_label="Invitations",
                        ),
                        spacing="2",
                        width="100%",
                    ),
                ),
                rx.cond(
                    s.importing | (s.progress > 0),
                    rx.vstack(
                        rx.progress(value=s.progress, max=100, id="csv-progress"),
                        rx.text(
                            s.done_rows,
                            " of ",
                            s.total_rows,
                            " rows",
                            size="1",
                            color_scheme="gray",
                        ),
                        width="100%",
                        spacing="1",
                    ),
                ),
                rx.cond(
                    s.summary,
                    rx.callout(
                        rx.vstack(
                            rx.text(s.summary, weight="medium"),
                            rx.foreach(s.skipped, lambda line: rx.text(line, size="1")),
                            spacing="1",
                        ),
                        icon="circle-check",
                        color_scheme="green",
                        id="csv-report",
                        width="100%",
                    ),
                ),
                rx.hstack(
                    rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")),
                    rx.button(
                        rx.cond(
                            s.importing,
                            "Importing…",
                            rx.cond(s.invite_choice == "now", "Import and invite", "Import"),
                        ),
                        on_click=s.start_import,
                        disabled=s.importing | (s.headers.length() == 0) | (s.summary != ""),
                        id="csv-start",
                    ),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                margin_top="12px",
                width="100%",
            ),
            max_width="720px",
            # One column per row: nothing is wider than the dialog, which scrolls down only.
            overflow_x="hidden",
        ),
        open=s.csv_open,
        on_open_change=s.set_csv_open,
    )
