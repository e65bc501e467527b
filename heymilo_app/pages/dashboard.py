"""The Dashboard: how the pipeline is doing, in charts, and who is worth a look first."""

from __future__ import annotations

import reflex as rx

from heymilo_app import routes
from heymilo_app.components.common import (
    NARROW_ONLY,
    WIDE_CELL,
    WIDE_ONLY,
    empty_state,
    status_badge,
)
from heymilo_app.components.shell import recruiter_shell
from heymilo_app.services.analytics import charts
from heymilo_app.state.dashboard import ANY, FILTER_STATUSES, DashboardState
from heymilo_app.state.formatting import SOURCE_LABELS
from heymilo_app.state.ranked_table import SORT_LABELS

D = DashboardState


def _select(
    label: str,
    value: rx.Var,
    options: rx.Var | list[dict[str, str]],
    on_change,
    any_label: str,
    id: str,
) -> rx.Component:
    items = (
        rx.foreach(options, lambda o: rx.select.item(o["label"], value=o["value"]))
        if isinstance(options, rx.Var)
        else rx.fragment(*[rx.select.item(o["label"], value=o["value"]) for o in options])
    )
    return rx.vstack(
        rx.text(label, size="1", weight="medium", color_scheme="gray"),
        rx.select.root(
            rx.select.trigger(aria_label=label, id=id, width="100%"),
            rx.select.content(rx.select.item(any_label, value=ANY), items),
            value=rx.cond(value, value, ANY),
            on_change=on_change,
        ),
        spacing="1",
        min_width="130px",
        flex="1",
    )


def _date(label: str, which: str, value: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.el.label(
            rx.text(label, size="1", weight="medium", color_scheme="gray"),
            html_for=f"filter-{which}",
        ),
        rx.input(
            type="date",
            id=f"filter-{which}",
            value=value,
            on_change=lambda day: D.set_date(which, day),
        ),
        spacing="1",
    )


def _options(labels: dict[str, str]) -> list[dict[str, str]]:
    return [{"value": value, "label": label} for value, label in labels.items()]


def _filters() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                _select("Job", D.job_id, D.job_options, D.set_job, "All jobs", "filter-job"),
                rx.cond(
                    D.job_id != "",
                    _select(
                        "Reached stage",
                        D.stage_id,
                        D.stage_options,
                        D.set_stage,
                        "Any stage",
                        "filter-stage",
                    ),
                ),
                _select(
                    "Status",
                    D.status,
                    _options(FILTER_STATUSES),
                    D.set_status,
                    "Any status",
                    "filter-status",
                ),
                _select(
                    "Source",
                    D.source,
                    _options(SOURCE_LABELS),
                    D.set_source,
                    "Any source",
                    "filter-source",
                ),
                _date("Applied from", "from", D.date_from),
                _date("Applied until", "to", D.date_to),
                rx.button(
                    rx.icon("rotate-ccw", size=14),
                    "Reset",
                    on_click=D.reset_filters,
                    variant="soft",
                    color_scheme="gray",
                    disabled=~D.is_filtered,
                    id="reset-filters",
                ),
                gap="12px",
                wrap="wrap",
                align="end",
                width="100%",
            ),
            rx.cond(
                D.filter_error,
                rx.callout(
                    D.filter_error,
                    icon="triangle-alert",
                    color_scheme="red",
                    role="alert",
                    size="1",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _headline(label: str, value: rx.Var, hint: str, id: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(label, size="2", color_scheme="gray"),
            rx.text(value, size="8", weight="bold", id=id),
            rx.text(hint, size="1", color_scheme="gray"),
            spacing="1",
        ),
        width="100%",
    )


def _headlines() -> rx.Component:
    return rx.grid(
        _headline(
            "Applications", D.total_applications, "Matching the filters above", "stat-applications"
        ),
        _headline(
            "Completion rate",
            D.completion_rate,
            "Invited candidates who finished the whole interview",
            "stat-completion",
        ),
        _headline(
            "Median overall score",
            D.median_overall,
            "Out of 100, over candidates with at least one scored stage",
            "stat-median",
        ),
        columns=rx.breakpoints(initial="1", sm="3"),
        spacing="3",
        width="100%",
    )


def _chart(figure: rx.Var, caption: str, id: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.plotly(data=figure, config=charts.CONFIG, width="100%"),
            rx.text(caption, size="1", color_scheme="gray"),
            spacing="2",
            width="100%",
        ),
        width="100%",
        min_width="0",
        class_name="chart-card",
        id=id,
    )


def _no_chart(title: str, text: str, id: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(title, size="3"),
            rx.center(
                rx.text(text, size="2", color_scheme="gray", align="center"),
                min_height="80px",
                width="100%",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        id=id,
    )


def _two(*children: rx.Component) -> rx.Component:
    return rx.grid(
        *children, columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"
    )


def _charts() -> rx.Component:
    return rx.vstack(
        _chart(
            D.funnel_fig,
            "Each bar is how many candidates reached that step; (−%) is the share lost since "
            "the step above. Hover a bar for its share of everyone invited.",
            "chart-funnel",
        ),
        _two(
            _chart(
                D.time_fig,
                "Applications received and interviews finished each day (UTC).",
                "chart-over-time",
            ),
            rx.cond(
                D.has_times,
                _chart(
                    D.times_fig,
                    "Bars are the median time from starting a stage to finishing it; the orange "
                    "mark is the time within which 90% finish.",
                    "chart-times",
                ),
                _no_chart(
                    "Time to complete each stage",
                    "No stage has been finished yet.",
                    "chart-times",
                ),
            ),
        ),
        rx.cond(
            D.has_scores,
            _chart(
                D.scores_fig,
                "How many candidates scored in each band of 10 points; the dashed red line is "
                "the stage's pass mark.",
                "chart-scores",
            ),
            _no_chart(
                "Score distribution by stage",
                "No stage has been scored yet for these applications.",
                "chart-scores",
            ),
        ),
        rx.cond(
            D.job_id == "",
            _no_chart(
                "Average score per criterion",
                "Choose a job to see its criteria.",
                "chart-criteria",
            ),
            rx.cond(
                D.has_criteria,
                _chart(
                    D.criteria_fig,
                    "The mean rubric score (1 to 5) of each criterion, with how many "
                    "candidates were scored on it.",
                    "chart-criteria",
                ),
                _no_chart(
                    "Average score per criterion",
                    "No criterion of this job has been scored yet.",
                    "chart-criteria",
                ),
            ),
        ),
        rx.cond(
            D.has_rates & D.has_completions,
            _two(
                _chart(
                    D.channel_fig,
                    "Share of invited candidates who finished the interview, by how they were "
                    "invited.",
                    "chart-channel",
                ),
                _chart(
                    D.source_fig,
                    "Share of invited candidates who finished the interview, by where they "
                    "came from.",
                    "chart-source",
                ),
            ),
            rx.cond(
                D.has_rates,
                _no_chart(
                    "Finished, by invitation channel and by source",
                    "Nobody has finished the whole interview yet. These charts compare how "
                    "candidates were invited and where they came from once some do.",
                    "chart-rates",
                ),
            ),
        ),
        spacing="4",
        width="100%",
    )


def _impact_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["stage"]),
        rx.table.row_header_cell(
            row["group"],
            rx.cond(
                (row["question"] != "") & (row["question"] != D.impact_question),
                rx.text(row["question"], as_="div", size="1", color_scheme="gray"),
            ),
        ),
        rx.table.cell(row["candidates"], text_align="right", display=WIDE_CELL),
        rx.table.cell(row["selected"], text_align="right", display=WIDE_CELL),
        rx.table.cell(
            row["rate"],
            # On a phone the two count columns fold in here.
            rx.text(
                row["selected"],
                " of ",
                row["candidates"],
                as_="div",
                size="1",
                color_scheme="gray",
                display=NARROW_ONLY,
            ),
            text_align="right",
        ),
        rx.table.cell(
            row["ratio"],
            rx.cond(
                row["flagged"] != "",
                rx.badge("Under 4/5", color_scheme="red", variant="solid", margin_left="8px"),
            ),
            text_align="right",
            # On a phone the flag goes under the ratio.
            white_space=rx.breakpoints(initial="normal", sm="nowrap"),
        ),
        align="center",
    )


def _impact() -> rx.Component:
    headers = ["Stage", "Group", "Candidates", "Selected", "Selection rate", "Impact ratio"]
    table = rx.box(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[
                        rx.table.column_header_cell(
                            h,
                            text_align="left" if index < 2 else "right",
                            display=WIDE_CELL if h in ("Candidates", "Selected") else None,
                        )
                        for index, h in enumerate(headers)
                    ]
                )
            ),
            rx.table.body(rx.foreach(D.impact, _impact_row)),
            variant="ghost",
            size="1",
            width="100%",
        ),
        overflow_x="auto",
        width="100%",
    )
    return rx.card(
        rx.vstack(
            rx.heading("Adverse impact", size="4", as_="h2"),
            rx.cond(
                D.impact_question != "",
                rx.vstack(
                    rx.text(
                        "Selection rates per group for the voluntary question ",
                        rx.text.strong("“", D.impact_question, "”"),
                        ". The impact ratio compares each group with the group selected most "
                        "often at the same stage; under 0.80 (four-fifths) is flagged.",
                        size="2",
                    ),
                    rx.cond(
                        D.impact.length() > 0,
                        table,
                        rx.text(
                            "No group is large enough to show yet.", size="2", color_scheme="gray"
                        ),
                    ),
                    rx.text(
                        "Groups under 5 candidates are hidden to protect privacy (",
                        D.impact_hidden,
                        " hidden here). Answers are voluntary and never feed any score.",
                        size="1",
                        color_scheme="gray",
                    ),
                    spacing="3",
                    width="100%",
                ),
                rx.text(
                    "No candidate has answered a voluntary self-identification question yet. "
                    "To measure adverse impact, open a job's interview in the builder, add a "
                    "question of the kind “Voluntary self-identification” to its form stage and "
                    "publish. Answers are optional for candidates and never scored.",
                    size="2",
                    color_scheme="gray",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="adverse-impact",
    )


def _sort_header(label: str, column: str, align: str = "left") -> rx.Component:
    active = D.sort == column
    return rx.table.column_header_cell(
        rx.button(
            label,
            rx.cond(
                active,
                rx.icon(rx.cond(D.descending, "arrow-down", "arrow-up"), size=14),
                rx.icon("arrow-up-down", size=14, opacity="0.4"),
            ),
            on_click=D.sort_by(column),
            variant="ghost",
            color_scheme="gray",
            size="2",
            aria_label=f"Sort by {label}",
            high_contrast=True,
            font_weight="bold",
        ),
        aria_sort=rx.cond(active, rx.cond(D.descending, "descending", "ascending"), "none"),
        text_align=align,
    )


def _ranked_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.vstack(
                rx.link(row["name"], href=row["url"], weight="medium", class_name="report-link"),
                rx.text(row["email"], size="1", color_scheme="gray"),
                spacing="0",
            ),
        ),
        rx.cond(
            D.job_id == "",
            rx.table.cell(
                rx.text(
                    row["job"],
                    title=row["job"],
                    size="2",
                    max_width="170px",
                    white_space="nowrap",
                    overflow="hidden",
                    text_overflow="ellipsis",
                ),
            ),
        ),
        rx.table.cell(status_badge(row["status"], row["status_label"])),
        rx.table.cell(rx.text(row["overall"], weight="bold"), text_align="right"),
        rx.foreach(
            D.stage_columns,
            lambda column: rx.table.cell(row[column["key"]], text_align="right"),
        ),
        rx.table.cell(row["applied"], white_space="nowrap"),
        align="center",
        class_name="ranked-row",
    )


def _ranked_card(row: rx.Var) -> rx.Component:
    """One ranked candidate as a card, for phones (the table needs more width)."""
    return rx.box(
        rx.hstack(
            rx.vstack(
                rx.link(row["name"], href=row["url"], weight="medium", class_name="ranked-link"),
                rx.text(row["email"], size="1", color_scheme="gray", word_break="break-all"),
                spacing="0",
                min_width="0",
            ),
            rx.spacer(),
            rx.vstack(
                rx.text(row["overall"], weight="bold", size="5"),
                rx.text("overall", size="1", color_scheme="gray"),
                spacing="0",
                align="end",
            ),
            width="100%",
            align="start",
        ),
        rx.flex(
            status_badge(row["status"], row["status_label"]),
            rx.cond(D.job_id == "", rx.text(row["job"], size="1", color_scheme="gray")),
            rx.text("Applied ", row["applied"], size="1", color_scheme="gray"),
            gap="8px",
            wrap="wrap",
            align="center",
            margin_top="6px",
        ),
        rx.flex(
            rx.foreach(
                D.stage_columns,
                lambda column: rx.text(
                    column["label"], " ", rx.text.strong(row[column["key"]]), size="1"
                ),
            ),
            gap="4px 12px",
            wrap="wrap",
            margin_top="6px",
        ),
        padding="10px 0",
        border_bottom="1px solid var(--gray-a4)",
        width="100%",
        class_name="ranked-card",
    )


def _table_tools() -> rx.Component:
    return rx.flex(
        rx.form(
            rx.hstack(
                rx.input(
                    rx.input.slot(rx.icon("search", size=14)),
                    name="search",
                    placeholder="Name or email",
                    aria_label="Search candidates",
                    default_value=D.search,
                    id="ranked-search",
                ),
                rx.button("Search", type="submit", variant="soft"),
                spacing="2",
            ),
            on_submit=D.search_candidates,
            width="auto",
        ),
        rx.select.root(
            rx.select.trigger(aria_label="Sort by", id="ranked-sort"),
            rx.select.content(
                *[rx.select.item(f"Sort: {label}", value=key) for key, label in SORT_LABELS.items()]
            ),
            value=D.sort,
            on_change=D.sort_by,
        ),
        rx.spacer(),
        rx.button(
            rx.icon("download", size=14),
            "Download CSV",
            on_click=D.download_csv,
            variant="soft",
            id="download-csv",
        ),
        rx.button(
            rx.icon("file-spreadsheet", size=14),
            "Download Excel",
            on_click=D.download_excel,
            variant="soft",
            id="download-excel",
        ),
        gap="8px",
        wrap="wrap",
        align="center",
        width="100%",
    )


def _ranked() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Ranked candidates", size="4", as_="h2"),
            rx.text(
                "Highest overall score first: the mean of the stages scored so far. Open a name "
                "to read the report. Downloads hold every row matching the filters and search.",
                size="2",
                color_scheme="gray",
            ),
            _table_tools(),
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            _sort_header("Candidate", "name"),
                            rx.cond(D.job_id == "", rx.table.column_header_cell("Job")),
                            _sort_header("Status", "status"),
                            _sort_header("Overall", "overall", "right"),
                            rx.foreach(
                                D.stage_columns,
                                lambda column: rx.table.column_header_cell(
                                    column["label"], text_align="right"
                                ),
                            ),
                            _sort_header("Applied", "created_at"),
                        )
                    ),
                    rx.table.body(rx.foreach(D.rows, _ranked_row)),
                    variant="ghost",
                    size="1",
                    width="100%",
                ),
                overflow_x="auto",
                width="100%",
                display=WIDE_ONLY,
            ),
            rx.box(rx.foreach(D.rows, _ranked_card), width="100%", display=NARROW_ONLY),
            rx.cond(
                D.total_rows == 0,
                rx.text("No candidate matches.", size="2", color_scheme="gray"),
            ),
            rx.hstack(
                rx.text(D.range_label, size="2", color_scheme="gray", id="ranked-range"),
                rx.spacer(),
                rx.button(
                    rx.icon("chevron-left", size=14),
                    "Previous",
                    on_click=D.turn_page(-1),
                    disabled=D.page <= 1,
                    variant="soft",
                    color_scheme="gray",
                    id="ranked-previous",
                ),
                rx.button(
                    "Next",
                    rx.icon("chevron-right", size=14),
                    on_click=D.turn_page(1),
                    disabled=~D.has_next,
                    variant="soft",
                    color_scheme="gray",
                    id="ranked-next",
                ),
                width="100%",
                align="center",
                spacing="2",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="ranked-candidates",
    )


def _getting_started() -> rx.Component:
    return empty_state(
        "chart-column",
        "Nothing to chart yet",
        "Charts appear once candidates apply. Create a job, publish its interview in the "
        "builder, then invite candidates (one by one, from a CSV file or through the public "
        "apply page).",
        rx.link(rx.button(rx.icon("briefcase", size=16), "Go to Jobs"), href=routes.JOBS),
    )


def _no_match() -> rx.Component:
    return rx.callout(
        rx.hstack(
            rx.text("No application matches these filters."),
            rx.button("Reset the filters", on_click=D.reset_filters, variant="ghost", size="1"),
            spacing="2",
        ),
        icon="filter-x",
        width="100%",
    )


def dashboard_page() -> rx.Component:
    """Filters, headline numbers, charts, adverse impact and the ranked candidates."""
    return recruiter_shell(
        rx.cond(
            D.loaded,
            rx.cond(
                D.has_any,
                rx.vstack(
                    _filters(),
                    _headlines(),
                    rx.cond(
                        D.total_applications > 0,
                        rx.vstack(_charts(), _impact(), spacing="4", width="100%"),
                        _no_match(),
                    ),
                    _ranked(),
                    spacing="4",
                    width="100%",
                ),
                _getting_started(),
            ),
            rx.center(rx.spinner(size="3"), padding="48px", width="100%"),
        ),
        title="Dashboard",
        active="dashboard",
    )
