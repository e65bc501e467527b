"""The dashboard's figure builders draw exactly the numbers analytics hands them."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go

from heymilo_app.components import charts
from heymilo_app.services.analytics import (
    CompletionRate,
    CriterionAverage,
    DayCount,
    FunnelStep,
    ScoreDistribution,
    StageTime,
)

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
