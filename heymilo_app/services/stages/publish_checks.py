"""What a stage of each kind must satisfy before its interview is published.

Each check looks at one stage (its questions and its validated config) and names every
problem with the field it is at, so the builder shows it there. The registry of kinds
(``kinds.py``) lists each kind's checks; ``services/jobs/interview_checks.py`` runs them with
the checks every stage shares.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from heymilo_app.models import Question, Stage
from heymilo_app.services.messaging.templates import placeholder_problems

# A problem: the field it is at and what to do.
Found = list[tuple[str, str]]
# A check: (stage, its questions, its validated config) -> the problems found.
PublishCheck = Callable[[Stage, Sequence[Question], dict[str, Any]], Found]


def needs_questions(message: str) -> PublishCheck:
    """A check that the stage holds at least one question.

    Args:
        message: What to say when it holds none.

    Returns:
        The check.
    """

    def check(stage: Stage, questions: Sequence[Question], config: dict[str, Any]) -> Found:
        """Whether the stage has questions.

        Args:
            stage: The stage.
            questions: Its questions.
            config: Its config.

        Returns:
            The problem, or nothing.
        """
        return [] if questions else [("questions", message)]

    return check


def sms_opening(stage: Stage, questions: Sequence[Question], config: dict[str, Any]) -> Found:
    """A text-message stage opens with a message whose placeholders are all known.

    Args:
        stage: The stage.
        questions: Its questions.
        config: Its validated config.

    Returns:
        The problems found.
    """
    opening = str(config.get("opening", ""))
    if not opening.strip():
        return [("config.opening", "Write the opening message.")]
    if placeholder_errors := placeholder_problems(opening):
        return [("config.opening", " ".join(placeholder_errors))]
    return []


def assessment_task(stage: Stage, questions: Sequence[Question], config: dict[str, Any]) -> Found:
    """An assessment says what the task is and what the candidate hands in.

    Args:
        stage: The stage.
        questions: Its questions.
        config: Its validated config.

    Returns:
        The problems found.
    """
    found: Found = []
    if not str(config.get("brief", "")).strip():
        found.append(("config.brief", "Describe the task the candidate works on."))
    if not str(config.get("deliverable", "")).strip():
        found.append(("config.deliverable", "Say what the candidate hands in."))
    return found


def resume_dealbreakers(
    stage: Stage, questions: Sequence[Question], config: dict[str, Any]
) -> Found:
    """Every resume requirement ticked as a dealbreaker is filled in.

    Args:
        stage: The stage.
        questions: Its questions.
        config: Its validated config.

    Returns:
        The problems found.
    """
    return [
        (
            f"config.{requirement}",
            "This requirement is a dealbreaker but is empty; fill it in or untick it.",
        )
        for requirement in config.get("dealbreakers", [])
        if config.get(requirement) in (None, "", [])
    ]
