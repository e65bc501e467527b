"""The recruiter's preview of what candidates see, stage by stage, with the branding."""

from __future__ import annotations

import reflex as rx

from heymilo_app import routes
from heymilo_app.db import session_scope
from heymilo_app.services import branding, i18n, interviews
from heymilo_app.services.errors import NotFound
from heymilo_app.state.auth import AuthState
from heymilo_app.state.candidate_view import (
    TEXT_KEYS,
    BrandView,
    CandidateStage,
    StageSummary,
    brand_view,
    candidate_stage,
    stage_summaries,
)

SAMPLE_FIRST_NAME = "Alex"


class PreviewState(AuthState):
    """One stage (or the welcome page) as a candidate would see it; nothing is created."""

    # Whether the job or stage is not the organization's.
    not_found: bool = False
    # Whether loading finished.
    loaded: bool = False
    # The job's id and title.
    preview_job_id: int = 0
    job_title: str = ""
    # "0" for the welcome page, else the previewed stage's id.
    current: str = "0"
    # Choices of the stage picker: [{"value", "label"}].
    choices: list[dict[str, str]] = []
    # The organization's look, the stage previewed, the stages ahead, the texts.
    brand: BrandView = BrandView()
    stage: CandidateStage = CandidateStage()
    summaries: list[StageSummary] = []
    tx: dict[str, str] = {}

    @rx.var
    def builder_url(self) -> str:
        """Back to the builder."""
        return routes.builder(self.preview_job_id)

    @rx.event
    def load_preview(self):
        """Load the stage named by ``?stage=`` (the welcome page without it)."""
        self.loaded = self.not_found = False
        stage_id = self.router.url.query_parameters.get("stage", "")
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            try:
                view = interviews.preview(
                    session=session, user=user, job_id=self.job_id, stage_id=stage_id
                )
            except NotFound:
                self.not_found = True
                self.loaded = True
                return None
            self.brand = brand_view(
                view.organization, view.branding, branding.logo_url(view.branding)
            )
        language = self.brand.language
        self.preview_job_id = view.job.id
        self.job_title = view.job.title
        values = {
            "candidate_first_name": SAMPLE_FIRST_NAME,
            "job_title": view.job.title,
            "company_name": view.organization.name,
        }
        self.tx = {
            **i18n.texts(language, *TEXT_KEYS),
            "welcome_heading_text": i18n.t(
                language, "welcome_heading", first_name=SAMPLE_FIRST_NAME
            ),
            "hiring_for_text": i18n.t(
                language, "hiring_for", company=view.organization.name, job=view.job.title
            ),
        }
        self.summaries = stage_summaries(view.stages, language)
        self.choices = [{"value": "0", "label": "Welcome page"}] + [
            {"value": str(item.stage.id), "label": f"{index + 1}. {item.stage.title}"}
            for index, item in enumerate(view.stages)
        ]
        if view.selected is not None:
            self.current = str(view.selected.stage.id)
            self.stage = candidate_stage(view.selected, values, language)
            self.tx["assessment_time_text"] = i18n.t(
                language, "assessment_time", minutes=self.stage.time_limit
            )
        else:
            self.current = "0"
            self.stage = CandidateStage()
        self.loaded = True
        return None

    @rx.event
    def choose(self, value: str):
        """Preview another stage.

        Args:
            value: A stage id, or "0" for the welcome page.
        """
        return rx.redirect(
            routes.preview(self.preview_job_id, value)
            if value != "0"
            else f"/jobs/{self.preview_job_id}/preview"
        )
