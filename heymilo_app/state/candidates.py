"""The candidate lists: every application, and the selection their bulk actions act on."""

from __future__ import annotations

import reflex as rx

from heymilo_app.services.analytics import dashboard, scope
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.pipeline import applications, decisions, rejections
from heymilo_app.services.review import bulk_actions
from heymilo_app.state.auth import AuthState, acting
from heymilo_app.state.formatting import (
    REJECTED_LABEL,
    application_rows,
    error_text,
    stage_chips,
    status_label,
)

EXPORT_FILENAME = "candidates.csv"
# The Candidates page's status filter and sorts, as (value, label).
STATUS_OPTIONS = [
    (value, REJECTED_LABEL if value == rejections.REJECTED else status_label(value))
    for value in applications.STATUS_FILTERS
]
SORT_OPTIONS = list(applications.SORTS.items())


class CandidateSelection(rx.State, mixin=True):
    """A candidate list's selected rows and the bulk actions on them.

    A list state mixes it in and says which ids are visible and how to reload the list.
    Every action goes through ``services/review/bulk_actions.py``, which checks the acting user.
    """

    # Ids (as text) of the selected rows, in the order they were picked.
    selected: list[str] = []
    # Whether the bulk reject dialog is open.
    reject_open: bool = False
    # The reason typed in the reject dialog (kept with each decision).
    reject_note: str = ""
    # Whether rejected candidates are emailed the not-advancing message.
    reject_notify: bool = True
    # The message at the reject dialog's reason field.
    reject_error: str = ""
    # How many of the selection the dialog will reject, and how many it will skip.
    reject_count: int = 0
    reject_skips: int = 0
    # What the last bulk action did, e.g. "Rejected 3; 1 skipped: already withdrawn".
    bulk_message: str = ""

    def _visible_rows(self) -> list[dict[str, str]]:
        """The rows the list shows (each list state says)."""
        raise NotImplementedError

    def _visible_ids(self) -> list[str]:
        return [row["id"] for row in self._visible_rows()]

    def _reload(self) -> rx.event.EventSpec | rx.event.EventHandler:
        """The event that reloads the list (each list state says)."""
        raise NotImplementedError

    def _keep_visible(self) -> None:
        """Drop selected ids the list no longer shows."""
        visible = set(self._visible_ids())
        self.selected = [i for i in self.selected if i in visible]

    @rx.event
    def toggle_selected(self, application_id: str, checked: bool):
        """Select or unselect one row.

        Args:
            application_id: The row's application.
            checked: Whether it is now selected.
        """
        application_id = str(application_id)
        if checked and application_id not in self.selected:
            if application_id in self._visible_ids():
                self.selected = [*self.selected, application_id]
        elif not checked:
            self.selected = [i for i in self.selected if i != application_id]

    @rx.event
    def select_all(self, checked: bool):
        """Select every visible row, or none.

        Args:
            checked: Whether all are now selected.
        """
        self.selected = list(self._visible_ids()) if checked else []

    @rx.event
    def clear_selection(self):
        """Unselect every row."""
        self.selected = []

    @rx.event
    def keep_visible_selection(self):
        """After the list reloaded: keep only the selected rows it still shows."""
        self._keep_visible()

    def _finish(self, result: bulk_actions.BulkResult) -> list:
        """Show an action's result and reload the list."""
        self.bulk_message = result.message()
        self.selected = []
        toast = rx.toast.success if not result.skipped else rx.toast.warning
        return [self._reload(), toast(self.bulk_message)]

    def _refused(self, error: Exception) -> rx.event.EventSpec:
        """A refused bulk action: its message stays by the list and shows as a toast."""
        self.bulk_message = error_text(error)
        return rx.toast.error(self.bulk_message)

    @rx.event
    @acting
    def shortlist_selected(self, session, user, on: bool):
        """Put the selected candidates on the shortlist, or take them off it.

        Args:
            on: True to shortlist.
        """
        result = bulk_actions.shortlist(
            session=session, user=user, application_ids=self.selected, on=on
        )
        return self._finish(result)

    @rx.event
    def set_reject_open(self, value: bool):
        """Open or close the reject dialog.

        Args:
            value: Whether it is open.
        """
        self.reject_open = value and bool(self.selected)
        self.reject_error = ""
        if value:
            self.reject_note = ""
            self.reject_notify = True
            chosen = set(self.selected)
            rejectable = {str(status) for status in decisions.REJECTABLE}
            statuses = [row["status"] for row in self._visible_rows() if row["id"] in chosen]
            self.reject_count = sum(1 for status in statuses if status in rejectable)
            self.reject_skips = len(self.selected) - self.reject_count

    @rx.event
    def set_reject_note(self, value: str):
        """Type the reason of the rejection.

        Args:
            value: The reason.
        """
        self.reject_note = value[:2000]
        self.reject_error = ""

    @rx.event
    def set_reject_notify(self, value: bool):
        """Choose whether the candidates are emailed.

        Args:
            value: Whether to send the not-advancing email.
        """
        self.reject_notify = bool(value)

    @rx.event
    @acting
    def reject_selected(self, session, user):
        """Reject the selected candidates with the dialog's reason."""
        try:
            result = bulk_actions.reject(
                session=session,
                user=user,
                application_ids=self.selected,
                note=self.reject_note,
                notify=self.reject_notify,
            )
        except Invalid as error:
            if "note" not in error.errors:
                raise
            self.reject_error = error.errors["note"]
            return None
        self.reject_open = False
        self.reject_note = ""
        return self._finish(result)

    @rx.event
    @acting
    def remind_selected(self, session, user):
        """Send a reminder to the selected candidates who still have the interview to do."""
        result = bulk_actions.send_reminder(
            session=session, user=user, application_ids=self.selected
        )
        return self._finish(result)

    @rx.event
    @acting
    def export_selected(self, session, user):
        """Download the selected candidates as a CSV file (hiring managers may too)."""
        data = bulk_actions.export_csv(session=session, user=user, application_ids=self.selected)
        count = len(self.selected)
        self.bulk_message = f"Exported {count} candidate{'s' if count != 1 else ''}."
        return rx.download(data=data, filename=EXPORT_FILENAME, mime_type="text/csv")


class CandidatesState(CandidateSelection, AuthState):
    """Every application of the organization: searched, filtered, sorted, a page at a time.

    The service does the searching, filtering, sorting and paging in the database; the
    state keeps what was asked and one page of rows.
    """

    # Rows of the candidate table (one page).
    rows: list[dict[str, str]] = []
    # Each row's stage chips by application id: [{"label", "state", "score", "text"}].
    stage_chips: dict[str, list[dict[str, str]]] = {}
    # Whether loading finished.
    loaded: bool = False
    # The search box: name, email or phone.
    search: str = ""
    # The filters: a job id, a status (or "rejected") and a stage ("" for any).
    job_filter: str = ""
    status_filter: str = ""
    stage_filter: str = ""
    # The sort (applications.SORTS).
    sort: str = "newest"
    # The page shown (from 1), and how many applications match.
    page: int = 1
    total: int = 0
    first_row: int = 0
    last_row: int = 0
    pages: int = 1
    # Whether the organization has any application at all (else the empty state).
    has_any: bool = False
    # The choices of the job and stage filters: [{"value", "label"}].
    job_options: list[dict[str, str]] = []
    stage_options: list[dict[str, str]] = []
    # Why the list could not be read with these filters.
    list_error: str = ""

    def _visible_rows(self) -> list[dict[str, str]]:
        return self.rows

    def _reload(self):
        return CandidatesState.refresh_list

    @rx.var
    def range_label(self) -> str:
        """Which rows are shown, such as "Showing 51–100 of 523"."""
        if not self.total:
            return "No candidates match"
        return f"Showing {self.first_row}–{self.last_row} of {self.total:,}"

    @rx.var
    def filtered(self) -> bool:
        """Whether a search or a filter narrows the list."""
        return bool(
            self.search.strip() or self.job_filter or self.status_filter or self.stage_filter
        )

    def _query(self) -> applications.ListQuery:
        return applications.ListQuery(
            search=self.search,
            job_id=int(self.job_filter) if self.job_filter.isdigit() else None,
            status=self.status_filter,
            stage=self.stage_filter,
            sort=self.sort,
            page=self.page,
        )

    def _to_login(self) -> rx.event.EventSpec:
        """Drop the rows shown, then redirect to the login page (a logged-out reader)."""
        self.rows, self.stage_chips, self.total = [], {}, 0
        return super()._to_login()

    @acting(write=False)
    def _read(self, session, user, *, options: bool = False):
        """Read the page the filters ask for (and the filters' choices)."""
        try:
            if options:
                self.job_options = [
                    {"value": option.value, "label": option.label}
                    for option in scope.job_options(session=session, user=user)
                ]
                counts = dashboard.status_counts(session=session, user=user)
                self.has_any = sum(counts.values()) > 0
            found = applications.candidate_page(session=session, user=user, query=self._query())
            self.stage_options = [
                {"value": value, "label": label}
                for value, label in applications.stage_filter_options(
                    session=session, user=user, job_id=self._query().job_id
                )
            ]
        except (Invalid, NotFound) as error:
            self.list_error = error_text(error)
            self.rows, self.stage_chips, self.total = [], {}, 0
            self.first_row = self.last_row = 0
            self.selected = []
            return None
        self.rows = application_rows(session, found.rows)
        self.stage_chips = stage_chips(session, found.rows)
        self.list_error = ""
        self.page, self.total, self.pages = found.page, found.total, found.pages
        self.first_row, self.last_row = found.first, found.last
        self._keep_visible()
        self.loaded = True
        return None

    @rx.event
    def load_candidates(self):
        """Load the first page of the organization's applications with the filters kept."""
        return self._read(options=True)

    @rx.event
    def refresh_list(self):
        """Read the current page again (after a bulk action)."""
        return self._read()

    def _from_start(self):
        self.page = 1
        self.selected = []
        return self._read()

    @rx.event
    def set_search(self, value: str):
        """Search by name, email or phone (the box waits for a pause in typing).

        Args:
            value: The text typed.
        """
        self.search = str(value)[:200]
        return self._from_start()

    @rx.event
    def set_job_filter(self, value: str):
        """Show one job's candidates, or every job's ("all").

        Args:
            value: A job id, or "all".
        """
        self.job_filter = "" if value == "all" else str(value)
        self.stage_filter = ""
        return self._from_start()

    @rx.event
    def set_status_filter(self, value: str):
        """Show the candidates of one status, or every status ("all").

        Args:
            value: A status of ``applications.STATUS_FILTERS``, or "all".
        """
        self.status_filter = "" if value == "all" else str(value)
        return self._from_start()

    @rx.event
    def set_stage_filter(self, value: str):
        """Show the candidates at one stage now, or at any ("all").

        Args:
            value: A stage filter value, or "all".
        """
        self.stage_filter = "" if value == "all" else str(value)
        return self._from_start()

    @rx.event
    def set_sort(self, value: str):
        """Sort the list.

        Args:
            value: One of ``applications.SORTS``.
        """
        if value in applications.SORTS:
            self.sort = value
        return self._from_start()

    @rx.event
    def clear_filters(self):
        """Show everyone again."""
        self.search, self.job_filter, self.status_filter, self.stage_filter = "", "", "", ""
        return self._from_start()

    @rx.event
    def next_page(self):
        """Show the next page."""
        if self.page < self.pages:
            self.page += 1
            self.selected = []
        return self._read()

    @rx.event
    def previous_page(self):
        """Show the previous page."""
        if self.page > 1:
            self.page -= 1
            self.selected = []
        return self._read()
