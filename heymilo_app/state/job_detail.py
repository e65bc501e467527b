"""One job's page: its details, interview stages and candidates.

Its other parts are substates in modules of their own: ``add_candidate``,
``candidate_messages``, ``review_queue``, ``score_alert`` and ``csv_import``.
"""

from __future__ import annotations

import reflex as rx

from heymilo_app import routes
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.jobs import jobs
from heymilo_app.services.jobs.interviews import StageDraft
from heymilo_app.services.pipeline import applications
from heymilo_app.services.stages.kinds import stage_kind
from heymilo_app.settings import get_settings
from heymilo_app.state.auth import AuthState, acting
from heymilo_app.state.candidate_view import stage_duration
from heymilo_app.state.candidates import CandidateSelection
from heymilo_app.state.formatting import application_rows, stage_chips


class JobDetailState(AuthState):
    """The job named in the URL, if it belongs to the user's organization."""

    # True when the job does not exist or belongs to another organization.
    not_found: bool = False
    # Whether loading finished.
    loaded: bool = False
    # The job's fields for display.
    title: str = ""
    location: str = ""
    description: str = ""
    requirements: str = ""
    # Interview stages: type, label, title, duration, questions.
    stages: list[dict[str, str]] = []
    # "Published (version N)" or "No published interview yet".
    interview_label: str = ""
    # Applications of this job.
    candidates: list[dict[str, str]] = []
    # Each candidate's stage chips by application id: [{"label", "state", "score", "text"}].
    stage_chips: dict[str, list[dict[str, str]]] = {}
    # Id of the job shown.
    shown_job_id: int = 0

    # Public slug of the job (its apply page).
    slug: str = ""

    @rx.var
    def apply_url(self) -> str:
        """The job's public apply page, as a candidate would open it (absolute)."""
        if not self.slug:
            return ""
        return get_settings().public_base_url.rstrip("/") + routes.apply(self.slug)

    @rx.event
    def copy_apply_link(self):
        """Put the apply page's address on the clipboard."""
        if not self.apply_url:
            return None
        return [rx.set_clipboard(self.apply_url), rx.toast.success("Apply link copied.")]

    @rx.var
    def builder_url(self) -> str:
        """The job's interview builder."""
        return routes.builder(self.shown_job_id)

    @rx.event
    @acting
    def load_job(self, session, user):
        """Load the job of the URL, or show not-found for anything not the user's.

        Then the list's selection keeps only rows still shown, and the score alert is read.
        """
        self.loaded = False
        self.not_found = False
        try:
            job = jobs.get_job(session=session, user=user, job_id=self.job_id)
        except NotFound:
            self.not_found = True
            self.title = self.location = self.description = self.requirements = ""
            self.stages = []
            self.candidates = []
            self.stage_chips = {}
            self.loaded = True
            return
        interview = jobs.published_interview(session=session, job=job)
        stages = jobs.interview_stages(session=session, interview=interview) if interview else []
        # How long each takes, as the candidate's welcome page says it.
        questions = jobs.questions_by_stage(session, stages)
        rows = applications.list_applications(session=session, user=user, job_id=job.id)
        self.candidates = application_rows(session, rows)
        self.stage_chips = stage_chips(session, rows)
        self.shown_job_id = job.id
        self.slug = job.slug
        self.title = job.title
        self.location = job.location
        self.description = job.description
        self.requirements = job.requirements
        self.interview_label = (
            f"Published interview, version {interview.version}"
            if interview
            else "No published interview yet"
        )
        self.stages = [
            {
                "position": str(index + 1),
                "label": stage_kind(stage.type).label,
                "title": stage.title or stage_kind(stage.type).label,
                "duration": stage_duration(StageDraft(stage, questions[stage.id]), "en"),
            }
            for index, stage in enumerate(stages)
        ]
        self.loaded = True
        # The score alert (a substate in a module of its own) loads with the page (on_load).
        return JobCandidatesState.keep_visible_selection


class JobEditState(JobDetailState):
    """The job's edit dialog and archiving."""

    # Whether the edit dialog is open.
    edit_open: bool = False
    # Messages at the dialog's fields.
    edit_errors: dict[str, str] = {}
    # Whether the job is archived.
    archived: bool = False
    # Whether invitations also go out by text message.
    sms_invitations: bool = False

    @rx.event
    @acting(redirect=False)
    def load_job_extras(self, session, user):
        """Read the archive and SMS flags of the job of the URL."""
        try:
            job = jobs.get_job(session=session, user=user, job_id=self.job_id)
        except NotFound:
            return None
        self.archived = job.status == "archived"
        self.sms_invitations = job.sms_invitations
        return None

    @rx.event
    def set_edit_open(self, value: bool):
        """Open or close the edit dialog.

        Args:
            value: Whether it is open.
        """
        self.edit_open = value
        self.edit_errors = {}

    @rx.event
    @acting
    def save_job(self, session, user, form_data: dict):
        """Save the job's details.

        Args:
            form_data: title, location, description, requirements, sms_invitations.
        """
        try:
            jobs.update_job(
                session=session,
                user=user,
                job_id=self.shown_job_id,
                title=form_data.get("title", ""),
                location=form_data.get("location", ""),
                description=form_data.get("description", ""),
                requirements=form_data.get("requirements", ""),
                sms_invitations=form_data.get("sms_invitations") in ("on", True, "true"),
            )
        except Invalid as error:
            self.edit_errors = error.errors
            return None
        self.edit_open = False
        return [JobDetailState.load_job, JobEditState.load_job_extras]

    @rx.event
    @acting
    def toggle_archived(self, session, user):
        """Archive the job, or reopen it."""
        job = jobs.set_archived(
            session=session, user=user, job_id=self.shown_job_id, archived=not self.archived
        )
        self.archived = job.status == "archived"
        return rx.toast.success(
            "Job archived: it is hidden from the list." if self.archived else "Job reopened."
        )


class JobCandidatesState(CandidateSelection, JobDetailState):
    """The job page's candidate selection and its bulk actions."""

    def _visible_rows(self) -> list[dict[str, str]]:
        return self.candidates

    def _reload(self):
        return JobDetailState.load_job
