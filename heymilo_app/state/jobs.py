"""The Jobs list and the form that creates a job."""

from __future__ import annotations

import reflex as rx

from heymilo_app import routes
from heymilo_app.services.common.errors import Invalid, PermissionDenied
from heymilo_app.services.jobs import jobs
from heymilo_app.state.auth import AuthState, acting

# How a job's interview stands, as the list shows it: label and badge color.
INTERVIEW_LABELS = {
    "live": ("Live", "green"),
    "live_draft": ("Live · draft changes", "green"),
    "draft": ("Draft: not published", "amber"),
    "": ("No interview yet", "gray"),
}


class JobsState(AuthState):
    """The organization's jobs with candidate counts."""

    # One dict per job: id, title, location, url, total, in_progress, completed.
    jobs: list[dict[str, str]] = []
    # Whether the jobs were loaded (to tell "none yet" from "loading").
    loaded: bool = False
    # Whether archived jobs are listed too.
    show_archived: bool = False
    # Whether the new-job dialog is open.
    dialog_open: bool = False
    # Message under the title field of the new-job form.
    title_error: str = ""
    # Message over the new-job form (e.g. not allowed).
    form_error: str = ""

    @rx.event
    @acting
    def load_jobs(self, session, user):
        """Load the jobs of the user's organization."""
        summaries = jobs.list_jobs(session=session, user=user, include_archived=self.show_archived)
        self.jobs = [
            {
                "id": str(summary.job.id),
                "title": summary.job.title,
                "location": summary.job.location or "No location set",
                "url": routes.job(summary.job.id),
                "total": str(summary.total),
                "invited": str(summary.counts.get("invited", 0)),
                "in_progress": str(summary.counts.get("in_progress", 0)),
                "in_review": str(summary.counts.get("in_review", 0)),
                "interview": INTERVIEW_LABELS[summary.interview][0],
                "interview_tone": INTERVIEW_LABELS[summary.interview][1],
                "completed": str(summary.counts.get("completed", 0)),
                "disqualified": str(summary.counts.get("disqualified", 0)),
                "archived": "yes" if summary.job.status == "archived" else "",
            }
            for summary in summaries
        ]
        self.loaded = True

    @rx.event
    def set_show_archived(self, value: bool):
        """List archived jobs too, or not.

        Args:
            value: Whether to show them.
        """
        self.show_archived = bool(value)
        return JobsState.load_jobs

    @rx.event
    def set_dialog_open(self, value: bool):
        """Open or close the new-job dialog.

        Args:
            value: Whether it is open.
        """
        self.dialog_open = value
        self.title_error = self.form_error = ""

    @rx.event
    @acting
    def create_job(self, session, user, form_data: dict):
        """Create a job from the dialog's form and open it.

        Args:
            form_data: title, location, description.
        """
        self.title_error = self.form_error = ""
        try:
            job = jobs.create_job(
                session=session,
                user=user,
                title=str(form_data.get("title", "")),
                location=str(form_data.get("location", "")),
                description=str(form_data.get("description", "")),
            )
        except Invalid as error:
            self.title_error = error.errors.get("title", "")
            return
        except PermissionDenied as error:
            self.form_error = str(error)
            return
        self.dialog_open = False
        return rx.redirect(routes.job(job.id))
