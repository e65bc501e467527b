"""One job's page: its details, interview stages and candidates."""

from __future__ import annotations

import reflex as rx

from heymilo_app import routes
from heymilo_app.db import session_scope
from heymilo_app.services import applications, jobs
from heymilo_app.services.errors import NotFound
from heymilo_app.services.stages import stage_kind
from heymilo_app.state.auth import AuthState
from heymilo_app.state.formatting import application_row_dict


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
    # Id of the job shown.
    shown_job_id: int = 0

    @rx.var
    def builder_url(self) -> str:
        """The job's interview builder."""
        return routes.builder(self.shown_job_id)

    @rx.event
    def load_job(self):
        """Load the job of the URL, or show not-found for anything not the user's."""
        self.loaded = False
        self.not_found = False
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            try:
                job = jobs.get_job(session=session, user=user, job_id=self.job_id)
            except NotFound:
                self.not_found = True
                self.title = self.location = self.description = self.requirements = ""
                self.stages = []
                self.candidates = []
                self.loaded = True
                return
            interview = jobs.published_interview(session=session, job=job)
            stages = (
                jobs.interview_stages(session=session, interview=interview) if interview else []
            )
            rows = applications.list_applications(session=session, user=user, job_id=job.id)
        self.shown_job_id = job.id
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
                "duration": stage_kind(stage.type).duration,
            }
            for index, stage in enumerate(stages)
        ]
        self.candidates = [application_row_dict(row) for row in rows]
        self.loaded = True
