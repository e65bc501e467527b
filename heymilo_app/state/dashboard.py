"""The dashboard: filters, headline numbers, charts and adverse impact (the ranked candidates
are the ``RankedTable`` mixin's).

Every handler resolves the logged-in user again and asks ``services/analytics``; this state
only turns the answers into figures and display strings. Nothing here changes data, so hiring
managers and recruiters see the same page.
"""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import urlencode

import plotly.graph_objects as go
import reflex as rx

from heymilo_app import routes
from heymilo_app.services.analytics import charts, dashboard, impact, ranked_table, scope, scores
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.pipeline import rejections
from heymilo_app.state.auth import AuthState, acting
from heymilo_app.state.formatting import (
    REJECTED_LABEL,
    SOURCE_LABELS,
    STATUS_LABELS,
    error_text,
)
from heymilo_app.state.ranked_table import PER_PAGE, RankedTable, score_text

# The select's value for "no filter" (a select item cannot have an empty value).
ANY = "any"
# The status filter's choices: a person's rejection apart from a failed rule, as the lists.
FILTER_STATUSES: dict[str, str] = {}
for _status, _label in STATUS_LABELS.items():
    FILTER_STATUSES[_status] = _label
    if _status == "disqualified":
        FILTER_STATUSES[rejections.REJECTED] = REJECTED_LABEL
# Query parameter names of the filters kept in the URL.
QUERY_KEYS = ("job", "stage", "status", "source", "from", "to")


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _valid_day(value: str) -> str:
    try:
        return value if _day(value) else ""
    except ValueError:
        return ""


def _impact_row(row: impact.ImpactRow) -> dict[str, str]:
    return {
        "stage": row.stage_label,
        "group": row.group,
        "candidates": str(row.candidates),
        "selected": str(row.selected),
        "rate": f"{row.rate * 100:.0f}%",
        "ratio": f"{row.impact_ratio:.2f}",
        "flagged": "yes" if row.flagged else "",
        "question": row.question,
    }


class DashboardState(RankedTable, AuthState):
    """The dashboard of the user's organization, for the filters chosen."""

    # Filters, as the select and date inputs hold them ("" = any).
    job_id: str = ""
    stage_id: str = ""
    status: str = ""
    source: str = ""
    date_from: str = ""
    date_to: str = ""
    # Why the last filter change was refused.
    filter_error: str = ""
    # [{"value", "label"}] for the job and stage selects.
    job_options: list[dict[str, str]] = []
    stage_options: list[dict[str, str]] = []
    # Whether loading finished.
    loaded: bool = False
    # Whether the organization has any application at all (else the getting-started card).
    has_any: bool = False
    # Headline numbers.
    total_applications: int = 0
    completion_rate: str = "—"
    median_overall: str = "—"
    # The charts, and whether each has something to draw.
    funnel_fig: go.Figure = go.Figure()
    scores_fig: go.Figure = go.Figure()
    criteria_fig: go.Figure = go.Figure()
    times_fig: go.Figure = go.Figure()
    channel_fig: go.Figure = go.Figure()
    source_fig: go.Figure = go.Figure()
    time_fig: go.Figure = go.Figure()
    has_scores: bool = False
    has_criteria: bool = False
    has_times: bool = False
    has_rates: bool = False
    # Someone finished the whole interview (else the completion charts would be all zeros).
    has_completions: bool = False
    # Adverse impact: rows of the table, the self-ID question, cells hidden for privacy.
    impact: list[dict[str, str]] = []
    impact_question: str = ""
    impact_hidden: int = 0

    @rx.var
    def is_filtered(self) -> bool:
        """Whether any filter narrows the data."""
        return any((self.job_id, self.status, self.source, self.date_from, self.date_to))

    def _filters(self, *, search: bool = True) -> scope.Filters:
        """The filters chosen; the search box narrows the table and exports, not the charts."""
        return scope.Filters(
            job_id=int(self.job_id) if self.job_id else None,
            stage_id=int(self.stage_id) if self.job_id and self.stage_id else None,
            status=self.status,
            source=self.source,
            date_from=_day(self.date_from),
            date_to=_day(self.date_to),
            search=self.search.strip() if search else "",
        )

    def _read_query(self) -> None:
        query = self.router.url.query_parameters
        job, stage = query.get("job", ""), query.get("stage", "")
        self.job_id = job if job.isdigit() else ""
        self.stage_id = stage if stage.isdigit() and self.job_id else ""
        self.status = query.get("status", "") if query.get("status") in FILTER_STATUSES else ""
        self.source = query.get("source", "") if query.get("source") in SOURCE_LABELS else ""
        self.date_from = _valid_day(query.get("from", ""))
        self.date_to = _valid_day(query.get("to", ""))

    def _query_url(self) -> str:
        values = (self.job_id, self.stage_id, self.status, self.source)
        values += (self.date_from, self.date_to)
        query = {key: value for key, value in zip(QUERY_KEYS, values, strict=True) if value}
        return routes.DASHBOARD + (f"?{urlencode(query)}" if query else "")

    def _load_charts(self, data: dashboard.DashboardData) -> None:
        self.total_applications = data.applications
        finished = data.funnel[-1] if data.funnel and data.applications else None
        self.completion_rate = f"{finished.percent_of_invited:.0f}%" if finished else "—"
        self.funnel_fig = charts.funnel(data.funnel)
        self.has_scores = bool(data.scores)
        self.scores_fig = charts.score_distributions(data.scores)
        self.has_criteria = bool(data.criteria)
        self.criteria_fig = charts.criterion_averages(data.criteria)
        self.has_times = bool(data.stage_times)
        self.times_fig = charts.stage_times(data.stage_times)
        self.has_rates = bool(data.by_channel or data.by_source)
        self.has_completions = any(rate.completed for rate in data.by_source)
        self.channel_fig = charts.completion_rates(
            data.by_channel, "Finished, by invitation channel"
        )
        self.source_fig = charts.completion_rates(data.by_source, "Finished, by source")
        self.time_fig = charts.over_time(data.over_time)
        self.impact = [_impact_row(row) for row in data.impact]
        self.impact_question = data.impact_question
        self.impact_hidden = data.impact_hidden

    @acting(write=False)
    def _refresh(self, session, user, *, charts_too: bool = True):
        """Reload what the filters show, in a read-only session of its own."""
        return self._show(session, user, charts_too=charts_too)

    def _show(self, session, user, *, charts_too: bool = True):
        """Read what the filters show; filters the service refuses keep the data shown."""
        filters = self._filters()
        try:
            if charts_too:
                overall = self._filters(search=False)
                # A read-only session: the aggregates may run on connections of their own.
                data = dashboard.dashboard_data(
                    session=session, user=user, filters=overall, concurrent=True
                )
                median = scores.median_overall(session=session, user=user, filters=overall)
            rows, total = ranked_table.ranked(
                session=session,
                user=user,
                filters=filters,
                sort=self.sort,
                descending=self.descending,
                page=self.page,
                per_page=PER_PAGE,
            )
            rejected = rejections.rejected_ids(
                session=session, application_ids=[row.application_id for row in rows]
            )
        except (Invalid, NotFound) as error:
            self.filter_error = error_text(error)
            return None
        if charts_too:
            self._load_charts(data)
            self.median_overall = score_text(median)
        self._load_table(rows, total, rejected)
        self.filter_error = ""
        self.loaded = True
        return rx.call_script(
            f"window.history.replaceState(null, '', {json.dumps(self._query_url())})"
        )

    @rx.event
    @acting(write=False)
    def load_dashboard(self, session, user):
        """Load the dashboard for the filters in the URL."""
        self.loaded = False
        self._read_query()
        self.job_options = [
            {"value": o.value, "label": o.label}
            for o in scope.job_options(session=session, user=user)
        ]
        if self.job_id not in {o["value"] for o in self.job_options}:
            self.job_id = self.stage_id = ""
        self._load_stage_options(session, user)
        self.has_any = sum(dashboard.status_counts(session=session, user=user).values()) > 0
        self.search, self.page = "", 1
        return self._show(session, user)

    def _load_stage_options(self, session, user) -> None:
        options = (
            scope.stage_options(session=session, user=user, job_id=int(self.job_id))
            if self.job_id
            else []
        )
        self.stage_options = [{"value": o.value, "label": o.label} for o in options]
        if self.stage_id not in {o["value"] for o in self.stage_options}:
            self.stage_id = ""

    def _changed(self):
        self.page = 1
        return self._refresh()

    @rx.event
    @acting(write=False)
    def set_job(self, session, user, value: str):
        """Show one job (its stages become a filter too), or every job.

        Args:
            value: A job id, or "any".
        """
        self.job_id = "" if value == ANY else value
        self.stage_id = ""
        try:
            self._load_stage_options(session, user)
        except NotFound as error:
            self.job_id, self.filter_error = "", str(error)
            return None
        self.page = 1
        return self._show(session, user)

    @rx.event
    def set_stage(self, value: str):
        """Show only applications that reached a stage of the chosen job.

        Args:
            value: A stage id, or "any".
        """
        self.stage_id = "" if value == ANY else value
        return self._changed()

    @rx.event
    def set_status(self, value: str):
        """Show only applications with a status.

        Args:
            value: An application status, or "any".
        """
        self.status = value if value in FILTER_STATUSES else ""
        return self._changed()

    @rx.event
    def set_source(self, value: str):
        """Show only applications from a source.

        Args:
            value: An application source, or "any".
        """
        self.source = value if value in SOURCE_LABELS else ""
        return self._changed()

    @rx.event
    def set_date(self, which: str, value: str):
        """Limit the applications to those created from or until a day.

        Args:
            which: "from" or "to".
            value: The day as YYYY-MM-DD, or "" for no limit.
        """
        try:
            day = _day(value)
        except ValueError:
            self.filter_error = "Enter the date as YYYY-MM-DD, for example 2026-01-31."
            return None
        start = day if which == "from" else _day(self.date_from)
        end = day if which == "to" else _day(self.date_to)
        if start and end and start > end:
            self.filter_error = "The start date is after the end date."
            return None
        if which == "from":
            self.date_from = value
        else:
            self.date_to = value
        return self._changed()

    @rx.event
    def reset_filters(self):
        """Clear every filter (the table's search stays, as its box shows it)."""
        self.job_id = self.stage_id = self.status = self.source = ""
        self.date_from = self.date_to = ""
        self.stage_options = []
        return self._changed()
