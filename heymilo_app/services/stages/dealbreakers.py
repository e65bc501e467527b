"""Dealbreakers: the recruiter's hard rules, checked against answers and resume facts.

A dealbreaker is decided by rules, never by a model's opinion: a form answer compared with the
rule the recruiter set (yes/no equals, a number at least or at most, one of the passing
choices), or a resume requirement the screening found clearly unmet. Missing information is
not a failure: an unanswered optional question, or a resume that says nothing about a
requirement, never disqualifies anyone. A voluntary self-identification answer is never
checked: a rule on such a question (which the builder refuses) is ignored.

Each rule says what a failure does: ``disqualify`` (at once, the default) or ``review`` (the
application waits for a recruiter's decision).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from heymilo_app.models import Question, QuestionKind, Stage
from heymilo_app.services.stages.configs import RESUME_DEALBREAKER_LABELS, ResumeConfig
from heymilo_app.services.stages.kinds import stage_kind

DISQUALIFY = "disqualify"
REVIEW = "review"


@dataclass(frozen=True)
class Failure:
    """One dealbreaker that failed."""

    requirement: str  # what a candidate may be told: the question or the requirement
    reason: str  # what was found
    action: str  # "disqualify" or "review"
    question_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The failure as stored on a Score.

        Returns:
            JSON-ready dict.
        """
        return {
            "requirement": self.requirement,
            "reason": self.reason,
            "action": self.action,
            "question_id": self.question_id,
        }


def action_of(rule: dict[str, Any] | None) -> str:
    """What a failed rule does.

    Args:
        rule: A question's dealbreaker rule.

    Returns:
        "disqualify" unless the rule says "review".
    """
    return REVIEW if (rule or {}).get("action") == REVIEW else DISQUALIFY


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(str(value).strip().replace(",", ""))
    except (TypeError, ValueError):
        return None


def question_failure(question: Question, answer: Any) -> Failure | None:
    """Check one answer against its question's dealbreaker.

    Args:
        question: The question (its ``dealbreaker`` rule may be None).
        answer: The stored answer ("yes"/"no", a number as text, a choice, a list of choices).

    Returns:
        The failure, or None when the rule passes, there is no rule, nothing was answered, or
        the question is a voluntary self-identification (never a dealbreaker).
    """
    rule = question.dealbreaker
    kind = QuestionKind(question.kind)
    if not rule or answer in (None, "", []) or kind == QuestionKind.SELF_ID:
        return None
    name = rule.get("rule")
    failed = False
    shown = str(answer)
    if kind == QuestionKind.YES_NO and name == "equals":
        failed = str(answer).strip().lower() != str(rule.get("value", "")).lower()
    elif kind == QuestionKind.NUMBER and name in ("min", "max"):
        number, limit = _number(answer), _number(rule.get("value"))
        if number is None or limit is None:
            return None
        failed = number < limit if name == "min" else number > limit
    elif kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE) and name == "one_of":
        passing = {str(v) for v in rule.get("values") or []}
        chosen = {str(v) for v in (answer if isinstance(answer, list) else [answer])}
        shown = ", ".join(sorted(chosen))
        failed = not (chosen & passing)
    if not failed:
        return None
    return Failure(
        requirement=question.prompt,
        reason=f"Answered “{shown[:200]}”.",
        action=action_of(rule),
        question_id=question.id,
    )


def form_failures(
    stage: Stage, questions: list[Question], answers: dict[str, Any]
) -> list[Failure]:
    """Every failed dealbreaker of a form stage.

    Args:
        stage: The stage (its dealbreakers may be switched off).
        questions: Its questions.
        answers: Answers by question id (as text keys).

    Returns:
        The failures, in question order.
    """
    if not stage.dealbreakers_enabled:
        return []
    found = []
    for question in questions:
        if question.kind == QuestionKind.SELF_ID:
            continue
        failure = question_failure(question, answers.get(str(question.id)))
        if failure is not None:
            found.append(failure)
    return found


def resume_failures(stage: Stage, screening) -> list[Failure]:
    """Every resume requirement marked as a dealbreaker that the screening found unmet.

    Args:
        stage: The resume stage (config: ``dealbreakers`` and ``dealbreaker_review``).
        screening: The ``resume_screening.Screening`` of the candidate's resume.

    Returns:
        The failures; unknowns are never failures.
    """
    # Only a stage configured with resume requirements has them to fail.
    if not stage.dealbreakers_enabled or stage_kind(stage.type).config_model is not ResumeConfig:
        return []
    config = stage.config or {}
    review = set(config.get("dealbreaker_review") or [])
    found = []
    for kind in config.get("dealbreakers") or []:
        for check in screening.failed(kind):
            label = RESUME_DEALBREAKER_LABELS.get(kind, kind)
            found.append(
                Failure(
                    requirement=f"{label}: {check.requirement}" if check.requirement else label,
                    reason=(check.evidence and f"The resume says “{check.evidence}”.")
                    or "Not found in the resume.",
                    action=REVIEW if kind in review else DISQUALIFY,
                )
            )
    return found
