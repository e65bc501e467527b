"""The recruiter's preview of what candidates see, stage by stage, with the branding."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import reflex as rx

from heymilo_app import routes
from heymilo_app.db import session_scope
from heymilo_app.services.common import i18n
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.jobs import interview_preview
from heymilo_app.services.org import login_sessions, logos
from heymilo_app.services.pipeline import trial_runs
from heymilo_app.services.stages.kinds import STAGE_KINDS, stage_kind
from heymilo_app.state.auth import AuthState, acting
from heymilo_app.state.candidate_view import (
    TEXT_KEYS,
    BrandView,
    CandidateStage,
    StageSummary,
    brand_view,
    candidate_stage,
    stage_summaries,
)
from heymilo_app.state.formatting import error_text

SAMPLE_FIRST_NAME = "Alex"

VERDICTS = {
    "passed": "Would pass this stage and go on to the next.",
    "review": "Would stop for a person's review.",
    "disqualified": "Would be disqualified at this stage.",
    "score_pending": "The score could not be computed now; a real candidate would wait.",
}


@dataclasses.dataclass
class TrialView:
    """What trying a stage came to, as the preview shows it."""

    verdict: str = ""
    verdict_text: str = ""
    score: str = ""
    pass_mark: str = ""
    summary: str = ""
    # [{"requirement", "reason", "action"}]
    failures: list[dict[str, str]] = dataclasses.field(default_factory=list)
    # [{"name", "score", "evidence"}]
    criteria: list[dict[str, str]] = dataclasses.field(default_factory=list)
    # [{"requirement", "met", "evidence"}]
    checks: list[dict[str, str]] = dataclasses.field(default_factory=list)
    # What to fix first, when the input was refused: [{"field", "message"}].
    errors: list[dict[str, str]] = dataclasses.field(default_factory=list)
    problem: str = ""


def trial_view(trial: trial_runs.Trial, prompts: dict[str, str]) -> TrialView:
    """The preview's view of a trial.

    Args:
        trial: From ``trial_runs.trial``.
        prompts: The stage's questions by id (what each message is about).

    Returns:
        The view.
    """
    met = {True: "Met", False: "Not met", None: "Not stated"}
    score = trial.score
    return TrialView(
        verdict=trial.verdict,
        verdict_text=VERDICTS.get(trial.verdict, ""),
        score=f"{score.total:g}" if score and score.criteria else "",
        pass_mark=str(trial.pass_threshold),
        summary=score.summary if score else "",
        failures=[
            {
                "requirement": f.requirement,
                "reason": f.reason,
                "action": "Disqualifies" if f.action == "disqualify" else "Sends to review",
            }
            for f in trial.failures
        ],
        criteria=[
            {"name": c.name, "score": f"{c.score}/5", "evidence": c.evidence}
            for c in (score.criteria if score else [])
        ],
        checks=[
            {"requirement": requirement, "met": met[found], "evidence": evidence}
            for _kind, requirement, found, evidence in trial.checks
        ],
        errors=[
            {"field": prompts.get(key, "Resume"), "message": message}
            for key, message in trial.errors.items()
        ],
    )


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
    # What trying the stage came to, and whether it is being judged.
    trial: TrialView = TrialView()
    busy: bool = False

    @rx.var
    def builder_url(self) -> str:
        """Back to the builder."""
        return routes.builder(self.preview_job_id)

    @rx.event
    @acting
    def load_preview(self, session, user):
        """Load the stage named by ``?stage=`` (the welcome page without it)."""
        self.loaded = self.not_found = False
        self.trial, self.busy = TrialView(), False
        stage_id = self.router.url.query_parameters.get("stage", "")
        try:
            view = interview_preview.preview(
                session=session, user=user, job_id=self.job_id, stage_id=stage_id
            )
        except NotFound:
            self.not_found = True
            self.loaded = True
            return None
        self.brand = brand_view(view.organization, view.branding, logos.logo_url(view.branding))
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
    async def try_stage(self, form_data: dict):
        """Run the previewed resume or form as a candidate would; show what it came to.

        Judged by the real engine (checks, screening, dealbreakers, the scorer), in a worker
        thread; nothing is stored, so no report, list or chart counts it.

        Args:
            form_data: The form's fields: answers by question id (a multiple-choice option
                ticked as "{id}::{option}"), or ``resume_text``.
        """
        if self.busy or self.stage.type not in STAGE_KINDS:
            return
        if stage_kind(self.stage.type).conducted != "page":
            return
        answers: dict[str, Any] = {}
        for name, value in (form_data or {}).items():
            key, _, option = str(name).partition("::")
            if option:
                if value:
                    answers.setdefault(key, []).append(option)
            else:
                answers[key] = value
        self.busy = True
        yield
        session_token, job_id, stage_id = self.session_token, self.preview_job_id, self.stage.id
        resume_text = str(answers.pop("resume_text", "") or "")

        def run() -> trial_runs.Trial | None:
            with session_scope(write=False) as session:
                user = login_sessions.user_for_token(session=session, token=session_token)
                if user is None:
                    return None
                return trial_runs.trial(
                    session=session,
                    user=user,
                    job_id=job_id,
                    stage_id=stage_id,
                    answers=answers,
                    resume_text=resume_text,
                )

        try:
            outcome = await asyncio.to_thread(run)
        except (NotFound, Invalid) as error:
            self.trial = TrialView(problem=error_text(error))
            return
        finally:
            self.busy = False
        if outcome is None:
            yield self._to_login()
            return
        self.trial = trial_view(outcome, {str(q.id): q.prompt for q in self.stage.questions})

    @rx.event
    def clear_trial(self):
        """Try again from an empty result."""
        self.trial = TrialView()

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
