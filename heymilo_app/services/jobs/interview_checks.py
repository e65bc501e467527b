"""The checks a draft interview must pass before it is published.

Every problem names where it is (stage, question, field) so the builder shows it at that field.
What every stage and question must satisfy is here; what a stage of one kind must satisfy
besides is its kind's ``publish_checks`` (``services/stages/publish_checks.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from heymilo_app.models import Interview, Question, QuestionKind, Stage
from heymilo_app.services.common.errors import ServiceError
from heymilo_app.services.jobs.jobs import questions_of, stages_of
from heymilo_app.services.stages.kinds import stage_kind
from heymilo_app.services.stages.stage_config import (
    MAX_FOLLOWUPS,
    SELF_ID_DECLINE,
    validated_config,
)

CHOICE_KINDS = (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)


@dataclass(frozen=True)
class Problem:
    """One reason a draft cannot be published, and where it is."""

    field: str
    message: str
    stage_id: int | None = None
    question_id: int | None = None


class InterviewInvalid(ServiceError):
    """A publish was refused; ``problems`` lists every reason.

    Args:
        problems: What is wrong, and where.
    """

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) to fix before publishing")
        self.problems = problems


def dealbreaker_problem(question: Question) -> str | None:
    """Say what is wrong with a question's dealbreaker rule, if anything.

    Args:
        question: The question.

    Returns:
        The message, or None when there is no dealbreaker or it is complete.
    """
    rule = question.dealbreaker
    if rule is None:
        return None
    name = rule.get("rule", "")
    kind = QuestionKind(question.kind)
    if kind == QuestionKind.SELF_ID:
        return "A self-identification answer can never be a dealbreaker; remove the rule."
    if kind == QuestionKind.YES_NO:
        if name != "equals" or rule.get("value") not in ("yes", "no"):
            return "Choose which answer, yes or no, the candidate must give."
    elif kind == QuestionKind.NUMBER:
        if name not in ("min", "max"):
            return "Choose whether the number must be at least or at most a value."
        value = rule.get("value")
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "Enter the number the answer is compared with."
    elif kind in CHOICE_KINDS:
        values = rule.get("values") or []
        if name != "one_of" or not values:
            return "Choose the answers that pass."
        if not set(values) <= set(question.options):
            return "The passing answers must be among the choices."
    else:
        return "This kind of question cannot be a dealbreaker; remove the rule."
    return None


def _self_id_problems(stage: Stage, question: Question) -> list[tuple[str, str]]:
    """What a self-identification question must never be: anything but optional and unscored."""
    found = []
    if QuestionKind.SELF_ID not in stage_kind(stage.type).question_kinds:
        found.append(("kind", "Only a form stage can ask a self-identification question."))
    if question.required:
        found.append(
            ("required", "A self-identification question must stay optional; turn off Required.")
        )
    if question.scored:
        found.append(("scored", "A self-identification question is never scored; turn off Scored."))
    if not question.options or question.options[-1] != SELF_ID_DECLINE:
        found.append(("options", f"Keep “{SELF_ID_DECLINE}” as the last choice."))
    return found


def _question_problems(stage: Stage, question: Question) -> list[Problem]:
    problems: list[Problem] = []

    def add(field: str, message: str) -> None:
        problems.append(Problem(field, message, stage.id, question.id))

    self_id = question.kind == QuestionKind.SELF_ID
    if not question.prompt.strip():
        add("prompt", "Write the question.")
    if (question.kind in CHOICE_KINDS or self_id) and len(question.options) < 2:
        add("options", "Give at least two choices.")
    if self_id:
        for field, message in _self_id_problems(stage, question):
            add(field, message)
    elif question.scored and not question.weight > 0:
        add("weight", "A scored question needs a weight above 0.")
    if message := dealbreaker_problem(question):
        add("dealbreaker", message)
    if not stage_kind(stage.type).follow_ups and question.followups:
        add("followups", "This stage has no AI follow-ups.")
    if not 0 <= question.followups <= MAX_FOLLOWUPS:
        add("followups", "Choose 0 to 3 follow-ups.")
    return problems


def _stage_problems(stage: Stage, questions: list[Question]) -> list[Problem]:
    problems: list[Problem] = []
    kind = stage_kind(stage.type)

    def add(field: str, message: str) -> None:
        problems.append(Problem(field, message, stage.id))

    if not stage.title.strip():
        add("title", "Give the stage a title.")
    if not 0 <= stage.pass_threshold <= 100:
        add("pass_threshold", "The pass threshold is a score from 0 to 100.")
    if not stage.rubric:
        add("rubric", "Add at least one scoring criterion.")
    for index, criterion in enumerate(stage.rubric):
        if not str(criterion.get("name", "")).strip():
            add(f"rubric.{index}.name", "Name this criterion.")
        if not float(criterion.get("weight", 0) or 0) > 0:
            add(f"rubric.{index}.weight", "Weights must be above 0.")
    try:
        config = validated_config(stage.type, stage.config)
    except ValueError as error:
        add("config", str(error))
        config = stage.config
    for check in kind.publish_checks:
        for field, message in check(stage, questions, config):
            add(field, message)
    for question in questions:
        problems.extend(_question_problems(stage, question))
    self_ids = [q for q in questions if q.kind == QuestionKind.SELF_ID]
    for extra in self_ids[1:]:
        problems.append(
            Problem(
                "kind",
                "A stage takes one self-identification question; remove this one.",
                stage.id,
                extra.id,
            )
        )
    return problems


def problems_of(*, session: Session, interview: Interview) -> list[Problem]:
    """List everything that stops a draft from being published.

    Args:
        session: Database session.
        interview: The draft.

    Returns:
        Every problem; empty when the draft can be published.
    """
    stages = stages_of(session, interview.id)
    if not stages:
        return [Problem("stages", "Add at least one stage.")]
    problems: list[Problem] = []
    for stage in stages:
        problems.extend(_stage_problems(stage, questions_of(session, stage.id)))
    return problems
