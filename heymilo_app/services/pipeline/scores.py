"""Scoring a stage: what its scorer reads from the answers, the call to the scorer (passed in,
or the one configured), and the Score row a result makes."""

from __future__ import annotations

from typing import Any

from heymilo_app.models import Application, Job, Question, Score, Stage, StageAttempt
from heymilo_app.services.pipeline.answers import answer_text
from heymilo_app.services.scoring import scoring
from heymilo_app.services.scoring.scoring import Scorer
from heymilo_app.services.stages import dealbreakers
from heymilo_app.services.stages.stage_config import SCORED_KINDS


def answers_material(
    job: Job, stage: Stage, questions: list[Question], answers: dict[str, Any]
) -> scoring.Material:
    """What a stage's scorer reads: the answers that are words (and the resume, if any).

    Args:
        job: The job.
        stage: The stage.
        questions: Its questions.
        answers: The answers by question id.

    Returns:
        The material.
    """
    return scoring.Material(
        stage_type=str(stage.type),
        job_title=job.title,
        job_requirements=job.requirements,
        answers=[
            (q.prompt, answer_text(answers.get(str(q.id))))
            for q in questions
            if q.scored and q.kind in SCORED_KINDS and answers.get(str(q.id)) not in (None, "", [])
        ],
        resume_text=str(answers.get("resume_text", "")),
    )


def score(
    rubric: list[dict], material: scoring.Material, *, scorer: Scorer | None = None
) -> scoring.ScoreResult | None:
    """Score a stage's material; None when the scorer failed (the score is pending).

    A stage with no words to score (a form of yes/no, numbers, dates and choices) gets an
    empty score: its dealbreakers decide, and it does not count in the overall score. The
    rubric is passed in, read before any commit, so scoring reads nothing from the database
    (on SQLite a read after a commit would take the write lock for as long as the model takes).

    Args:
        rubric: The stage's rubric.
        material: What the candidate gave.
        scorer: The scorer; the configured one (``scoring.get_scorer``) by default.

    Returns:
        The result, or None.
    """
    if not material.answers and not material.resume_text.strip():
        return scoring.ScoreResult(
            total=0.0,
            criteria=[],
            summary="Nothing to score: this stage's answers are facts its dealbreakers check.",
            scorer="rules",
            rubric_version=scoring.rubric_version(rubric),
        )
    return scoring.score_with_retries(
        scorer if scorer is not None else scoring.get_scorer(), rubric=rubric, material=material
    )


def score_row(
    application: Application,
    stage: Stage,
    attempt: StageAttempt,
    result: scoring.ScoreResult,
    failures: list[dealbreakers.Failure],
) -> Score:
    """The Score a result makes; a stage with nothing scored passes on its dealbreakers.

    Args:
        application: The application.
        stage: The stage scored.
        attempt: Its attempt.
        result: The scorer's result.
        failures: The dealbreakers it failed.

    Returns:
        The row (not added).
    """
    return Score(
        application_id=application.id,
        stage_id=stage.id,
        attempt_id=attempt.id,
        total=result.total,
        criteria=[
            {"name": c.name, "weight": c.weight, "score": c.score, "evidence": c.evidence}
            for c in result.criteria
        ],
        summary=result.summary,
        passed=not (stage.rubric and result.criteria) or result.total >= stage.pass_threshold,
        dealbreaker_passed=not failures,
        dealbreaker_failures=[f.as_dict() for f in failures],
        scorer=result.scorer,
        rubric_version=result.rubric_version,
    )
