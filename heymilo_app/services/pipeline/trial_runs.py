"""A recruiter's trial run of a stage in the preview: a resume or form judged by the real
engine (the same checks, screening, dealbreakers and scorer), with nothing stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from heymilo_app.models import User
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.jobs import interview_preview
from heymilo_app.services.pipeline import scores
from heymilo_app.services.pipeline.conductors import conductor_for
from heymilo_app.services.pipeline.records import Refused
from heymilo_app.services.scoring import scoring
from heymilo_app.services.scoring.scoring import Scorer
from heymilo_app.services.stages import dealbreakers


@dataclass(frozen=True)
class Trial:
    """What a resume or form would come to, judged by the real engine, with nothing stored."""

    # "passed", "review", "disqualified" or "score_pending"; "" when the input was refused.
    verdict: str
    # Messages by question id ("resume" for the resume), when the input was refused.
    errors: dict[str, str] = field(default_factory=dict)
    failures: list[dealbreakers.Failure] = field(default_factory=list)
    score: scoring.ScoreResult | None = None
    pass_threshold: int = 0
    # The resume screen's findings: (kind, requirement, met, evidence).
    checks: list[tuple[str, str, bool | None, str]] = field(default_factory=list)


def trial(
    *,
    session: Session,
    user: User,
    job_id: int | str,
    stage_id: int | str,
    answers: dict[str, Any] | None = None,
    resume_text: str = "",
    scorer: Scorer | None = None,
) -> Trial:
    """Run a resume or form stage as a candidate would, for the recruiter trying it out.

    The same checks, screening, dealbreakers and scorer as a real submission; nothing is
    written (no application, attempt, score or event), so no report or chart counts it.

    Args:
        session: Database session (read only).
        user: The acting recruiter or hiring manager of the job's organization.
        job_id: The job.
        stage_id: A resume or form stage of one of its versions.
        answers: The form's answers by question id (text, or a list for multiple choice).
        resume_text: The resume's text.
        scorer: The scorer; the configured one by default.

    Returns:
        The trial's outcome.

    Raises:
        NotFound: When the job or stage is not the organization's.
        Invalid: When the stage is not a resume or a form.
    """

    view = interview_preview.preview(session=session, user=user, job_id=job_id, stage_id=stage_id)
    if view.selected is None:
        raise NotFound("No such stage.")
    stage, questions = view.selected.stage, view.selected.questions
    try:
        judged = conductor_for(stage).trial(
            job=view.job,
            stage=stage,
            questions=questions,
            answers=answers or {},
            resume_text=resume_text,
        )
    except Refused:
        raise  # a kind that cannot be tried
    except Invalid as error:
        return Trial("", dict(error.errors))
    failures = judged.failures
    result = scores.score(list(stage.rubric or []), judged.material, scorer=scorer)
    below = (
        result is not None
        and bool(stage.rubric and result.criteria)
        and result.total < stage.pass_threshold
    )
    if any(f.action == dealbreakers.DISQUALIFY for f in failures):
        verdict = "disqualified"
    elif failures or below:
        verdict = "review"
    elif result is None:
        verdict = "score_pending"
    else:
        verdict = "passed"
    return Trial(verdict, {}, failures, result, stage.pass_threshold, judged.checks)
