"""The conductors of the conversation stages: text messages, a spoken interview (by phone or
in the browser) and the assessment with an AI assistant.

Entering a stage held by text (a text-message stage, or a spoken one for a candidate granted
text instead of voice) announces it by email and texts its opening and first question; the
interview by text then runs in ``texting`` and ``text_turns``. A spoken stage held by phone
is announced by email; the spoken interview itself and the assessment are later work.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from heymilo_app.models import Application, Candidate, Job, Stage
from heymilo_app.services.pipeline import invitations, texting
from heymilo_app.services.pipeline.accommodations import by_text
from heymilo_app.services.pipeline.conductor import Conductor, Judged, judge_answers
from heymilo_app.services.stages.kinds import by_phone


def announce(session: Session, application: Application, stage: Stage, *, as_text: bool) -> None:
    """Tell the candidate a text or call is coming, and text the opening of a stage held by
    text.

    Args:
        session: Database session (the caller commits).
        application: The application.
        stage: The stage announced.
        as_text: The stage is held by text: a text stage, or a spoken one for a candidate
            granted text instead of voice.
    """
    candidate = session.get(Candidate, application.candidate_id)
    job = session.get(Job, application.job_id)
    context = invitations.invitation_context(session=session, job=job, kind="next_stage")
    invitations.invite(
        session=session,
        application=application,
        kind="next_stage",
        context=context,
        candidate=candidate,
        key=f"next_stage:{application.id}:{stage.id}",
        stage_name=stage.title or str(stage.type),
    )
    if as_text:
        texting.open_conversation(session, application, stage)


class ConversationConductor(Conductor):
    """A stage held as a conversation: nothing to do on the page; its answers (none yet) are
    judged as questions' answers, for a recruiter's rescore of a stage moved past."""

    def judged(self, session: Session, job: Job, stage: Stage, answers: dict[str, Any]) -> Judged:
        """The answers in words for the scorer, and the questions' dealbreakers.

        Args:
            session: Database session.
            job: The job.
            stage: The stage.
            answers: Its attempt's answers.

        Returns:
            The material and failures.
        """
        return judge_answers(session, job, stage, answers)


class SmsConductor(ConversationConductor):
    """Text messages: the opening and first question are texted when the stage is entered."""

    def enter(self, session: Session, application: Application, stage: Stage) -> None:
        """Announce the stage and text its opening.

        Args:
            session: Database session.
            application: The application.
            stage: The stage entered.
        """
        announce(session, application, stage, as_text=True)

    def text_granted(self, session: Session, application: Application, stage: Stage) -> None:
        """Nothing changes: the stage is held by text already.

        Args:
            session: Database session.
            application: The application in progress.
            stage: Its current stage.
        """


class VoiceConductor(ConversationConductor):
    """A spoken interview: by phone, in the browser, or by text for a candidate granted text
    instead of voice."""

    def enter(self, session: Session, application: Application, stage: Stage) -> None:
        """Announce a stage held by phone or by text (one in the browser waits on the page).

        Args:
            session: Database session.
            application: The application.
            stage: The stage entered.
        """
        texted = by_text(session, application)
        if texted or by_phone(stage):
            announce(session, application, stage, as_text=texted)

    def text_granted(self, session: Session, application: Application, stage: Stage) -> None:
        """Already in it: the texts start now (the request just granted holds it by text).

        Args:
            session: Database session.
            application: The application in progress.
            stage: Its current stage.
        """
        announce(session, application, stage, as_text=True)


class AssessmentConductor(ConversationConductor):
    """The assessment with an AI assistant: nothing is sent on entering it."""

    def text_granted(self, session: Session, application: Application, stage: Stage) -> None:
        """Nothing changes: the assessment is a chat in the browser, nothing is spoken.

        Args:
            session: Database session.
            application: The application in progress.
            stage: Its current stage.
        """

    def enter(self, session: Session, application: Application, stage: Stage) -> None:
        """Nothing to send.

        Args:
            session: Database session.
            application: The application.
            stage: The stage entered.
        """
