"""The resume stage's conductor: the resume screened against the stage's requirements, then
scored; a resume that came with the application (ATS, job board) is screened as soon as the
stage is reached, without asking again."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session

from heymilo_app.models import Application, Job, Question, Stage, StageAttempt
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.pipeline import transitions
from heymilo_app.services.pipeline.conductor import Conductor, Judged
from heymilo_app.services.pipeline.records import Finished
from heymilo_app.services.scoring import resume_screening, resumes, scoring
from heymilo_app.services.scoring.scoring import Scorer
from heymilo_app.services.stages import dealbreakers

MIN_RESUME_CHARACTERS = 40
# Where a pasted resume waits, as typed, until it is sent (a reload shows it again).
RESUME_DRAFT = "draft:resume"


def checked_resume(text: str) -> str:
    """A resume's text, stripped, when it is one a stage takes.

    Args:
        text: What the candidate (or recruiter) gave.

    Returns:
        The text.

    Raises:
        Invalid: Under "resume" when it is too short or too long.
    """
    text = (text or "").strip()
    if len(text) < MIN_RESUME_CHARACTERS:
        raise Invalid({"resume": "Paste the whole resume, or upload the file."})
    if len(text) > resumes.MAX_CHARACTERS:
        raise Invalid({"resume": "This resume is too long; paste the main part of it."})
    return text


def resume_material(job: Job, stage: Stage, answers: dict[str, Any]) -> scoring.Material:
    """What a resume stage's scorer reads: the resume and the screening's findings.

    Args:
        job: The job.
        stage: The resume stage.
        answers: The attempt's answers (the resume and its screening, see ``screened``).

    Returns:
        The material.
    """
    screening = answers.get("screening") or {}
    facts = [
        f"{str(c.get('kind', '')).replace('_', ' ')} “{c.get('requirement', '')}”: "
        + {True: "met", False: "not met", None: "not stated"}[c.get("met")]
        + (f" (“{c['evidence']}”)" if c.get("evidence") else "")
        for c in screening.get("checks", [])
    ]
    if screening.get("years") is not None:
        facts.append(f"About {screening['years']:g} years of experience.")
    return scoring.Material(
        stage_type=str(stage.type),
        job_title=job.title,
        job_requirements=job.requirements,
        answers=[],
        resume_text=str(answers.get("resume_text", "")),
        facts=facts,
    )


def screened(text: str, screening: Any) -> dict[str, Any]:
    """A resume and its screening's findings, as an attempt's answers keep them.

    Args:
        text: The resume.
        screening: Its ``resume_screening.Screening``.

    Returns:
        The answers.
    """
    return {
        "resume_text": text,
        "screening": {
            "checks": [
                {
                    "kind": c.kind,
                    "requirement": c.requirement,
                    "met": c.met,
                    "evidence": c.evidence,
                }
                for c in screening.checks
            ],
            "years": screening.years,
            "years_evidence": screening.years_evidence,
        },
    }


class ResumeConductor(Conductor):
    """A resume, given on the page or brought by the application, screened and scored."""

    on_page = True

    def enter(self, session: Session, application: Application, stage: Stage) -> None:
        """Nothing to send: the page asks for the resume (or one already came).

        Args:
            session: Database session.
            application: The application.
            stage: The stage entered.
        """

    def text_granted(self, session: Session, application: Application, stage: Stage) -> None:
        """Nothing changes: a resume is given on the page, nothing is spoken.

        Args:
            session: Database session.
            application: The application in progress.
            stage: Its current stage.
        """

    def ready(
        self, session: Session, application: Application, stage: Stage, attempt: StageAttempt
    ) -> bool:
        """Whether a resume came with the application and the stage is not finished.

        One too short to be a resume (a stray line from an ATS) does not count: the candidate
        is asked for theirs, as if none had come.

        Args:
            session: Database session.
            application: The application.
            stage: The current stage.
            attempt: Its attempt.

        Returns:
            True when the resume can be screened now.
        """
        long_enough = len((application.resume_text or "").strip()) >= MIN_RESUME_CHARACTERS
        return long_enough and not attempt.finished_at

    def submit(
        self,
        session: Session,
        application: Application,
        stage: Stage,
        attempt: StageAttempt,
        *,
        scorer: Scorer | None = None,
    ) -> Finished:
        """Screen the application's resume (``application.resume_text``), then finish.

        Args:
            session: Database session.
            application: The application.
            stage: The resume stage.
            attempt: Its open attempt.
            scorer: The scorer; the configured one by default.

        Returns:
            What finishing it did.
        """
        text = application.resume_text
        job = session.get(Job, application.job_id)
        screening = resume_screening.screen(text, stage.config or {})
        # One new dict, assigned once: the change is seen whatever the session flushed before.
        attempt.answers = {
            **{k: v for k, v in (attempt.answers or {}).items() if k != RESUME_DRAFT},
            **screened(text, screening),
        }
        flag_modified(attempt, "answers")
        material = resume_material(job, stage, attempt.answers)
        failures = dealbreakers.resume_failures(stage, screening)
        return transitions.finish(
            session, application, stage, attempt, material, failures, scorer=scorer
        )

    def judged(self, session: Session, job: Job, stage: Stage, answers: dict[str, Any]) -> Judged:
        """The kept screening for the scorer; the dealbreakers from screening the resume again.

        Args:
            session: Database session.
            job: The job.
            stage: The resume stage.
            answers: Its attempt's answers.

        Returns:
            The material and failures.
        """
        screening = resume_screening.screen(str(answers.get("resume_text", "")), stage.config or {})
        return Judged(
            resume_material(job, stage, answers), dealbreakers.resume_failures(stage, screening)
        )

    def trial(
        self,
        *,
        job: Job,
        stage: Stage,
        questions: list[Question],
        answers: dict[str, Any],
        resume_text: str,
    ) -> Judged:
        """Screen a resume a recruiter pasted, as a candidate's would be.

        Args:
            job: The job.
            stage: The resume stage.
            questions: Its questions (none).
            answers: Unused.
            resume_text: The resume.

        Returns:
            The judged resume, with the screen's findings.

        Raises:
            Invalid: Under "resume" when it is too short or too long.
        """
        text = checked_resume(resume_text)
        screening = resume_screening.screen(text, stage.config or {})
        return Judged(
            resume_material(job, stage, screened(text, screening)),
            dealbreakers.resume_failures(stage, screening),
            [(c.kind, c.requirement, c.met, c.evidence) for c in screening.checks],
        )
