"""The candidate table shared by the Candidates page and a job's page."""

from __future__ import annotations

import reflex as rx

from heymilo_app.components.common import status_badge


def _candidate_row(row: rx.Var, show_job: bool) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.vstack(
                rx.text(row["name"], weight="medium"),
                rx.text(row["email"], size="1", color_scheme="gray"),
                spacing="0",
            ),
        ),
        rx.table.cell(row["job"]) if show_job else rx.fragment(),
        rx.table.cell(status_badge(row["status"], row["status_label"])),
        rx.table.cell(row["stage"]),
        rx.table.cell(row["source"]),
        rx.table.cell(row["invited"]),
        align="center",
    )


def candidate_table(rows: rx.Var, *, show_job: bool = True) -> rx.Component:
    """A table of applications: candidate, job, status, current stage, source, invited.

    Args:
        rows: Var of row dicts from ``application_row_dict``.
        show_job: Whether to show the job column.

    Returns:
        The table in a scrollable card.
    """
    headers = ["Candidate", *(["Job"] if show_job else []), "Status", "Stage", "Source", "Invited"]
    return rx.card(
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
                rx.table.body(rx.foreach(rows, lambda row: _candidate_row(row, show_job))),
                width="100%",
                variant="ghost",
            ),
            overflow_x="auto",
            width="100%",
        ),
        width="100%",
    )
