"""The dashboard's figure builders draw exactly the numbers analytics hands them."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import plotly.graph_objects as go
import pytest

from heymilo_app.services.analytics import charts, date_ticks
from heymilo_app.services.analytics.funnel import CompletionRate, DayCount, FunnelStep, StageTime
from heymilo_app.services.analytics.scores import CriterionAverage, ScoreDistribution

FUNNEL = [
    FunnelStep("Invited", 40, 100.0, None),
    FunnelStep("Started", 30, 75.0, 25.0),
    FunnelStep("Finished Resume", 30, 75.0, 0.0),
    FunnelStep("Passed Resume", 18, 45.0, 40.0),
    FunnelStep("Finished the interview", 12, 30.0, 33.3),
]


def test_the_funnel_draws_each_step_with_its_drop_off() -> None:
    figure = charts.funnel(FUNNEL)
    (trace,) = figure.data
    assert isinstance(trace, go.Funnel)
    assert list(trace.y) == [step.label for step in FUNNEL]
    assert list(trace.x) == [40, 30, 30, 18, 12]
    # The count on every bar; the share lost only where some were lost.
    assert list(trace.text) == ["40", "30  (−25%)", "30", "18  (−40%)", "12  (−33%)"]
    assert list(trace.customdata) == ["100%", "75%", "75%", "45%", "30%"]
    assert figure.layout.title.text == "Pipeline funnel"


def test_a_step_nobody_reached_is_labelled_on_the_center_line() -> None:
    steps = [FunnelStep("Invited", 5, 100.0, None), FunnelStep("Finished Voice", 0, 0.0, 100.0)]
    figure = charts.funnel(steps)
    notes = [(a.y, a.text) for a in figure.layout.annotations]
    assert notes == [("Finished Voice", "0  (−100%)")]


def test_score_histograms_use_the_ten_bins_and_mark_each_pass_threshold() -> None:
    resume = ScoreDistribution(
        "Resume", 60, [12.0, 55.0, 61.5, 100.0], [0, 1, 0, 0, 0, 1, 1, 0, 0, 1]
    )
    form = ScoreDistribution("Form", 45, [40.0, 90.0], [0, 0, 0, 0, 1, 0, 0, 0, 0, 1])
    figure = charts.score_distributions([resume, form])
    bars = [trace for trace in figure.data if isinstance(trace, go.Bar)]
    assert [bar.name for bar in bars] == ["Resume", "Form"]
    assert list(bars[0].y) == resume.bins and list(bars[1].y) == form.bins
    # Bar i covers [10 i, 10 i + 10): its center sits at 10 i + 5.
    assert list(bars[0].x) == [5, 15, 25, 35, 45, 55, 65, 75, 85, 95]
    lines = [shape for shape in figure.layout.shapes if shape.type == "line"]
    assert sorted((line.x0, line.x1, line.xref) for line in lines) == [
        (45, 45, "x2"),
        (60, 60, "x"),
    ]
    labels = {a.text for a in figure.layout.annotations}
    assert {"Resume", "Form", "pass 60", "pass 45"} <= labels
    assert figure.layout.xaxis.range == (0, 100)


def test_five_stages_wrap_onto_a_second_row() -> None:
    stages = [ScoreDistribution(f"Stage {i}", 50, [], [0] * 10) for i in range(5)]
    figure = charts.score_distributions(stages)
    assert len([t for t in figure.data if isinstance(t, go.Bar)]) == 5
    assert figure.layout.xaxis5.domain is not None and figure.layout.height > 300


def test_criterion_averages_are_bars_on_the_one_to_five_scale_per_stage() -> None:
    criteria = [
        CriterionAverage("Phone screen", "Clarity", 4.25, 8),
        CriterionAverage("Phone screen", "Empathy", 2.5, 8),
        CriterionAverage("Case study", "Clarity", 3.0, 5),
    ]
    figure = charts.criterion_averages(criteria)
    assert [trace.name for trace in figure.data] == ["Phone screen", "Case study"]
    phone, case = figure.data
    assert list(phone.x) == [4.25, 2.5] and list(case.x) == [3.0]
    assert [list(level) for level in phone.y] == [
        ["Phone screen", "Phone screen"],
        ["Clarity", "Empathy"],
    ]
    assert list(phone.text) == ["4.2 (n=8)", "2.5 (n=8)"]
    assert figure.layout.xaxis.range[0] == 1 and list(figure.layout.xaxis.tickvals) == [
        1,
        2,
        3,
        4,
        5,
    ]
    assert phone.marker.color != case.marker.color


def test_stage_times_show_the_median_as_bars_and_the_90th_percentile_as_marks() -> None:
    times = [StageTime("Form", 6.0, 14.0, 20), StageTime("Voice/Video", 150.0, 200.0, 9)]
    median, p90 = charts.stage_times(times).data
    assert isinstance(median, go.Bar) and list(median.y) == [6.0, 150.0]
    assert list(median.text) == ["6 min", "2.5 h"]
    assert isinstance(p90, go.Scatter) and list(p90.y) == [14.0, 200.0]
    assert list(p90.x) == ["Form", "Voice/Video"]


def test_completion_rates_label_each_bar_with_its_percentage() -> None:
    rates = [CompletionRate("Email only", 30, 12, 40.0), CompletionRate("Email + SMS", 8, 6, 75.0)]
    figure = charts.completion_rates(rates, "By channel")
    (bar,) = figure.data
    assert list(bar.x) == ["Email only", "Email + SMS"] and list(bar.y) == [40.0, 75.0]
    assert list(bar.text) == ["40% (12 of 30)", "75% (6 of 8)"]
    assert figure.layout.title.text == "By channel"


def test_over_time_draws_applications_and_completions_per_day() -> None:
    days = [DayCount(date(2026, 3, 1), 4, 0), DayCount(date(2026, 3, 2), 1, 3)]
    applications, completions = charts.over_time(days).data
    assert list(applications.x) == ["2026-03-01", "2026-03-02"]
    assert list(applications.y) == [4, 1] and list(completions.y) == [0, 3]
    assert applications.line.color != completions.line.color


def _days(count: int, first: date = date(2026, 12, 1)) -> list[DayCount]:
    return [DayCount(first + timedelta(days=n), n % 3, n % 2) for n in range(count)]


@pytest.mark.parametrize("count", [2, 3, 5, 8, 14, 20, 45, 60, 90])
def test_the_days_axis_ticks_once_a_day_or_less_and_never_repeats_a_date(count: int) -> None:
    days = _days(count)
    axis = charts.over_time(days).layout.xaxis
    # Plotly's own ticks on a few days fall every 12 hours: "Dec 01, Dec 01, Dec 02".
    assert axis.tickmode == "linear" and axis.tickformat == "%b %d"
    assert axis.dtick >= date_ticks.DAY_MS and axis.dtick % date_ticks.DAY_MS == 0
    assert axis.tick0 == days[0].day.isoformat()
    start = datetime.fromisoformat(axis.tick0)
    ticks = []
    while start.date() <= days[-1].day:
        ticks.append(start)
        start += timedelta(milliseconds=axis.dtick)
    labels = [tick.strftime("%b %d") for tick in ticks]
    assert len(set(labels)) == len(labels) and 2 <= len(labels) <= 8
    assert all(tick.hour == tick.minute == 0 for tick in ticks)


def test_a_year_of_days_is_ticked_by_month() -> None:
    axis = charts.over_time(_days(400)).layout.xaxis
    assert axis.tickmode == "linear" and re.fullmatch(r"M\d+", axis.dtick)
    assert axis.tick0 == "2026-12-01" and "%d" not in axis.tickformat
    assert 400 / 30.44 / int(axis.dtick[1:]) <= 8


def test_a_single_day_is_two_labelled_bars_over_a_padded_range() -> None:
    figure = charts.over_time([DayCount(date(2026, 12, 1), 3, 1)])
    applications, completions = figure.data
    assert isinstance(applications, go.Bar) and isinstance(completions, go.Bar)
    assert list(applications.text) == ["3"] and list(completions.text) == ["1"]
    # Side by side, not on top of each other.
    assert applications.offset[0] + applications.width[0] <= completions.offset[0]
    axis = figure.layout.xaxis
    assert axis.range == ("2026-11-30", "2026-12-02")
    assert list(axis.tickvals) == ["2026-12-01"] and list(axis.ticktext) == ["Dec 01"]
    assert list(applications.hovertext) == ["Dec 01: 3 applications"]
    assert list(completions.hovertext) == ["Dec 01: 1 finished interview"]
    # Room above the tallest bar for its label.
    assert figure.layout.yaxis.range[1] > 3


def _assert_count_axis(axis) -> None:
    assert axis.tickmode == "linear" and axis.tick0 == 0
    assert axis.dtick >= 1 and float(axis.dtick).is_integer()
    assert axis.tickformat == "d"


def test_counts_per_day_have_whole_number_ticks() -> None:
    days = [DayCount(date(2026, 12, 1), 1, 0), DayCount(date(2026, 12, 2), 0, 1)]
    figure = charts.over_time(days)
    _assert_count_axis(figure.layout.yaxis)
    assert figure.layout.yaxis.range == (0, 1.1)
    assert list(figure.data[0].hovertext) == ["Dec 01: 1 application", "Dec 02: 0 applications"]
    assert "%{y" not in figure.data[0].hovertemplate


def test_histogram_counts_are_whole_numbers_on_the_axis_and_in_the_hover() -> None:
    stages = [
        ScoreDistribution("Resume", 60, [55.0, 61.0], [0, 0, 0, 0, 0, 1, 1, 0, 0, 0]),
        ScoreDistribution("Form", 45, [42.0, 44.0], [0, 0, 0, 0, 2, 0, 0, 0, 0, 0]),
        ScoreDistribution("Voice", 70, [], [0, 3, 7, 12, 30, 44, 20, 9, 2, 1]),
    ]
    figure = charts.score_distributions(stages)
    axes = [figure.layout.yaxis, figure.layout.yaxis2, figure.layout.yaxis3]
    for axis in axes:
        _assert_count_axis(axis)
    # The tallest bar of 1 gets ticks 0 and 1, not 0, 0.5, 1; 44 gets steps of 10.
    assert axes[0].dtick == 1 and axes[0].range[1] >= 1
    assert axes[2].dtick == 10 and axes[2].range[1] >= 44
    resume = figure.data[0]
    assert resume.hovertemplate == "%{hovertext}<extra></extra>"
    assert resume.hovertext[5] == "Score 50–59: 1 candidate"
    assert resume.hovertext[0] == "Score 0–9: 0 candidates"
    assert figure.data[2].hovertext[9] == "Score 90–100: 1 candidate"


@pytest.mark.parametrize(
    ("minutes", "label"),
    [
        (0.0, "<1 min"),
        (0.3, "<1 min"),
        (0.5, "1 min"),
        (0.6, "1 min"),
        (2.5, "3 min"),
        (119.6, "2.0 h"),
        (150.0, "2.5 h"),
    ],
)
def test_a_stage_time_that_rounds_to_no_minutes_is_labelled_under_a_minute(
    minutes: float, label: str
) -> None:
    median, p90 = charts.stage_times([StageTime("Form", minutes, minutes, 3)]).data
    assert list(median.text) == [label] and list(p90.text) == [label]
    # The hover says the same, not "%{y:.0f} min" (a bar of 0.3 minutes hovered "0 min").
    assert [list(row) for row in median.customdata] == [[3, label]]
    assert list(p90.customdata) == [label]
    assert "%{y" not in median.hovertemplate and "%{y" not in p90.hovertemplate


def test_no_bar_with_height_says_zero_minutes() -> None:
    times = [StageTime(f"Stage {n}", n / 10, n / 10 + 0.4, 2) for n in range(1, 12)]
    median, p90 = charts.stage_times(times).data
    assert not any(re.match(r"0 ", text) for text in [*median.text, *p90.text])


def test_every_chart_shares_the_house_look_and_hides_the_plotly_logo() -> None:
    figures = [
        charts.funnel(FUNNEL),
        charts.score_distributions([]),
        charts.criterion_averages([]),
        charts.stage_times([]),
        charts.completion_rates([], "Empty"),
        charts.over_time([]),
    ]
    for figure in figures:
        assert figure.layout.title.text
        assert figure.layout.margin.l <= 16 and figure.layout.height <= 600
        assert figure.layout.font.family == charts.FONT
    assert charts.CONFIG["displaylogo"] is False
