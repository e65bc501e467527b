"""Plotly figure builders for the dashboard: pure functions from analytics results to figures.

Every builder takes the dataclasses of ``analytics.funnel`` and ``analytics.scores`` and returns a
``plotly.graph_objects.Figure`` with the same look: one palette, a title, labelled axes, tight
margins, sized for a laptop screen. No Reflex and no database here; the state holds the figures.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from heymilo_app.services.analytics.date_ticks import DAY_MS, day_ticks

if TYPE_CHECKING:
    from heymilo_app.services.analytics.funnel import (
        CompletionRate,
        DayCount,
        FunnelStep,
        StageTime,
    )
    from heymilo_app.services.analytics.scores import CriterionAverage, ScoreDistribution

# One palette for every chart (Radix indigo, teal, amber, red, gray at step 9).
PRIMARY = "#3E63DD"
SECONDARY = "#12A594"
HIGHLIGHT = "#F76B15"
ALERT = "#E5484D"
MUTED = "#8B8D98"
SERIES = (PRIMARY, SECONDARY, HIGHLIGHT, "#8E4EC6", "#D6409F", MUTED)
FONT = "Inter, -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, sans-serif"

# Passed to every rx.plotly: no plotly logo, a small toolbar, resizes with its card.
CONFIG = {"displaylogo": False, "displayModeBar": False, "responsive": True}

# Score bins of ScoreDistribution.bins: [0,10), [10,20), ..., [90,100].
BIN_WIDTH = 10
BIN_CENTERS = [index * BIN_WIDTH + BIN_WIDTH / 2 for index in range(10)]


def _layout(figure: go.Figure, title: str, *, height: int = 300, legend: bool = False) -> go.Figure:
    """Give a figure the house look.

    Args:
        figure: The figure to style.
        title: Its title, shown top left.
        height: Height in pixels.
        legend: Whether to show the legend (above the plot).

    Returns:
        The same figure.
    """
    figure.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        template="plotly_white",
        font={"family": FONT, "size": 12, "color": "#1C2024"},
        height=height,
        margin={"l": 8, "r": 16, "t": 44, "b": 8},
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "xanchor": "left", "x": 0},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        hoverlabel={"font": {"family": FONT}},
        bargap=0.25,
    )
    figure.update_xaxes(automargin=True, gridcolor="#E8E8EC", zeroline=False)
    figure.update_yaxes(automargin=True, gridcolor="#E8E8EC", zeroline=False)
    return figure


def _percent(value: float) -> str:
    return f"{value:.0f}%"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _count_axis(top: float, *, headroom: float = 1.1) -> dict:
    """A y axis for counts: whole-number ticks from 0, at most about five steps.

    Args:
        top: The largest count drawn.
        headroom: How far above the largest count the axis reaches (a factor).

    Returns:
        Keyword arguments for ``update_yaxes``.
    """
    steps = (factor * 10**power for power in range(12) for factor in (1, 2, 5))
    step = next(step for step in steps if top / step <= 5)
    return {
        "tickmode": "linear",
        "tick0": 0,
        "dtick": step,
        "tickformat": "d",
        "range": [0, max(top, 1) * headroom],
    }


def funnel(steps: Sequence[FunnelStep]) -> go.Figure:
    """The pipeline funnel: how many reached each step and how many were lost on the way.

    Args:
        steps: Funnel steps from invited to finished the interview.

    Returns:
        A funnel figure; each bar's text is its count, share of invited and drop since the step
        above.
    """
    text = []
    for step in steps:
        label = str(step.count)
        if step.drop_percent is not None and step.drop_percent > 0:
            label += f"  (−{_percent(step.drop_percent)})"
        text.append(label)
    figure = go.Figure(
        go.Funnel(
            y=[step.label for step in steps],
            x=[step.count for step in steps],
            text=text,
            textinfo="text",
            textposition="auto",
            insidetextfont={"color": "white"},
            outsidetextfont={"color": "#1C2024"},
            marker={"color": PRIMARY},
            connector={"fillcolor": "#E0E4F5", "line": {"width": 0}},
            customdata=[_percent(step.percent_of_invited) for step in steps],
            hovertemplate="%{y}: %{x} candidates, %{customdata} of invited<extra></extra>",
            # A narrow bar's count and drop sit beside it: let them run into the margin.
            cliponaxis=False,
        )
    )
    # A step nobody reached has no bar to write on: say so on the center line.
    for step, label in zip(steps, text, strict=True):
        if step.count == 0:
            figure.add_annotation(
                x=0, y=step.label, text=label, showarrow=False, font={"color": MUTED}
            )
    _layout(figure, "Pipeline funnel", height=max(220, 27 * len(steps) + 70))
    figure.update_layout(margin={"r": 48})
    figure.update_yaxes(title_text="", gridcolor="rgba(0,0,0,0)")
    return figure


def score_distributions(distributions: Sequence[ScoreDistribution]) -> go.Figure:
    """Histograms of the current stage scores, one panel per stage, pass mark as a dashed line.

    Args:
        distributions: One score distribution per scored stage.

    Returns:
        A figure with one bar panel per stage (up to three per row).
    """
    count = max(len(distributions), 1)
    columns = count if count <= 4 else 3
    rows = math.ceil(count / columns)
    figure = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=[d.stage_label for d in distributions] or None,
        horizontal_spacing=0.08,
        vertical_spacing=0.22 if rows > 1 else 0.1,
    )
    figure.update_annotations(font_size=13)  # the stage titles over the panels
    for index, distribution in enumerate(distributions):
        row, col = index // columns + 1, index % columns + 1
        figure.add_trace(
            go.Bar(
                x=BIN_CENTERS,
                y=list(distribution.bins),
                width=[BIN_WIDTH * 0.9] * len(BIN_CENTERS),
                marker={"color": PRIMARY},
                name=distribution.stage_label,
                hovertext=[
                    f"Score {start}–{start + BIN_WIDTH - (0 if start == 90 else 1)}: "
                    + _plural(int(count), "candidate")
                    for start, count in zip(
                        range(0, 100, BIN_WIDTH), distribution.bins, strict=True
                    )
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            ),
            row=row,
            col=col,
        )
        # Counts are whole candidates: no 0.5 tick on a panel whose tallest bar is 1.
        figure.update_yaxes(_count_axis(max(distribution.bins, default=0)), row=row, col=col)
        figure.add_vline(
            x=distribution.threshold,
            line={"color": ALERT, "dash": "dash", "width": 2},
            annotation={
                "text": f"pass {distribution.threshold}",
                "font": {"color": ALERT, "size": 11},
                "yshift": -14,
                "bgcolor": "rgba(255,255,255,0.8)",
            },
            annotation_position="top right",
            row=row,
            col=col,
        )
    _layout(figure, "Score distribution by stage", height=max(280, 240 * rows + 40))
    figure.update_layout(margin={"t": 64})
    figure.update_xaxes(range=[0, 100], dtick=20, title_text="Score (out of 100)")
    figure.update_yaxes(title_text="Candidates", col=1)
    return figure


def criterion_averages(criteria: Sequence[CriterionAverage]) -> go.Figure:
    """Average rubric score per criterion, one color per stage, on the 1-5 scale.

    Args:
        criteria: Averages of one job's criteria.

    Returns:
        A horizontal bar figure.
    """
    figure = go.Figure()
    stages = list(dict.fromkeys(c.stage_label for c in criteria))
    for index, stage in enumerate(stages):
        rows = [c for c in criteria if c.stage_label == stage]
        figure.add_trace(
            go.Bar(
                orientation="h",
                y=[[stage] * len(rows), [c.criterion for c in rows]],
                x=[c.average for c in rows],
                text=[f"{c.average:.1f} (n={c.count})" for c in rows],
                textposition="outside",
                cliponaxis=False,
                name=stage,
                marker={"color": SERIES[index % len(SERIES)]},
                hovertemplate="%{y}: %{x:.2f} of 5<extra></extra>",
            )
        )
    _layout(
        figure,
        "Average score per criterion",
        height=max(240, 30 * len(criteria) + 24 * len(stages) + 90),
    )
    figure.update_xaxes(range=[1, 5.6], tickvals=[1, 2, 3, 4, 5], title_text="Average (1–5)")
    figure.update_yaxes(autorange="reversed", gridcolor="rgba(0,0,0,0)")
    return figure


def _duration(minutes: float) -> str:
    """A duration as a bar's label: "<1 min" under half a minute, whole minutes, then hours."""
    whole = math.floor(minutes + 0.5)
    if whole < 1:
        return "<1 min"
    if whole < 120:
        return f"{whole} min"
    return f"{minutes / 60:.1f} h"


def stage_times(times: Sequence[StageTime]) -> go.Figure:
    """How long candidates take per stage: the median as a bar, the 90th percentile as a mark.

    Args:
        times: Completion time per stage.

    Returns:
        A bar figure with a marker trace for the 90th percentile.
    """
    labels = [t.stage_label for t in times]
    figure = go.Figure(
        [
            go.Bar(
                x=labels,
                y=[t.median_minutes for t in times],
                text=[_duration(t.median_minutes) for t in times],
                textposition="auto",
                insidetextanchor="end",
                insidetextfont={"color": "white"},
                name="Median",
                marker={"color": PRIMARY},
                customdata=[[t.count, _duration(t.median_minutes)] for t in times],
                hovertemplate=(
                    "%{x}: median %{customdata[1]} (%{customdata[0]} finished)<extra></extra>"
                ),
            ),
            go.Scatter(
                x=labels,
                y=[t.p90_minutes for t in times],
                mode="markers+text",
                text=[_duration(t.p90_minutes) for t in times],
                textposition="top center",
                name="90% finish within",
                marker={
                    "color": HIGHLIGHT,
                    "symbol": "line-ew-open",
                    "size": 28,
                    "line": {"width": 3},
                },
                customdata=[_duration(t.p90_minutes) for t in times],
                hovertemplate="%{x}: 90% within %{customdata}<extra></extra>",
            ),
        ]
    )
    _layout(figure, "Time to complete each stage", legend=True)
    top = max([t.p90_minutes for t in times] + [1])
    figure.update_yaxes(title_text="Minutes", range=[0, top * 1.2])
    return figure


def completion_rates(rates: Sequence[CompletionRate], title: str) -> go.Figure:
    """Share of invited candidates who finished the interview, per group.

    Args:
        rates: Completion rate per channel or per source.
        title: The chart's title.

    Returns:
        A bar figure with the percentage on each bar.
    """
    figure = go.Figure(
        go.Bar(
            x=[r.label for r in rates],
            y=[r.percent for r in rates],
            text=[f"{_percent(r.percent)} ({r.completed} of {r.invited})" for r in rates],
            textposition="outside",
            cliponaxis=False,
            marker={"color": [SERIES[i % len(SERIES)] for i in range(len(rates))]},
            hovertemplate="%{x}: %{y:.1f}% finished<extra></extra>",
        )
    )
    _layout(figure, title, height=280)
    figure.update_yaxes(range=[0, 115], tickvals=[0, 25, 50, 75, 100], title_text="Finished (%)")
    return figure


def over_time(days: Sequence[DayCount]) -> go.Figure:
    """Applications created and interviews finished per day.

    A single day is drawn as two labelled bars (a line of one point is a lone dot); longer
    spans as two lines.

    Args:
        days: One count per day, oldest first.

    Returns:
        A figure with two series.
    """
    x = [d.day.isoformat() for d in days]
    series = (
        ("Applications", [d.applications for d in days], "application", PRIMARY),
        ("Finished interviews", [d.completions for d in days], "finished interview", SECONDARY),
    )
    single = len(days) == 1
    traces = []
    for index, (name, counts, word, color) in enumerate(series):
        hover = [
            f"{d.day:%b %d}: {_plural(count, word)}" for d, count in zip(days, counts, strict=True)
        ]
        common = {"x": x, "y": counts, "name": name, "hovertext": hover}
        common["hovertemplate"] = "%{hovertext}<extra></extra>"
        if single:
            traces.append(
                go.Bar(
                    **common,
                    marker={"color": color},
                    # Side by side around the day's tick (group mode ignores a date width).
                    width=[DAY_MS * 0.3],
                    offset=[DAY_MS * 0.3 * (index - 1)],
                    text=[str(count) for count in counts],
                    textposition="outside",
                    cliponaxis=False,
                )
            )
        else:
            mode = "lines+markers" if len(days) <= 45 else "lines"
            traces.append(go.Scatter(**common, mode=mode, line={"color": color, "width": 2}))
    figure = go.Figure(traces)
    _layout(figure, "Applications and finished interviews per day", height=280, legend=True)
    figure.update_xaxes(type="date", title_text="")
    top = max([d.applications for d in days] + [d.completions for d in days], default=0)
    figure.update_yaxes(title_text="Per day", **_count_axis(top, headroom=1.25 if single else 1.1))
    if single:
        day = days[0].day
        figure.update_xaxes(
            range=[(day - timedelta(days=1)).isoformat(), (day + timedelta(days=1)).isoformat()],
            tickmode="array",
            tickvals=[x[0]],
            ticktext=[f"{day:%b %d}"],
        )
    elif days:
        figure.update_xaxes(**day_ticks(days[0].day, days[-1].day))
    return figure
