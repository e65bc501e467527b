"""The Dashboard: the pipeline at a glance."""

from __future__ import annotations

import reflex as rx

from heymilo_app.components.common import STATUS_COLORS
from heymilo_app.components.shell import recruiter_shell
from heymilo_app.state.dashboard import DashboardState


def _stat(
    label: rx.Var | str, value: rx.Var | str | int, color: rx.Var | str = "gray"
) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(label, size="2", color_scheme="gray"),
            rx.text(value, size="7", weight="bold", color_scheme=color),
            spacing="1",
        ),
        width="100%",
    )


def dashboard_page() -> rx.Component:
    """Headline numbers of the organization's pipeline."""
    return recruiter_shell(
        rx.grid(
            _stat("Open jobs", DashboardState.open_jobs, "indigo"),
            _stat("Applications", DashboardState.total_applications, "indigo"),
            columns="2",
            spacing="3",
            width="100%",
        ),
        rx.cond(
            DashboardState.total_applications == 0,
            rx.callout(
                "No applications yet. Create a job, publish its interview and invite "
                "candidates; their progress shows here.",
                icon="info",
                width="100%",
            ),
        ),
        rx.heading("Applications by status", size="4", as_="h2"),
        rx.grid(
            rx.foreach(
                DashboardState.status_cards,
                lambda card: _stat(
                    card["label"],
                    card["value"],
                    rx.match(card["status"], *STATUS_COLORS.items(), "gray"),
                ),
            ),
            columns=rx.breakpoints(initial="2", sm="3", md="4"),
            spacing="3",
            width="100%",
        ),
        title="Dashboard",
        active="dashboard",
    )
