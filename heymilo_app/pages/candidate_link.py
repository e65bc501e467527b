"""The candidate's pages behind their link: welcome, each stage, and where they stand."""

from __future__ import annotations

import reflex as rx

from heymilo_app.components.candidate_journey import (
    TYPING_PAUSE_MS,
    error_text,
    progress_steps,
    question_field,
    result_card,
    resume_upload_zone,
)
from heymilo_app.components.candidate_stages import (
    brand_header,
    primary_button,
    stage_heading,
    welcome,
)
from heymilo_app.components.shell import candidate_shell
from heymilo_app.state.candidate_form import CandidateFormState as F
from heymilo_app.state.candidate_link import CandidateLinkState as S
from heymilo_app.state.candidate_requests import CandidateRequestsState as Q
from heymilo_app.state.candidate_resume import RESUME_UPLOAD_ID
from heymilo_app.state.candidate_resume import CandidateResumeState as R
from heymilo_app.state.unsubscribe import UnsubscribeState

ADJUSTMENT_KINDS = ("more_time", "text_instead_of_voice", "other")


def _problem() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(S.tx["problem_title"], size="6", as_="h1"),
            rx.text(S.tx["problem_text"], color_scheme="gray"),
            spacing="3",
            padding="12px",
        ),
        width="100%",
    )


def _status(text: rx.Var, icon: str, color: str) -> rx.Component:
    """A notice read out when it appears, in high contrast (4.5:1 on its tint); none if empty."""
    return rx.cond(
        text,
        rx.callout(
            text, icon=icon, color_scheme=color, high_contrast=True, role="status", width="100%"
        ),
    )


def _notice() -> rx.Component:
    return _status(S.notice, "info", "amber")


def _progress() -> rx.Component:
    return progress_steps(S.summaries, S.step, S.tx["step_of"], S.brand.primary_color)


# --- stages -------------------------------------------------------------------------------


def _resume_stage() -> rx.Component:
    pasted_error = R.error & (R.error_at == "text")
    file_error = R.error & (R.error_at == "file")
    return rx.card(
        rx.vstack(
            resume_upload_zone(
                RESUME_UPLOAD_ID,
                tx=S.tx,
                busy=R.busy,
                color=S.brand.primary_color,
                on_drop=R.upload(rx.upload_files(upload_id=RESUME_UPLOAD_ID)),
                on_reject=R.reject_file,
                has_error=file_error,
            ),
            error_text(R.error, file_error, "resume-file-error"),
            rx.form(
                rx.vstack(
                    rx.el.label(
                        rx.text(S.tx["resume_paste"], weight="medium"), html_for="resume-text"
                    ),
                    rx.text_area(
                        id="resume-text",
                        name="resume_text",
                        default_value=S.resume_text,
                        # Drawn again on each load, with the text the server kept.
                        key=S.revision.to_string(),
                        on_change=R.keep_text.debounce(TYPING_PAUSE_MS),
                        rows="8",
                        size="3",
                        width="100%",
                        aria_describedby=rx.cond(pasted_error, "resume-text-error", ""),
                        aria_invalid=rx.cond(pasted_error, "true", "false"),
                    ),
                    error_text(R.error, pasted_error, "resume-text-error"),
                    primary_button(
                        S.tx["resume_send"],
                        S.brand,
                        type="submit",
                        id="resume-submit",
                        loading=R.busy,
                        disabled=R.busy,
                        width=["100%", "auto"],
                    ),
                    spacing="2",
                    width="100%",
                ),
                on_submit=R.submit_text,
                reset_on_submit=False,
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
        size="3",
        width="100%",
    )


def _form_stage() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.card(
                rx.vstack(
                    rx.foreach(
                        S.stage.questions,
                        lambda question: question_field(
                            question,
                            value=S.answers[question.id.to_string()],
                            picked=S.picks[question.id.to_string()],
                            error=S.errors[question.id.to_string()],
                            has_error=S.errors.contains(question.id.to_string()),
                            tx=S.tx,
                            on_save=F.save_answer,
                            on_toggle=F.toggle_choice,
                            on_type=F.keep_typing,
                            revision=S.revision,
                            described=S.answers["described:" + question.id.to_string()],
                            on_describe=F.describe_self,
                        ),
                    ),
                    spacing="6",
                    width="100%",
                ),
                size="3",
                width="100%",
            ),
            rx.text(S.tx["form_autosave"], size="2", color_scheme="gray"),
            error_text(S.errors["form"], S.errors.contains("form"), "form-error"),
            primary_button(
                S.tx["submit"],
                S.brand,
                type="submit",
                id="form-submit",
                loading=S.busy,
                disabled=S.busy,
                width=["100%", "auto"],
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=F.submit_form,
        reset_on_submit=False,
        width="100%",
    )


def _stage() -> rx.Component:
    return rx.vstack(
        _progress(),
        stage_heading(S.stage),
        rx.match(S.stage.type, ("resume", _resume_stage()), _form_stage()),
        spacing="4",
        width="100%",
    )


def _waiting() -> rx.Component:
    return rx.vstack(
        _progress(),
        stage_heading(S.stage),
        rx.callout(
            S.tx["waiting_text"],
            icon=rx.match(S.stage.type, ("sms", "message-square"), "clock"),
            color_scheme="gray",
            variant="surface",
            size="3",
            width="100%",
            id="waiting-text",
        ),
        spacing="4",
        width="100%",
    )


# --- where the candidate stands ------------------------------------------------------------


def _sent() -> rx.Component:
    return _status(Q.sent, "circle-check", "green")


def _review_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.el.label(
                rx.text(S.tx["review_message"], weight="medium"), html_for="review-message"
            ),
            rx.text_area(
                id="review-message",
                name="message",
                rows="4",
                width="100%",
                aria_describedby=rx.cond(Q.errors.contains("message"), "review-error", ""),
            ),
            error_text(Q.errors["message"], Q.errors.contains("message"), "review-error"),
            rx.hstack(
                primary_button(S.tx["send_request"], S.brand, type="submit", id="review-send"),
                rx.button(
                    S.tx["cancel"],
                    type="button",
                    variant="soft",
                    color_scheme="gray",
                    size="3",
                    on_click=Q.toggle_review,
                ),
                spacing="2",
                wrap="wrap",
            ),
            spacing="2",
            width="100%",
        ),
        on_submit=Q.request_review,
        reset_on_submit=False,
        width="100%",
        id="review-form",
    )


def _disqualified() -> rx.Component:
    return result_card(
        "info",
        S.tx["disqualified_title"],
        rx.text(S.tx["disqualified_text"], size="3"),
        rx.box(
            rx.text(S.reason, weight="bold", size="3"),
            border_left=f"4px solid {rx.color('gray', 8)}",
            padding="8px 12px",
            background=rx.color("gray", 3),
            border_radius="4px",
            width="100%",
            id="disqualified-reason",
        ),
        rx.cond(
            S.can_request_review,
            rx.vstack(
                rx.text(S.tx["disqualified_review_text"], size="3", color_scheme="gray"),
                rx.cond(
                    Q.review_open,
                    _review_form(),
                    rx.button(
                        rx.icon("user-round", size=18, aria_hidden="true"),
                        S.tx["request_review"],
                        on_click=Q.toggle_review,
                        size="3",
                        id="request-review",
                        aria_expanded=rx.cond(Q.review_open, "true", "false"),
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            rx.text(S.tx["disqualified_reviewed"], size="3", color_scheme="gray"),
        ),
        caption=S.tx["hiring_for_text"],
    )


def _outcome() -> rx.Component:
    color = S.brand.primary_color
    return rx.match(
        S.screen,
        (
            "thanks",
            result_card(
                "circle-check",
                S.tx["thanks_title"],
                rx.text(S.tx["thanks_text"]),
                color=color,
                caption=S.tx["hiring_for_text"],
            ),
        ),
        (
            "review",
            rx.vstack(
                _sent(),
                result_card(
                    "hourglass",
                    S.tx["review_title"],
                    rx.text(S.tx["review_text"]),
                    color=color,
                    caption=S.tx["hiring_for_text"],
                ),
                spacing="4",
                width="100%",
            ),
        ),
        ("disqualified", _disqualified()),
        (
            "withdrawn",
            result_card(
                "circle-x",
                S.tx["link_withdrawn_title"],
                rx.text(S.tx["link_withdrawn_text"]),
                caption=S.tx["hiring_for_text"],
            ),
        ),
        (
            "expired",
            result_card(
                "calendar-x",
                S.tx["link_expired_title"],
                rx.text(S.tx["link_expired_text"]),
                caption=S.tx["hiring_for_text"],
            ),
        ),
        rx.fragment(),
    )


# --- adjustments and withdrawing -----------------------------------------------------------


def _adjustment_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text(S.tx["adjust_intro"], size="2"),
            rx.el.fieldset(
                rx.el.legend(
                    rx.text(S.tx["adjust_kind"], weight="medium", size="2", as_="span"),
                    id="adjust-kind-legend",
                    style={"padding": "0", "margin_bottom": "6px"},
                ),
                rx.radio_group.root(
                    rx.vstack(
                        *[
                            rx.el.label(
                                rx.hstack(
                                    rx.radio_group.item(value=kind),
                                    rx.text(S.tx[f"adjust_{kind}"], size="2"),
                                    spacing="2",
                                    align="center",
                                ),
                                style={"cursor": "pointer"},
                            )
                            for kind in ADJUSTMENT_KINDS
                        ],
                        spacing="2",
                    ),
                    value=Q.kind,
                    on_change=Q.set_kind,
                    aria_labelledby="adjust-kind-legend",
                ),
                error_text(Q.errors["kind"], Q.errors.contains("kind"), "adjust-kind-error"),
                style={"border": "none", "padding": "0", "margin": "0", "min_width": "0"},
            ),
            rx.el.label(
                rx.text(S.tx["adjust_details"], weight="medium", size="2"),
                html_for="adjust-details",
            ),
            rx.text_area(
                id="adjust-details",
                name="details",
                rows="3",
                width="100%",
                aria_describedby="adjust-details-hint",
            ),
            rx.text(
                S.tx["adjust_details_hint"], size="1", color_scheme="gray", id="adjust-details-hint"
            ),
            error_text(Q.errors["details"], Q.errors.contains("details"), "adjust-details-error"),
            rx.hstack(
                rx.button(S.tx["send_request"], type="submit", size="2", id="adjust-send"),
                rx.button(
                    S.tx["cancel"],
                    type="button",
                    variant="soft",
                    color_scheme="gray",
                    size="2",
                    on_click=Q.toggle_adjust,
                ),
                spacing="2",
            ),
            spacing="2",
            width="100%",
        ),
        on_submit=Q.request_accommodation,
        reset_on_submit=False,
        width="100%",
        id="adjust-panel",
    )


def _accommodations() -> rx.Component:
    return rx.cond(
        S.accommodations.length() > 0,
        rx.vstack(
            rx.heading(S.tx["adjust_yours"], size="2", as_="h2"),
            rx.foreach(
                S.accommodations,
                lambda request: rx.hstack(
                    rx.text(request.kind, size="2"),
                    rx.badge(
                        request.status_label,
                        color_scheme=rx.match(
                            request.status, ("granted", "green"), ("declined", "red"), "gray"
                        ),
                    ),
                    rx.cond(
                        request.details,
                        rx.text(request.details, size="1", color_scheme="gray", trim="both"),
                    ),
                    spacing="2",
                    align="center",
                    wrap="wrap",
                    class_name="accommodation-row",
                ),
            ),
            spacing="2",
            width="100%",
        ),
    )


def _withdraw_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(
                S.tx["withdraw_link"],
                variant="ghost",
                color_scheme="gray",
                size="2",
                id="withdraw",
                style={"text_decoration": "underline"},
            ),
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title(S.tx["withdraw_title"]),
            rx.alert_dialog.description(S.tx["withdraw_text"]),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button(S.tx["withdraw_keep"], variant="soft", color_scheme="gray")
                ),
                rx.alert_dialog.action(
                    rx.button(
                        S.tx["withdraw_confirm"],
                        color_scheme="red",
                        # Red 9 under white text is 3.9:1; red 11 is over 4.5:1.
                        background_color=rx.color("red", 11),
                        on_click=Q.withdraw,
                        id="withdraw-confirm",
                    )
                ),
                spacing="3",
                justify="end",
                wrap="wrap",
                margin_top="16px",
            ),
            max_width="420px",
        ),
    )


def _requests() -> rx.Component:
    return rx.vstack(
        rx.separator(size="4"),
        _accommodations(),
        rx.cond(Q.adjust_open, rx.fragment(), _sent()),
        rx.cond(
            Q.adjust_open,
            rx.card(_adjustment_form(), width="100%"),
            rx.button(
                rx.icon("hand-helping", size=16, aria_hidden="true"),
                S.tx["adjust_toggle"],
                on_click=Q.toggle_adjust,
                variant="soft",
                color_scheme="gray",
                size="2",
                id="adjust-open",
                aria_expanded="false",
            ),
        ),
        _withdraw_dialog(),
        spacing="3",
        align="start",
        width="100%",
    )


def _journey() -> rx.Component:
    return rx.vstack(
        brand_header(S.brand),
        _notice(),
        rx.match(
            S.screen,
            (
                "welcome",
                welcome(
                    S.brand,
                    S.tx,
                    S.summaries,
                    primary_button(
                        S.tx["start"],
                        S.brand,
                        on_click=S.start,
                        id="start-interview",
                        width=["100%", "auto"],
                    ),
                ),
            ),
            ("stage", _stage()),
            ("waiting", _waiting()),
            _outcome(),
        ),
        rx.cond(
            (S.screen == "welcome") | (S.screen == "stage") | (S.screen == "waiting"),
            _requests(),
        ),
        spacing="5",
        width="100%",
    )


def candidate_link_page() -> rx.Component:
    """The page behind a candidate's interview link."""
    return candidate_shell(
        rx.cond(
            S.loaded,
            rx.cond(S.problem, _problem(), _journey()),
            rx.center(rx.spinner(), width="100%", padding="40px"),
        ),
        accent=S.brand.primary_color,
        language=S.brand.language,
    )


def unsubscribe_page() -> rx.Component:
    """The page behind the unsubscribe link of an email."""
    return candidate_shell(
        rx.card(
            rx.match(
                UnsubscribeState.outcome,
                (
                    "confirm",
                    rx.vstack(
                        rx.heading("Stop reminder emails?", size="6", as_="h1"),
                        rx.text(
                            "You will get no more reminders about your interview with ",
                            rx.text.strong(UnsubscribeState.company),
                            ". Your interview link keeps working.",
                            color_scheme="gray",
                        ),
                        rx.button(
                            "Stop reminders",
                            on_click=UnsubscribeState.confirm,
                            loading=UnsubscribeState.busy,
                            size="3",
                            id="unsubscribe-confirm",
                        ),
                        spacing="3",
                    ),
                ),
                (
                    "done",
                    rx.vstack(
                        rx.heading("You will get no more reminders", size="6", as_="h1"),
                        rx.text(
                            "Your interview link still works whenever you want to use it.",
                            color_scheme="gray",
                        ),
                        spacing="2",
                    ),
                ),
                (
                    "unknown",
                    rx.vstack(
                        rx.heading("This link is not valid", size="6", as_="h1"),
                        rx.text(
                            "Check that you opened the whole link from the email.",
                            color_scheme="gray",
                        ),
                        spacing="2",
                    ),
                ),
                rx.center(rx.spinner()),
            ),
            width="100%",
        ),
    )
