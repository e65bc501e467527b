"""The public apply page of a job (/apply/{slug})."""

from __future__ import annotations

import reflex as rx

from heymilo_app.components.candidate_journey import resume_drop_zone
from heymilo_app.components.candidate_stages import brand_header, primary_button
from heymilo_app.components.shell import candidate_shell
from heymilo_app.state.apply import RESUME_UPLOAD_ID, error_id
from heymilo_app.state.apply import ApplyState as A


def _error(name: str) -> rx.Component:
    """The message of a field, under it, with the id its control points at."""
    return rx.cond(
        A.errors.contains(name),
        rx.text(A.errors[name], size="2", color_scheme="red", role="alert", id=error_id(name)),
    )


def _described(name: str, hint_id: str = "") -> dict:
    """The ARIA state of a field's control: invalid, and described by its hint and message."""
    has_error = A.errors.contains(name)
    return {
        "aria_invalid": rx.cond(has_error, "true", "false"),
        "aria_describedby": rx.cond(
            has_error, f"{hint_id} {error_id(name)}".strip(), hint_id or None
        ),
        # The message goes as soon as the candidate changes the field; while there is none,
        # typing sends nothing.
        "on_change": rx.cond(has_error, A.clear_error(name), rx.noop()),
    }


def _field(
    label: str, name: str, *, type: str = "text", autocomplete: str = "", hint: str = ""
) -> rx.Component:
    hint_id = f"apply-{name}-hint" if hint else ""
    return rx.vstack(
        rx.el.label(rx.text(label, size="2", weight="medium"), html_for=f"apply-{name}"),
        rx.input(
            name=name,
            id=f"apply-{name}",
            type=type,
            width="100%",
            size="3",
            auto_complete=autocomplete or None,
            **_described(name, hint_id),
        ),
        rx.text(hint, size="1", color_scheme="gray", id=hint_id) if hint else rx.fragment(),
        _error(name),
        spacing="1",
        width="100%",
    )


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.grid(
                _field("First name", "first_name", autocomplete="given-name"),
                _field("Last name", "last_name", autocomplete="family-name"),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="3",
                width="100%",
            ),
            _field("Email", "email", type="email", autocomplete="email"),
            _field(
                "Mobile phone (optional)",
                "phone",
                type="tel",
                autocomplete="tel",
                hint="With the country code, e.g. +1 415 555 0101.",
            ),
            rx.text("Resume", size="2", weight="medium"),
            resume_drop_zone(
                RESUME_UPLOAD_ID,
                A.resume_name,
                A.receive_resume(rx.upload_files(upload_id=RESUME_UPLOAD_ID)),
                A.refuse_file,
            ),
            _error("resume"),
            rx.el.label(
                rx.text("Or paste your resume", size="2", weight="medium"),
                html_for="apply-resume_text",
            ),
            # A message about the resume (a file refused, a text too long) is this field's.
            rx.text_area(
                name="resume_text",
                id="apply-resume_text",
                rows="4",
                width="100%",
                **_described("resume"),
            ),
            rx.el.label(
                rx.hstack(
                    rx.checkbox(
                        name="sms_consent",
                        id="apply-sms",
                        aria_labelledby="apply-sms-label",
                    ),
                    rx.text(
                        "Text me about my application (reply STOP at any time).",
                        size="2",
                        id="apply-sms-label",
                    ),
                    spacing="2",
                    align="center",
                ),
            ),
            rx.cond(
                A.errors.contains("form"),
                rx.callout(A.errors["form"], icon="clock", color_scheme="amber", role="alert"),
            ),
            primary_button(
                "Apply and start the interview",
                A.brand,
                type="submit",
                width="100%",
                id="apply-submit",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=A.submit,
        reset_on_submit=False,
        width="100%",
        id="apply-form",
    )


def apply_page() -> rx.Component:
    """The job, what the interview looks like, and the application form."""
    return candidate_shell(
        rx.cond(
            A.loaded,
            rx.cond(
                A.open_for_applications,
                rx.vstack(
                    brand_header(A.brand),
                    rx.heading(A.job_title, size="7", as_="h1"),
                    rx.cond(
                        A.location,
                        rx.hstack(
                            rx.icon("map-pin", size=14),
                            rx.text(A.location, size="2"),
                            align="center",
                            spacing="1",
                        ),
                    ),
                    rx.cond(
                        A.link_sent_to,
                        rx.card(
                            rx.vstack(
                                rx.heading(
                                    A.link_sent_title,
                                    size="5",
                                    as_="h2",
                                    tab_index=-1,
                                    id="apply-link-sent-title",
                                ),
                                rx.text(A.link_sent_text, id="apply-link-sent"),
                                spacing="2",
                            ),
                            width="100%",
                            size="3",
                        ),
                        rx.fragment(
                            rx.cond(A.description, rx.text(A.description, white_space="pre-wrap")),
                            rx.card(_form(), width="100%", size="3"),
                        ),
                    ),
                    spacing="4",
                    width="100%",
                ),
                rx.card(
                    rx.vstack(
                        rx.heading("This job is not open for applications", size="6", as_="h1"),
                        rx.text("It may have been filled or closed.", color_scheme="gray"),
                        spacing="2",
                    ),
                    width="100%",
                ),
            ),
            rx.center(rx.spinner(), padding="40px"),
        ),
        accent=A.brand.primary_color,
        language=A.brand.language,
    )
