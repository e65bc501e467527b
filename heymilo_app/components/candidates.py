"""The candidate table shared by the Candidates page and a job's page."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from heymilo_app.components.common import status_badge

# Delivery tones (services/message_log.py) to badge colors.
TONE_COLORS = {"good": "green", "info": "blue", "wait": "amber", "bad": "red", "off": "gray"}


def tone_color(tone: rx.Var) -> rx.Var:
    """The badge color of a delivery tone.

    Args:
        tone: Var holding "good", "info", "wait", "bad" or "off".

    Returns:
        A color scheme Var.
    """
    return rx.match(tone, *TONE_COLORS.items(), "gray")


def _delivery_badge(icon: str, channel: str, label: rx.Var, tone: rx.Var, detail: rx.Var):
    badge = rx.badge(
        rx.icon(icon, size=12),
        label,
        color_scheme=tone_color(tone),
        variant="soft",
        size="1",
        aria_label=f"{channel}: " + label.to(str),
    )
    return rx.cond(
        label != "",
        rx.cond(detail != "", rx.tooltip(badge, content=detail), badge),
    )


def delivery_badges(row: rx.Var) -> rx.Component:
    """How the latest email and text of a row fared.

    Args:
        row: A row dict with email_/sms_ delivery, tone and detail.

    Returns:
        One or two small badges.
    """
    return rx.vstack(
        _delivery_badge(
            "mail", "Email", row["email_delivery"], row["email_tone"], row["email_detail"]
        ),
        _delivery_badge(
            "message-square", "Text", row["sms_delivery"], row["sms_tone"], row["sms_detail"]
        ),
        spacing="1",
        align="start",
    )


def _candidate_row(
    row: rx.Var, show_job: bool, actions: Callable[[rx.Var], rx.Component] | None
) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.vstack(
                rx.link(row["name"], href="/candidates/" + row["id"], weight="medium"),
                rx.text(row["email"], size="1", color_scheme="gray"),
                spacing="0",
            ),
        ),
        rx.table.cell(row["job"]) if show_job else rx.fragment(),
        rx.table.cell(status_badge(row["status"], row["status_label"])),
        rx.table.cell(row["stage"]),
        rx.table.cell(delivery_badges(row)),
        rx.table.cell(row["source"]),
        rx.table.cell(row["invited"]),
        rx.table.cell(actions(row)) if actions else rx.fragment(),
        align="center",
    )


def candidate_table(
    rows: rx.Var,
    *,
    show_job: bool = True,
    actions: Callable[[rx.Var], rx.Component] | None = None,
) -> rx.Component:
    """A table of applications: candidate, job, status, stage, messages, source, invited.

    Args:
        rows: Var of row dicts from ``application_rows``.
        show_job: Whether to show the job column.
        actions: Builds a row's actions cell (last column), if any.

    Returns:
        The table in a scrollable card.
    """
    headers = [
        "Candidate",
        *(["Job"] if show_job else []),
        "Status",
        "Stage",
        "Messages",
        "Source",
        "Invited",
        *([""] if actions else []),
    ]
    return rx.card(
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
                rx.table.body(rx.foreach(rows, lambda row: _candidate_row(row, show_job, actions))),
                width="100%",
                variant="ghost",
            ),
            overflow_x="auto",
            width="100%",
        ),
        width="100%",
    )
