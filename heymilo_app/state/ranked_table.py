"""The dashboard's ranked candidates: search, sort, pages and downloads of the filtered rows.

A mixin of ``DashboardState``, which says which filters apply (``_filters``), who acts
(``_acting_user``) and how to reload (``_refresh``); the rows come from
``services/analytics/ranked_table.py`` and ``exports.py``.
"""

from __future__ import annotations

from datetime import datetime

import reflex as rx

from heymilo_app import routes
from heymilo_app.models import utcnow
from heymilo_app.services.analytics import exports, ranked_table
from heymilo_app.state.auth import acting
from heymilo_app.state.formatting import SOURCE_LABELS, status_label

PER_PAGE = 25
SORT_LABELS = {
    "overall": "Overall score",
    "name": "Name",
    "created_at": "Applied",
    "status": "Status",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def score_text(value: float | None) -> str:
    """A score out of 100 as the page shows it: whole points, or a dash for none."""
    return "—" if value is None else f"{value:.0f}"


def _applied(value: datetime) -> str:
    """A short date; the year only when it is not this year (keeps the table narrow)."""
    return value.strftime("%b %d" if value.year == utcnow().year else "%b %d, %Y")


class RankedTable(rx.State, mixin=True):
    """The ranked table of the dashboard and its downloads."""

    # Search text, sort, page and the rows shown.
    search: str = ""
    sort: str = "overall"
    descending: bool = True
    page: int = 1
    total_rows: int = 0
    rows: list[dict[str, str]] = []
    # [{"key", "label"}] of the stage score columns of the rows shown.
    stage_columns: list[dict[str, str]] = []

    @rx.var
    def range_label(self) -> str:
        """Which rows are shown, such as "1-25 of 312"."""
        if not self.total_rows:
            return "0 of 0"
        first = (self.page - 1) * PER_PAGE + 1
        return f"{first}-{min(self.page * PER_PAGE, self.total_rows)} of {self.total_rows}"

    @rx.var
    def has_next(self) -> bool:
        """Whether a next page exists."""
        return self.page * PER_PAGE < self.total_rows

    def _load_table(
        self, rows: list[ranked_table.RankedRow], total: int, rejected: set[int] = frozenset()
    ) -> None:
        self.total_rows = total
        labels = list(dict.fromkeys(label for row in rows for label in row.stage_scores))
        keys = {label: f"score_{index}" for index, label in enumerate(labels)}
        self.stage_columns = [{"key": keys[label], "label": label} for label in labels]
        self.rows = [
            {
                "id": str(row.application_id),
                "url": routes.candidate_report(row.application_id),
                "name": row.name,
                "email": row.email,
                "job": row.job_title,
                "status": row.status,
                "status_label": status_label(row.status, row.application_id in rejected),
                "source": SOURCE_LABELS.get(row.source, row.source),
                "overall": score_text(row.overall),
                "applied": _applied(row.created_at),
                **{keys[label]: score_text(value) for label, value in row.stage_scores.items()},
            }
            for row in rows
        ]

    @rx.event
    def search_candidates(self, form_data: dict):
        """Search the ranked table (and so the downloads) by candidate name or email.

        Args:
            form_data: {"search": text}.
        """
        self.search = str(form_data.get("search", ""))[:200]
        self.page = 1
        return self._refresh(charts_too=False)

    @rx.event
    def sort_by(self, column: str):
        """Sort the table by a column; the same column again flips the order.

        Args:
            column: One of ranked_table.SORTS.
        """
        if column not in SORT_LABELS:
            return None
        if column == self.sort:
            self.descending = not self.descending
        else:
            self.sort, self.descending = column, column in ("overall", "created_at")
        self.page = 1
        return self._refresh(charts_too=False)

    @rx.event
    def turn_page(self, step: int):
        """Show the previous or next page of the table.

        Args:
            step: -1 or 1.
        """
        last = max(1, -(-self.total_rows // PER_PAGE))
        self.page = min(max(1, self.page + (1 if step > 0 else -1)), last)
        return self._refresh(charts_too=False)

    @acting
    def _export(self, session, user, excel: bool):
        frame = exports.export_frame(session=session, user=user, filters=self._filters())
        name = f"candidates-{utcnow().date().isoformat()}"
        if excel:
            return rx.download(
                data=exports.to_excel(frame), filename=f"{name}.xlsx", mime_type=XLSX
            )
        return rx.download(data=exports.to_csv(frame), filename=f"{name}.csv", mime_type="text/csv")

    @rx.event
    def download_csv(self):
        """Download the filtered rows, every stage score included, as CSV."""
        return self._export(excel=False)

    @rx.event
    def download_excel(self):
        """Download the filtered rows, every stage score included, as an Excel workbook."""
        return self._export(excel=True)
