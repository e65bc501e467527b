"""A candidate's report: overall score, each stage with its criteria, evidence and answers.

Recruiters also advance, reject, resend and rescore from it; everyone of the organization
writes notes and rates. A print stylesheet makes a clean PDF from the browser's print dialog.
"""

from __future__ import annotations

import reflex as rx

from heymilo_app.components.common import not_found, notify_switch, status_badge
from heymilo_app.components.shell import recruiter_shell
from heymilo_app.state.candidate_report import CandidateReportState
from heymilo_app.state.report_views import (
    AnswerView,
    CheckView,
    CriterionView,
    HistoryView,
    LineView,
    StageView,
)

R = CandidateReportState

# Print: only the report, black on white, every section open, no stage card split in two.
PRINT_CSS = """
.print-only { display: none; }
@media print {
  @page { margin: 14mm; }
  html, body, .app-shell { background: white !important; }
  .no-print, button, [role="dialog"], .rt-DialogOverlay, [data-sonner-toaster] {
    display: none !important;
  }
  .print-only { display: block !important; }
  main { zoom: 0.85; }
  .report-page, .report-page *, h1 { color: black !important; }
  .report-page .rt-Card { --card-background-color: white; box-shadow: none; }
  .report-page .rt-Card::after { box-shadow: 0 0 0 1px #999 !important; }
  .report-grid { display: block !important; }
  .report-grid > * + * { margin-top: 16px; }
  .report-stage, .report-side-card, .report-criterion, .report-note {
    break-inside: avoid; page-break-inside: avoid;
  }
  .score-dots > * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  details::details-content { content-visibility: visible !important; display: block !important; }
  details > summary { list-style: none; }
  details > summary::-webkit-details-marker { display: none; }
  a { text-decoration: none !important; }
}
"""
# Opens every folded section before printing (the stylesheet covers Ctrl+P in new browsers).
PRINT_SCRIPT = "document.querySelectorAll('details').forEach(d => d.open = true); window.print();"


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
        class_name="score-dots",
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
        class_name="report-criterion",
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


def _line(line: LineView) -> rx.Component:
    """One turn: the interviewer on the left, the candidate on the right, notes centred."""
    candidate = line.side == "candidate"
    return rx.cond(
        line.side == "system",
        rx.text(
            line.tag,
            rx.cond(line.tag != "", ": ", ""),
            line.text,
            " · ",
            line.when,
            size="1",
            color_scheme="gray",
            text_align="center",
            width="100%",
            class_name="transcript-note",
        ),
        rx.flex(
            rx.vstack(
                rx.text(
                    line.speaker,
                    rx.cond(line.tag != "", " · " + line.tag, ""),
                    " · ",
                    line.when,
                    size="1",
                    color_scheme="gray",
                ),
                rx.box(
                    rx.text(line.text, size="2", white_space="pre-wrap"),
                    padding="8px 12px",
                    border_radius="12px",
                    background=rx.cond(candidate, rx.color("accent", 3), rx.color("gray", 3)),
                ),
                rx.cond(line.about != "", rx.text(line.about, size="1", color_scheme="gray")),
                rx.cond(
                    line.engine != "",
                    rx.text(line.engine, size="1", color_scheme="amber"),
                ),
                spacing="1",
                align=rx.cond(candidate, "end", "start"),
                max_width="85%",
            ),
            justify=rx.cond(candidate, "end", "start"),
            width="100%",
            class_name=rx.cond(candidate, "transcript-candidate", "transcript-interviewer"),
        ),
    )


def _transcript(stage: StageView) -> rx.Component:
    return rx.el.details(
        rx.el.summary(
            rx.text(
                "Transcript (", stage.transcript.length(), " turns)", weight="medium", size="2"
            ),
            cursor="pointer",
        ),
        rx.vstack(
            rx.foreach(stage.transcript, _line),
            spacing="3",
            width="100%",
            padding_top="8px",
        ),
        open=True,
        width="100%",
        class_name="report-transcript",
    )


def _earlier(item: HistoryView) -> rx.Component:
    return rx.vstack(
        rx.text(item.text, size="1", weight="medium"),
        rx.text(item.changes, size="1", color_scheme="gray"),
        spacing="0",
        width="100%",
        padding_left="10px",
        border_left=f"2px solid {rx.color('gray', 6)}",
    )


def _stage_total(stage: StageView) -> rx.Component:
    return rx.vstack(
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
                    rx.cond(
                        stage.rescorable,
                        rx.button(
                            rx.icon("refresh-cw", size=12),
                            "Rescore",
                            on_click=R.rescore(stage.stage_id),
                            size="1",
                            variant="ghost",
                            class_name="rescore",
                            margin_top="4px",
                            margin_left="0",
                        ),
                    ),
                    spacing="0",
                    align="start",
                ),
                rx.spacer(),
                rx.cond(stage.scored, _stage_total(stage)),
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
                    spacing="1",
                    width="100%",
                ),
            ),
            rx.cond(stage.scorer != "", rx.text(stage.scorer, size="1", color_scheme="gray")),
            rx.cond(
                stage.history.length() > 0,
                rx.vstack(rx.foreach(stage.history, _earlier), spacing="2", width="100%"),
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
            rx.cond(stage.transcript.length() > 0, _transcript(stage)),
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


def _side_card(*children: rx.Component, class_name: str = "") -> rx.Component:
    return rx.card(
        rx.vstack(*children, spacing="2", width="100%"),
        width="100%",
        class_name=f"report-side-card {class_name}".strip(),
    )


def _overall() -> rx.Component:
    return _side_card(
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
        class_name="no-print",
    )


def _star(n: int) -> rx.Component:
    return rx.icon_button(
        rx.icon("star", size=14, fill=rx.cond(R.my_rating >= n, "currentColor", "none")),
        on_click=R.set_rating(str(n)),
        variant=rx.cond(R.my_rating >= n, "solid", "soft"),
        color_scheme=rx.cond(R.my_rating >= n, "amber", "gray"),
        size="1",
        aria_label=f"Rate {n} out of 5",
        aria_pressed=rx.cond(R.my_rating == n, "true", "false"),
        class_name="rating-star",
    )


def _ratings() -> rx.Component:
    return _side_card(
        rx.hstack(
            rx.heading("Ratings", size="3", as_="h2"),
            rx.spacer(),
            rx.cond(
                R.rating_average != "",
                rx.text(
                    "Average ",
                    rx.text.strong(R.rating_average, id="rating-average"),
                    "/5",
                    size="2",
                ),
            ),
            width="100%",
            align="center",
        ),
        rx.vstack(
            rx.text("Your rating", size="1", color_scheme="gray"),
            rx.hstack(
                *[_star(n) for n in range(1, 6)],
                rx.cond(
                    R.my_rating > 0,
                    rx.button(
                        "Clear",
                        on_click=R.set_rating(""),
                        variant="ghost",
                        size="1",
                        color_scheme="gray",
                        margin_left="4px",
                    ),
                ),
                spacing="1",
                align="center",
            ),
            spacing="1",
            class_name="no-print",
        ),
        rx.cond(
            R.ratings.length() > 0,
            rx.foreach(
                R.ratings,
                lambda r: rx.hstack(
                    rx.vstack(
                        rx.text(r["name"], size="2"),
                        rx.text(r["role"], size="1", color_scheme="gray"),
                        spacing="0",
                    ),
                    rx.spacer(),
                    rx.text(r["rating"], "/5", size="2", weight="bold"),
                    width="100%",
                    align="center",
                ),
            ),
            rx.text("Nobody has rated this candidate yet.", size="2", color_scheme="gray"),
        ),
    )


def _note(note: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(
            rx.text.strong(note["author"]),
            rx.cond(note["role"] != "", " · " + note["role"], ""),
            size="2",
        ),
        rx.text(note["body"], size="2", white_space="pre-wrap"),
        rx.text(note["when"], size="1", color_scheme="gray"),
        spacing="1",
        width="100%",
        padding_top="8px",
        border_top=f"1px solid {rx.color('gray', 4)}",
        class_name="report-note",
    )


def _notes() -> rx.Component:
    return _side_card(
        rx.heading("Notes", size="3", as_="h2"),
        rx.vstack(
            rx.text_area(
                value=R.note_draft,
                on_change=R.set_note_draft,
                placeholder="Add a note for the team (the candidate never sees it)",
                rows="3",
                max_length=5000,
                width="100%",
                id="note-body",
                aria_label="Note",
            ),
            rx.cond(
                R.note_error != "",
                rx.text(R.note_error, size="1", color_scheme="red", role="alert"),
            ),
            rx.button("Add note", on_click=R.add_note, size="2", id="add-note"),
            spacing="2",
            width="100%",
            align="end",
            class_name="no-print notes-form",
        ),
        rx.cond(
            R.notes.length() > 0,
            rx.foreach(R.notes, _note),
            rx.text("No notes yet.", size="2", color_scheme="gray"),
        ),
    )


def _timeline() -> rx.Component:
    return _side_card(
        rx.heading("Timeline", size="3", as_="h2"),
        rx.foreach(
            R.timeline,
            lambda item: rx.vstack(
                rx.text(item["what"], size="2"),
                rx.text(
                    rx.cond(item["stage"] != "", item["stage"] + " · ", ""),
                    item["when"],
                    size="1",
                    color_scheme="gray",
                ),
                spacing="0",
            ),
        ),
    )


def _messages() -> rx.Component:
    return _side_card(
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
    )


def _side() -> rx.Component:
    return rx.vstack(
        _overall(),
        _ratings(),
        _notes(),
        _timeline(),
        _messages(),
        spacing="4",
        width="100%",
    )


def _decision_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(R.decision_advance, "Advance ", "Reject "), R.name),
            rx.dialog.description(
                rx.cond(
                    R.decision_advance,
                    "They move past the stage they are at (after the last stage, the "
                    "interview is complete), whatever the scores said.",
                    "Their application ends here as not advancing.",
                ),
                size="2",
                color_scheme="gray",
            ),
            rx.vstack(
                rx.el.label(rx.text("Why? (kept on the timeline)", size="2"), html_for="why"),
                rx.text_area(
                    value=R.decision_note,
                    on_change=R.set_decision_note,
                    required=True,
                    rows="3",
                    max_length=2000,
                    width="100%",
                    id="why",
                ),
                rx.cond(
                    R.decision_error != "",
                    rx.text(R.decision_error, size="1", color_scheme="red", role="alert"),
                ),
                rx.cond(
                    ~R.decision_advance,
                    notify_switch(R.decision_notify, R.set_decision_notify, "notify"),
                ),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button(
                        rx.cond(R.decision_advance, "Advance", "Reject"),
                        on_click=R.confirm_decision,
                        color_scheme=rx.cond(R.decision_advance, "accent", "red"),
                        id="confirm-decision",
                    ),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                margin_top="12px",
            ),
            max_width="min(520px, 94vw)",
        ),
        open=R.decision_open,
        on_open_change=R.set_decision_open,
    )


def _actions() -> rx.Component:
    return rx.hstack(
        rx.cond(
            R.can_advance,
            rx.button(
                rx.icon("check", size=14), "Advance", on_click=R.open_decision(True), id="advance"
            ),
        ),
        rx.cond(
            R.can_reject,
            rx.button(
                rx.icon("x", size=14),
                "Reject",
                on_click=R.open_decision(False),
                color_scheme="red",
                variant="soft",
                id="reject",
            ),
        ),
        rx.cond(
            R.can_resend,
            rx.button(
                rx.icon("send", size=14),
                rx.cond(R.resend_extends, "Extend and resend", "Resend invitation"),
                on_click=R.resend_invitation,
                variant="soft",
                id="resend",
            ),
        ),
        rx.button(
            rx.icon("printer", size=14),
            "Print",
            on_click=rx.call_script(PRINT_SCRIPT),
            variant="soft",
            color_scheme="gray",
            id="print",
        ),
        spacing="2",
        wrap="wrap",
        class_name="no-print",
    )


def _print_header() -> rx.Component:
    return rx.box(
        rx.text(
            R.job_title,
            " · ",
            R.status_label,
            " · Overall score: ",
            rx.cond(R.overall != "", R.overall + "/100", "not scored yet"),
            size="4",
            weight="bold",
        ),
        class_name="print-only",
    )


def _report() -> rx.Component:
    return rx.vstack(
        _print_header(),
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
                    # No leading dot: on a phone this may start a line of its own.
                    rx.text("Source: ", R.source, size="2", color_scheme="gray"),
                    align="center",
                    spacing="2",
                    wrap="wrap",
                ),
                # Below the two-column width the overall card is far down: say it here.
                rx.cond(
                    R.overall != "",
                    rx.text(
                        "Overall ",
                        rx.text.strong(R.overall),
                        "/100",
                        size="3",
                        display=["block", "block", "block", "none"],
                        class_name="no-print",
                    ),
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
                            rx.el.summary(
                                rx.text("Resume text", weight="medium", as_="span"),
                                cursor="pointer",
                            ),
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
            class_name="report-grid",
        ),
        _decision_dialog(),
        spacing="4",
        width="100%",
        class_name="report-page",
    )


def candidate_report_page() -> rx.Component:
    """The report of one application."""
    return rx.fragment(
        rx.el.style(PRINT_CSS),
        recruiter_shell(
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
                    _report(),
                ),
                rx.center(rx.spinner(), padding="40px"),
            ),
            title=rx.cond(R.loaded & ~R.not_found, R.name, "Candidate"),
            active="candidates",
            actions=rx.cond(R.loaded & ~R.not_found, _actions()),
        ),
    )
