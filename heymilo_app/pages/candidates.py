"""The Candidates page: every application of the organization."""

from __future__ import annotations

import reflex as rx

from heymilo_app import routes
from heymilo_app.components.candidates import selectable_candidates
from heymilo_app.components.common import empty_state
from heymilo_app.components.shell import recruiter_shell
from heymilo_app.state.candidates import CandidatesState


def candidates_page() -> rx.Component:
    """Every application, newest first."""
    return recruiter_shell(
        rx.cond(
            CandidatesState.rows.length() > 0,
            selectable_candidates(
                CandidatesState.rows,
                CandidatesState.stage_chips,
                CandidatesState,
                CandidatesState.is_recruiter,
            ),
            rx.cond(
                CandidatesState.loaded,
                empty_state(
                    "users",
                    "No candidates yet",
                    "Candidates appear here when they are invited to a job's interview. "
                    "Create a job and publish its interview first.",
                    rx.link(rx.button("Go to jobs", variant="soft"), href=routes.JOBS),
                ),
                rx.center(rx.spinner(), width="100%", padding="40px"),
            ),
        ),
        title="Candidates",
        active="candidates",
    )
