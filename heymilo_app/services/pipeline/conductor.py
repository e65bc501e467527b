"""The conductor: what differs, per stage kind, in an application's life at a stage.

The registry (``services/stages/kinds.py``) holds a kind's fixed facts (names, how it is
conducted, its config model, rubric and checks); a conductor carries out its part of the
application's life: what entering the stage does, whether the application already holds what
the stage needs, finishing it from what the candidate gave, what its scorer reads, how a
recruiter tries it out, and what granting "text instead of voice" changes. ``conductors.py``
maps each stage type to its conductor.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from sqlmodel import Session

from heymilo_app.models import Application, Job, Question, Stage, StageAttempt
from heymilo_app.services.jobs.jobs import questions_of
from heymilo_app.services.pipeline.records import Finished, Refused
from heymilo_app.services.pipeline.scores import answers_material
from heymilo_app.services.scoring import scoring
from heymilo_app.services.scoring.scoring import Scorer
from heymilo_app.services.stages import dealbreakers


@dataclass(frozen=True)
class Judged:
    """A stage's answers as the engine judges them: what the scorer reads and the
    dealbreakers failed."""

    material: scoring.Material
    failures: list[dealbreakers.Failure]
    # The resume screen's findings, for a trial: (kind, requirement, met, evidence).
    checks: list[tuple[str, str, bool | None, str]] = field(default_factory=list)


class Conductor(ABC):
    """How one kind of stage is carried out in an application's life."""

    # Whether the candidate does the stage on the page of their link now (the page shows its
    # questions); otherwise they wait for the text or call it holds.
    on_page: ClassVar[bool] = False

    @abstractmethod
    def enter(self, session: Session, application: Application, stage: Stage) -> None:
        """The stage became current (its attempt is open): tell the candidate what comes.

        Args:
            session: Database session (the caller commits).
            application: The application.
            stage: The stage entered.
        """

    @abstractmethod
    def judged(self, session: Session, job: Job, stage: Stage, answers: dict[str, Any]) -> Judged:
        """What a stage's scorer reads, and the dealbreakers failed, from its answers.

        Both are worked out again from what the candidate gave: the published stage never
        changes, and the rules and the resume screening are deterministic, so a later scoring
        (a rescore, or a score that was pending) sees what the engine saw when it finished.

        Args:
            session: Database session.
            job: The job.
            stage: The stage.
            answers: Its attempt's answers.

        Returns:
            The material and failures.
        """

    def ready(
        self, session: Session, application: Application, stage: Stage, attempt: StageAttempt
    ) -> bool:
        """Whether the application already holds what the stage needs, so it is finished
        without asking the candidate (a resume that came with it). None by default.

        Args:
            session: Database session.
            application: The application at this stage.
            stage: The current stage.
            attempt: Its attempt.

        Returns:
            True when ``submit`` may finish it now.
        """
        return False

    def submit(
        self,
        session: Session,
        application: Application,
        stage: Stage,
        attempt: StageAttempt,
        *,
        scorer: Scorer | None = None,
    ) -> Finished:
        """Finish the current stage from what its attempt (and application) hold now.

        Args:
            session: Database session.
            application: The application.
            stage: The current stage.
            attempt: Its open attempt.
            scorer: The scorer; the configured one by default.

        Returns:
            What finishing it did (the caller runs ``effects.after_transition``).

        Raises:
            Refused: For a stage not finished on the page.
        """
        raise Refused("This stage is not done on this page.")

    def trial(
        self,
        *,
        job: Job,
        stage: Stage,
        questions: list[Question],
        answers: dict[str, Any],
        resume_text: str,
    ) -> Judged:
        """Judge what a recruiter gave to try the stage out; nothing is stored.

        Args:
            job: The job.
            stage: The stage.
            questions: Its questions.
            answers: The form's answers by question id.
            resume_text: The resume's text.

        Returns:
            The judged input.

        Raises:
            Invalid: The input's messages, by question id ("resume" for the resume).
            Refused: When the kind cannot be tried out.
        """
        raise Refused("Only the resume and form stages can be tried here.")

    @abstractmethod
    def text_granted(self, session: Session, application: Application, stage: Stage) -> None:
        """A recruiter granted text instead of voice while the application is at this stage.

        Args:
            session: Database session (the caller commits).
            application: The application in progress.
            stage: Its current stage.
        """


def judge_answers(session: Session, job: Job, stage: Stage, answers: dict[str, Any]) -> Judged:
    """A stage of questions judged from its answers: the answers in words for the scorer, and
    the questions' dealbreakers.

    Args:
        session: Database session.
        job: The job.
        stage: The stage.
        answers: The answers by question id.

    Returns:
        The judged answers.
    """
    questions = questions_of(session, stage.id)
    return Judged(
        answers_material(job, stage, questions, answers),
        dealbreakers.form_failures(stage, questions, answers),
    )
