"""The candidate table shared by the Candidates page and a job's page.

Each row shows the candidate, where they stand at each stage of the interview (a row of
chips), the shortlist star and the latest messages. With a selection, each row has a
checkbox, the header one selects every visible row, and an action bar acts on the selection.
On a phone the same rows are cards (the table would scroll sideways).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from heymilo_app.components.common import (
    NARROW_ONLY,
    WIDE_ONLY,
    notify_switch,
    status_badge,
)

# Delivery tones (services/messaging/message_log.py) to badge colors.
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


# A stage's state (services/pipeline/stage_statuses.py STAGE_STATES) to its chip's color and icon.
STAGE_CHIP_LOOKS = {
    "passed": ("green", "check"),
    "failed": ("amber", "triangle-alert"),
    "disqualified": ("red", "x"),
    "rejected": ("red", "ban"),
    "in_progress": ("blue", "loader"),
    "score_pending": ("gray", "hourglass"),
    "not_reached": ("gray", "circle-dashed"),
}


def _chip(chip: rx.Var, color: str, icon: str, faint: bool) -> rx.Component:
    return rx.tooltip(
        rx.badge(
            rx.icon(icon, size=12, aria_hidden="true"),
            rx.cond(chip["score"] != "", rx.text(chip["score"], as_="span", size="1")),
            color_scheme=color,
            variant="outline" if faint else "soft",
            size="1",
            role="img",
            aria_label=chip["text"],
            opacity="0.55" if faint else "1",
            class_name="stage-chip",
            custom_attrs={"data-stage-state": chip["state"]},
        ),
        content=chip["text"],
    )


def stage_chip(chip: rx.Var) -> rx.Component:
    """One stage of an application: a colored chip with its score, named for screen readers.

    Args:
        chip: {"label", "state", "score", "text"} from ``formatting.stage_chip``.

    Returns:
        The chip, its full text in a tooltip and as its accessible name.
    """
    return rx.match(
        chip["state"],
        *[
            (state, _chip(chip, color, icon, state == "not_reached"))
            for state, (color, icon) in STAGE_CHIP_LOOKS.items()
        ],
        _chip(chip, "gray", "circle-dashed", True),
    )


def shortlisted_badge() -> rx.Component:
    """The star a shortlisted candidate's row carries.

    Returns:
        A small amber badge.
    """
    return rx.badge(
        rx.icon("star", size=12, aria_hidden="true"),
        "Shortlisted",
        color_scheme="amber",
        variant="soft",
        size="1",
        class_name="shortlisted-badge",
    )


def _select_box(row: rx.Var, selection: Any, class_name: str, **props: Any) -> rx.Component:
    return rx.checkbox(
        checked=selection.selected.contains(row["id"]),
        on_change=lambda checked: selection.toggle_selected(row["id"], checked),
        aria_label="Select " + row["name"].to(str),
        class_name=class_name,
        **props,
    )


def _name_line(row: rx.Var) -> rx.Component:
    """The candidate's name, a link to the report, with the shortlist star."""
    return rx.hstack(
        rx.link(row["name"], href="/candidates/" + row["id"], weight="medium"),
        rx.cond(row["shortlisted"] != "", shortlisted_badge()),
        spacing="2",
        align="center",
        wrap="wrap",
    )


def _select_cell(row: rx.Var, selection: Any) -> rx.Component:
    return rx.table.cell(_select_box(row, selection, "select-candidate"), width="32px")


def _score_cell(row: rx.Var) -> rx.Component:
    return rx.table.cell(
        rx.text(row["score"], weight="bold", size="3", class_name="candidate-score"),
        text_align="right",
    )


def _candidate_row(
    row: rx.Var,
    show_job: bool,
    actions: Callable[[rx.Var], rx.Component] | None,
    chips: rx.Var | None,
    selection: Any,
    show_score: bool = False,
) -> rx.Component:
    return rx.table.row(
        _select_cell(row, selection) if selection is not None else rx.fragment(),
        rx.table.row_header_cell(
            rx.vstack(
                _name_line(row),
                rx.text(row["email"], size="1", color_scheme="gray"),
                spacing="0",
            ),
        ),
        rx.table.cell(row["job"]) if show_job else rx.fragment(),
        _score_cell(row) if show_score else rx.fragment(),
        rx.table.cell(status_badge(row["status"], row["status_label"])),
        rx.table.cell(_stage_block(row, chips)),
        rx.table.cell(delivery_badges(row)),
        rx.table.cell(row["source"]),
        rx.table.cell(row["invited"]),
        rx.table.cell(actions(row)) if actions else rx.fragment(),
        align="center",
        class_name="candidate-row",
    )


def _stage_block(row: rx.Var, chips: rx.Var | None) -> rx.Component:
    return rx.vstack(
        rx.text(row["stage"], size="2"),
        rx.hstack(
            rx.foreach(chips[row["id"]], stage_chip),
            spacing="1",
            # One line of chips: the stages read left to right like the interview.
            wrap="nowrap",
            class_name="stage-chips",
        )
        if chips is not None
        else rx.fragment(),
        spacing="1",
    )


def _candidate_card(
    row: rx.Var,
    show_job: bool,
    actions: Callable[[rx.Var], rx.Component] | None,
    chips: rx.Var | None,
    selection: Any,
    show_score: bool = False,
) -> rx.Component:
    """One row of the table as a card, for phones."""
    return rx.box(
        rx.hstack(
            _select_box(row, selection, "select-candidate-card", margin_top="4px")
            if selection is not None
            else rx.fragment(),
            rx.vstack(
                _name_line(row),
                rx.text(row["email"], size="1", color_scheme="gray", word_break="break-all"),
                rx.text(row["job"], size="1", color_scheme="gray") if show_job else rx.fragment(),
                spacing="0",
                min_width="0",
            ),
            rx.spacer(),
            rx.vstack(
                status_badge(row["status"], row["status_label"]),
                rx.text(
                    "Score ",
                    rx.text.strong(row["score"]),
                    size="1",
                    color_scheme="gray",
                    class_name="candidate-card-score",
                )
                if show_score
                else rx.fragment(),
                spacing="1",
                align="end",
                flex_shrink="0",
            ),
            width="100%",
            align="start",
        ),
        rx.box(_stage_block(row, chips), margin_top="8px"),
        rx.cond(
            (row["email_delivery"] != "") | (row["sms_delivery"] != ""),
            rx.box(delivery_badges(row), margin_top="6px"),
        ),
        rx.text(
            row["source"],
            " · invited ",
            row["invited"],
            size="1",
            color_scheme="gray",
            as_="div",
            margin_top="6px",
        ),
        rx.box(actions(row), margin_top="6px") if actions else rx.fragment(),
        padding="12px 0",
        border_bottom="1px solid var(--gray-a4)",
        width="100%",
        class_name="candidate-card",
    )


def _select_all_header(rows: rx.Var, selection: Any) -> rx.Component:
    count = selection.selected.length()
    return rx.table.column_header_cell(
        rx.checkbox(
            checked=(count > 0) & (count == rows.length()),
            on_change=selection.select_all,
            aria_label="Select all candidates shown",
            id="select-all-candidates",
        ),
        width="32px",
    )


def candidate_table(
    rows: rx.Var,
    *,
    show_job: bool = True,
    actions: Callable[[rx.Var], rx.Component] | None = None,
    chips: rx.Var | None = None,
    selection: Any = None,
    show_score: bool = False,
) -> rx.Component:
    """A table of applications: candidate, job, score, status, stages, messages, source, invited.

    Args:
        rows: Var of row dicts from ``application_rows``.
        show_job: Whether to show the job column.
        actions: Builds a row's actions cell (last column), if any.
        chips: Var of each row's stage chips by application id (``formatting.stage_chips``).
        selection: The list's state mixing in ``CandidateSelection``: adds the checkboxes.
        show_score: Whether to show the overall score column.

    Returns:
        The table in a scrollable card.
    """
    headers = [
        "Candidate",
        *(["Job"] if show_job else []),
        *(["Score"] if show_score else []),
        "Status",
        "Stages" if chips is not None else "Stage",
        "Messages",
        "Source",
        "Invited",
        *([""] if actions else []),
    ]
    return rx.card(
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        _select_all_header(rows, selection)
                        if selection is not None
                        else rx.fragment(),
                        *[rx.table.column_header_cell(h) for h in headers],
                    )
                ),
                rx.table.body(
                    rx.foreach(
                        rows,
                        lambda row: _candidate_row(
                            row, show_job, actions, chips, selection, show_score
                        ),
                    )
                ),
                width="100%",
                variant="ghost",
            ),
            overflow_x="auto",
            width="100%",
            display=WIDE_ONLY,
        ),
        rx.box(
            rx.cond(
                rows.length() > 0,
                rx.box(
                    rx.checkbox(
                        "Select all",
                        checked=(selection.selected.length() > 0)
                        & (selection.selected.length() == rows.length()),
                        on_change=selection.select_all,
                        id="select-all-candidate-cards",
                    ),
                    padding_bottom="4px",
                ),
            )
            if selection is not None
            else rx.fragment(),
            rx.foreach(
                rows,
                lambda row: _candidate_card(row, show_job, actions, chips, selection, show_score),
            ),
            width="100%",
            display=NARROW_ONLY,
        ),
        width="100%",
    )


def _bar_button(label: str, icon: str, on_click, element_id: str, **props) -> rx.Component:
    return rx.button(
        rx.icon(icon, size=14, aria_hidden="true"),
        label,
        size="2",
        variant=props.pop("variant", "soft"),
        on_click=on_click,
        id=element_id,
        **props,
    )


def bulk_action_bar(selection: Any, can_change: rx.Var) -> rx.Component:
    """The bar that acts on the selected candidates; it sticks to the bottom of the window.

    Args:
        selection: The list's state mixing in ``CandidateSelection``.
        can_change: Whether the user is a recruiter (hiring managers may only export).

    Returns:
        The bar, shown while something is selected.
    """
    count = selection.selected.length()
    return rx.cond(
        count > 0,
        rx.box(
            rx.flex(
                rx.text(count, " selected", weight="bold", size="2", id="selected-count"),
                rx.cond(
                    can_change,
                    rx.fragment(
                        _bar_button(
                            "Shortlist",
                            "star",
                            selection.shortlist_selected(True),
                            "bulk-shortlist",
                        ),
                        _bar_button(
                            "Remove from shortlist",
                            "star-off",
                            selection.shortlist_selected(False),
                            "bulk-unshortlist",
                            color_scheme="gray",
                        ),
                        _bar_button(
                            "Reject",
                            "ban",
                            selection.set_reject_open(True),
                            "bulk-reject",
                            color_scheme="red",
                        ),
                        _bar_button(
                            "Send reminder", "bell", selection.remind_selected, "bulk-remind"
                        ),
                    ),
                ),
                _bar_button("Export CSV", "download", selection.export_selected, "bulk-export"),
                rx.spacer(),
                rx.button(
                    "Clear selection",
                    size="2",
                    variant="ghost",
                    color_scheme="gray",
                    on_click=selection.clear_selection,
                ),
                gap="8px",
                wrap="wrap",
                align="center",
            ),
            rx.cond(
                selection.bulk_message != "",
                rx.text(selection.bulk_message, size="1", color_scheme="gray", role="status"),
            ),
            position="sticky",
            bottom="12px",
            z_index="5",
            width="100%",
            padding="10px 14px",
            border_radius="10px",
            background=rx.color("gray", 2),
            border=f"1px solid {rx.color('gray', 6)}",
            box_shadow="0 4px 14px rgba(0, 0, 0, 0.12)",
            role="region",
            aria_label="Actions on the selected candidates",
            id="bulk-bar",
        ),
    )


def bulk_reject_dialog(selection: Any) -> rx.Component:
    """The dialog that rejects the selection: a reason, and whether to email the candidates.

    Args:
        selection: The list's state mixing in ``CandidateSelection``.

    Returns:
        The dialog.
    """
    count = selection.reject_count
    skips = selection.reject_skips
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(
                "Reject ",
                count,
                rx.cond(count == 1, " candidate", " candidates"),
            ),
            rx.dialog.description(
                "Each is recorded as not advancing, with your name and the reason.",
                size="2",
                color_scheme="gray",
            ),
            rx.cond(
                skips > 0,
                rx.callout(
                    skips.to_string()
                    + " of the selected "
                    + rx.cond(skips == 1, "candidate has", "candidates have").to(str)
                    + " withdrawn or already been rejected, and will be skipped.",
                    icon="info",
                    size="1",
                    margin_top="8px",
                ),
            ),
            rx.vstack(
                rx.el.label(
                    rx.text("Reason (kept with each decision)", size="2", weight="medium"),
                    html_for="bulk-reject-note",
                ),
                rx.text_area(
                    value=selection.reject_note,
                    on_change=selection.set_reject_note,
                    id="bulk-reject-note",
                    rows="3",
                    width="100%",
                    aria_invalid=rx.cond(selection.reject_error != "", "true", "false"),
                    aria_describedby="bulk-reject-note-error",
                ),
                rx.text(
                    selection.reject_error,
                    id="bulk-reject-note-error",
                    size="1",
                    color_scheme="red",
                    role="alert",
                    display=rx.cond(selection.reject_error != "", "block", "none"),
                ),
                notify_switch(
                    selection.reject_notify, selection.set_reject_notify, "bulk-reject-notify"
                ),
                rx.hstack(
                    rx.dialog.close(
                        rx.button("Cancel", variant="soft", color_scheme="gray", type="button")
                    ),
                    rx.button(
                        "Reject ",
                        count,
                        color_scheme="red",
                        on_click=selection.reject_selected,
                        disabled=count == 0,
                        id="bulk-reject-confirm",
                    ),
                    justify="end",
                    width="100%",
                ),
                spacing="2",
                margin_top="12px",
                width="100%",
            ),
            max_width="520px",
            id="bulk-reject-dialog",
        ),
        open=selection.reject_open,
        on_open_change=selection.set_reject_open,
    )


def selectable_candidates(
    rows: rx.Var,
    chips: rx.Var,
    selection: Any,
    can_change: rx.Var,
    *,
    show_job: bool = True,
    actions: Callable[[rx.Var], rx.Component] | None = None,
    show_score: bool = False,
) -> rx.Component:
    """The candidate table with checkboxes, its action bar and its reject dialog.

    Args:
        rows: Var of row dicts from ``application_rows``.
        chips: Var of each row's stage chips by application id.
        selection: The list's state mixing in ``CandidateSelection``.
        can_change: Whether the user is a recruiter.
        show_job: Whether to show the job column.
        actions: Builds a row's actions cell, if any.
        show_score: Whether to show the overall score column.

    Returns:
        The table, the bar and the dialog.
    """
    return rx.fragment(
        candidate_table(
            rows,
            show_job=show_job,
            actions=actions,
            chips=chips,
            selection=selection,
            show_score=show_score,
        ),
        bulk_action_bar(selection, can_change),
        bulk_reject_dialog(selection),
    )


def filter_select(
    label: str,
    value: rx.Var,
    options: rx.Var | list[dict[str, str]],
    on_change: Any,
    any_label: str,
    element_id: str,
) -> rx.Component:
    """A labelled select box of a list's filter, with an "any" choice first.

    Args:
        label: The visible label.
        value: The chosen value ("" for any).
        options: [{"value", "label"}], as a Var or a list.
        on_change: Receives the value, or "all" for any.
        any_label: The any choice's label, e.g. "All jobs".
        element_id: The select's id.

    Returns:
        The label over the select.
    """
    items = (
        rx.foreach(options, lambda o: rx.select.item(o["label"], value=o["value"]))
        if isinstance(options, rx.Var)
        else rx.fragment(*[rx.select.item(o["label"], value=o["value"]) for o in options])
    )
    return rx.vstack(
        rx.el.label(
            rx.text(label, size="1", weight="medium", color_scheme="gray"),
            html_for=element_id,
        ),
        rx.select.root(
            rx.select.trigger(aria_label=label, id=element_id, width="100%"),
            rx.select.content(rx.select.item(any_label, value="all"), items),
            value=rx.cond(value != "", value, "all"),
            on_change=on_change,
        ),
        spacing="1",
        min_width="140px",
        flex="1 1 140px",
    )


def pager(
    range_label: rx.Var,
    page: rx.Var,
    pages: rx.Var,
    on_previous: Any,
    on_next: Any,
    id_prefix: str = "candidates",
) -> rx.Component:
    """Where the page is in the list ("Showing 51–100 of 523"), with previous and next.

    Args:
        range_label: The text of which rows are shown.
        page: The page number from 1.
        pages: How many pages there are.
        on_previous: The event of the previous button.
        on_next: The event of the next button.
        id_prefix: Starts the ids of the text and the buttons (a second pager needs another).

    Returns:
        A row that wraps on a phone.
    """
    return rx.flex(
        rx.text(range_label, size="2", color_scheme="gray", id=f"{id_prefix}-range"),
        rx.spacer(),
        rx.hstack(
            rx.button(
                rx.icon("chevron-left", size=14, aria_hidden="true"),
                "Previous",
                variant="soft",
                size="2",
                on_click=on_previous,
                disabled=page <= 1,
                id=f"{id_prefix}-previous",
            ),
            rx.text("Page ", page, " of ", pages, size="2", color_scheme="gray"),
            rx.button(
                "Next",
                rx.icon("chevron-right", size=14, aria_hidden="true"),
                variant="soft",
                size="2",
                on_click=on_next,
                disabled=page >= pages,
                id=f"{id_prefix}-next",
            ),
            spacing="2",
            align="center",
        ),
        gap="8px",
        wrap="wrap",
        align="center",
        width="100%",
    )
