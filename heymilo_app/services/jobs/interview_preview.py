"""The recruiter's preview of an interview: what a candidate would see, stage by stage.

It gathers the job, its organization's branding and the stages of the version a reader sees
(the draft, else the live one), or of the version a chosen stage belongs to, for the pages
that draw the candidate's welcome page and each stage. Nothing is created: no application, no
attempt, no draft.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from heymilo_app.models import Branding, Interview, Job, Organization, Stage, User
from heymilo_app.services.common.errors import NotFound
from heymilo_app.services.jobs.interviews import StageDraft
from heymilo_app.services.jobs.jobs import get_job
from heymilo_app.services.jobs.jobs import questions_of as _live_questions
from heymilo_app.services.jobs.jobs import stages_of as _live_stages
from heymilo_app.services.jobs.versions import interview_for_viewing
from heymilo_app.services.org.branding import get_branding


@dataclass
class InterviewPreview:
    """What a candidate of this interview would see, for the recruiter's preview."""

    job: Job
    organization: Organization
    branding: Branding
    stages: list[StageDraft]
    # The stage previewed; None previews the welcome page.
    selected: StageDraft | None


def preview(
    *, session: Session, user: User, job_id: int | str, stage_id: int | str | None
) -> InterviewPreview:
    """Gather the candidate's view of one stage (or the welcome page) of a job's interview.

    Nothing is created: no application, no attempt, no draft.

    Args:
        session: Database session.
        user: The acting user (either role).
        job_id: The job.
        stage_id: A stage of one of the job's versions; empty for the welcome page.

    Returns:
        The preview.

    Raises:
        NotFound: When the job or the stage is not the organization's.
    """
    job = get_job(session=session, user=user, job_id=job_id)
    selected_stage: Stage | None = None
    if stage_id not in (None, "", 0, "0"):
        try:
            selected_stage = session.get(Stage, int(stage_id))
        except (TypeError, ValueError):
            selected_stage = None
        interview = session.get(Interview, selected_stage.interview_id) if selected_stage else None
        if selected_stage is None or interview is None or interview.job_id != job.id:
            raise NotFound("No such stage.")
    else:
        interview = interview_for_viewing(session=session, user=user, job_id=job.id)
    organization = session.get(Organization, job.organization_id)
    branding = get_branding(session=session, organization_id=organization.id)
    stages = (
        [
            StageDraft(stage=stage, questions=_live_questions(session, stage.id))
            for stage in _live_stages(session, interview.id)
        ]
        if interview
        else []
    )
    selected = next(
        (item for item in stages if selected_stage and item.stage.id == selected_stage.id), None
    )
    return InterviewPreview(
        job=job, organization=organization, branding=branding, stages=stages, selected=selected
    )
