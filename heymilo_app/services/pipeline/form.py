"""The form stage's conductor: questions answered on the page, each kept as it is given,
checked by its dealbreakers and scored when the form is submitted."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from heymilo_app.models import Application, Job, Question, Stage, StageAttempt
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.jobs.jobs import questions_of
from heymilo_app.services.pipeline import transitions
from heymilo_app.services.pipeline.answers import validate_answer
from heymilo_app.services.pipeline.conductor import Conductor, Judged, judge_answers
from heymilo_app.services.pipeline.records import Finished
from heymilo_app.services.pipeline.scores import answers_material
from heymilo_app.services.scoring.scoring import Scorer
from heymilo_app.services.stages import dealbreakers


class FormConductor(Conductor):
    """A questionnaire on the page."""

    on_page = True

    def enter(self, session: Session, application: Application, stage: Stage) -> None:
        """Nothing to send: the page shows the questions.

        Args:
            session: Database session.
            application: The application.
            stage: The stage entered.
        """

    def text_granted(self, session: Session, application: Application, stage: Stage) -> None:
        """Nothing changes: a form is answered on the page, nothing is spoken.

        Args:
            session: Database session.
            application: The application in progress.
            stage: Its current stage.
        """

    def submit(
        self,
        session: Session,
        application: Application,
        stage: Stage,
        attempt: StageAttempt,
        *,
        scorer: Scorer | None = None,
    ) -> Finished:
        """Finish the form from the answers kept, when every required one is there and fits.

        Args:
            session: Database session.
            application: The application.
            stage: The form stage.
            attempt: Its open attempt.
            scorer: The scorer; the configured one by default.

        Returns:
            What finishing it did.

        Raises:
            Invalid: Question id to message, for required questions left empty or drafts
                that do not fit (nothing changes).
        """
        questions = questions_of(session, stage.id)
        answers = attempt.answers or {}
        errors = {}
        for question in questions:
            if f"draft:{question.id}" in answers:
                errors[str(question.id)] = "Fix this answer."
            elif question.required and answers.get(str(question.id)) in (None, "", []):
                errors[str(question.id)] = "Answer this question."
        if errors:
            raise Invalid(errors)
        material = answers_material(session.get(Job, application.job_id), stage, questions, answers)
        failures = dealbreakers.form_failures(stage, questions, answers)
        return transitions.finish(
            session, application, stage, attempt, material, failures, scorer=scorer
        )

    def judged(self, session: Session, job: Job, stage: Stage, answers: dict[str, Any]) -> Judged:
        """The answers in words for the scorer, and the questions' dealbreakers.

        Args:
            session: Database session.
            job: The job.
            stage: The form stage.
            answers: Its attempt's answers.

        Returns:
            The material and failures.
        """
        return judge_answers(session, job, stage, answers)

    def trial(
        self,
        *,
        job: Job,
        stage: Stage,
        questions: list[Question],
        answers: dict[str, Any],
        resume_text: str,
    ) -> Judged:
        """Check a recruiter's answers as a candidate's would be, and judge them.

        Args:
            job: The job.
            stage: The form stage.
            questions: Its questions.
            answers: The answers by question id (text, or a list for multiple choice).
            resume_text: Unused.

        Returns:
            The judged answers.

        Raises:
            Invalid: Every answer's message, by question id.
        """
        given: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for question in questions:
            key = str(question.id)
            try:
                value = validate_answer(question, answers.get(key))
            except Invalid as error:
                errors[key] = error.errors.get(key, str(error))
                continue
            if value is None:
                if question.required:
                    errors[key] = "Answer this question."
            else:
                given[key] = value
        if errors:
            raise Invalid(errors)
        return Judged(
            answers_material(job, stage, questions, given),
            dealbreakers.form_failures(stage, questions, given),
        )
