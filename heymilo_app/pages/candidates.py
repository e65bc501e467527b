"""The Candidates page: every application of the organization, searched and a page at a time."""

from __future__ import annotations

import reflex as rx

from heymilo_app import routes
from heymilo_app.components.candidates import filter_select, pager, selectable_candidates
from heymilo_app.components.common import empty_state
from heymilo_app.components.shell import recruiter_shell
from heymilo_app.state.candidates import SORT_OPTIONS, STATUS_OPTIONS, CandidatesState

S = CandidatesState


def _options(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"value": value, "label": label} for value, label in pairs]


def _search_box() -> rx.Component:
    return rx.vstack(
        rx.el.label(
            rx.text("Search", size="1", weight="medium", color_scheme="gray"),
            html_for="candidates-search",
        ),
        # A controlled input with on_change is debounced: the list reloads when typing pauses.
        rx.input(
            rx.input.slot(rx.icon("search", size=14, aria_hidden="true")),
            value=S.search,
            on_change=S.set_search,
            placeholder="Name, email or phone",
            type="search",
            id="candidates-search",
            width="100%",
        ),
        spacing="1",
        flex="2 1 220px",
        min_width="0",
    )


def _toolbar() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                _search_box(),
                filter_select(
                    "Job", S.job_filter, S.job_options, S.set_job_filter, "All jobs", "filter-job"
                ),
                filter_select(
                    "Status",
                    S.status_filter,
                    _options(STATUS_OPTIONS),
                    S.set_status_filter,
                    "Any status",
                    "filter-status",
                ),
                filter_select(
                    "Stage now",
                    S.stage_filter,
                    S.stage_options,
                    S.set_stage_filter,
                    "Any stage",
                    "filter-stage",
                ),
                rx.vstack(
                    rx.el.label(
                        rx.text("Sort", size="1", weight="medium", color_scheme="gray"),
                        html_for="candidates-sort",
                    ),
                    rx.select.root(
                        rx.select.trigger(aria_label="Sort", id="candidates-sort", width="100%"),
                        rx.select.content(
                            *[rx.select.item(label, value=value) for value, label in SORT_OPTIONS]
                        ),
                        value=S.sort,
                        on_change=S.set_sort,
                    ),
                    spacing="1",
                    min_width="140px",
                    flex="1 1 140px",
                ),
                gap="12px",
                wrap="wrap",
                align="end",
                width="100%",
            ),
            rx.cond(
                S.list_error != "",
                rx.callout(
                    S.list_error, icon="triangle-alert", color_scheme="red", role="alert", size="1"
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _no_match() -> rx.Component:
    return empty_state(
        "search-x",
        "No candidates match",
        "Try another spelling, or clear the search and filters.",
        rx.button(
            "Clear search and filters",
            variant="soft",
            on_click=S.clear_filters,
            id="clear-filters",
        ),
    )


def _pager(id_prefix: str) -> rx.Component:
    return pager(S.range_label, S.page, S.pages, S.previous_page, S.next_page, id_prefix)


def _list() -> rx.Component:
    return rx.vstack(
        _toolbar(),
        rx.cond(
            S.rows.length() > 0,
            rx.fragment(
                _pager("candidates"),
                selectable_candidates(S.rows, S.stage_chips, S, S.is_recruiter, show_score=True),
                rx.cond(S.pages > 1, _pager("candidates-bottom")),
            ),
            _no_match(),
        ),
        spacing="3",
        width="100%",
    )


def candidates_page() -> rx.Component:
    """Every application: search, filters, sort, the score, fifty a page."""
    return recruiter_shell(
        rx.cond(
            S.has_any,
            _list(),
            rx.cond(
                S.loaded,
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
