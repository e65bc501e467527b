"""The interview builder's edits to a draft's questions: add, change, move and delete.

A stage holds the question kinds its kind allows (``stages.kinds``); a new question starts
with an example prompt for its kind. Every change is checked before anything is saved and
refused with a message per field. A self-identification question (forms only, one per stage)
is always optional, unscored and never a dealbreaker. A deleted question stays in the draft,
marked deleted, so undo (``interviews.undo_delete``) can bring it back until publishing.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from heymilo_app.models import Question, QuestionKind, Stage, User, utcnow
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.jobs.interviews import owned_question, owned_stage, place
from heymilo_app.services.jobs.jobs import questions_of as _live_questions
from heymilo_app.services.stages.kinds import stage_kind
from heymilo_app.services.stages.stage_config import (
    MAX_FOLLOWUPS,
    SELF_ID_OPTIONS,
    SELF_ID_PROMPT,
    checked_limits,
    self_id_options,
)

DEFAULT_PROMPTS: dict[QuestionKind, str] = {
    QuestionKind.YES_NO: "Are you legally authorized to work in this country?",
    QuestionKind.NUMBER: "How many years of relevant experience do you have?",
    QuestionKind.OPEN: "Tell us about a time you solved a difficult problem at work.",
}


def _self_id_elsewhere(session: Session, stage: Stage, question_id: int | None = None) -> bool:
    """Whether the stage already has a self-identification question (other than this one).

    Args:
        session: Database session.
        stage: The stage.
        question_id: The question being changed, which does not count.

    Returns:
        True when another live question of the stage is the self-identification one.
    """
    return any(
        question.kind == QuestionKind.SELF_ID and question.id != question_id
        for question in _live_questions(session, stage.id)
    )


def _refuse_kind(stage: Stage, kind: QuestionKind | None) -> None:
    """Refuse a question kind the stage's kind does not hold.

    Args:
        stage: The stage.
        kind: The question kind asked for (None: not a kind at all).

    Raises:
        Invalid: When the stage does not take that kind of question.
    """
    allowed = stage_kind(stage.type).question_kinds
    if kind == QuestionKind.SELF_ID and kind not in allowed:
        raise Invalid({"kind": "Only a form stage can ask a self-identification question."})
    if kind not in allowed:
        raise Invalid({"kind": "This stage does not take that kind of question."})


ONE_SELF_ID = "A stage takes one self-identification question, and this one already has it."


def add_question(
    *, session: Session, user: User, stage_id: int, kind: str = "", prompt: str = ""
) -> Question:
    """Add a question at the end of a stage.

    A self-identification question (forms only, one per stage) starts with a gender question
    and its usual choices, optional and unscored.

    Args:
        session: Database session.
        user: The acting recruiter.
        stage_id: The stage.
        kind: A question kind the stage allows; the stage's first kind by default.
        prompt: The question text; a sensible example by default.

    Returns:
        The new question.

    Raises:
        Invalid: When the stage holds no questions, does not allow the kind, or already has
            its self-identification question.
    """
    stage, _ = owned_stage(session, user, stage_id)
    kind_of_stage = stage_kind(stage.type)
    allowed = kind_of_stage.question_kinds
    if not allowed:
        raise Invalid({"kind": f"A {kind_of_stage.label} stage has no questions."})
    try:
        question_kind = QuestionKind(kind) if kind else allowed[0]
    except ValueError:
        question_kind = None
    _refuse_kind(stage, question_kind)
    self_id = question_kind == QuestionKind.SELF_ID
    if self_id and _self_id_elsewhere(session, stage):
        raise Invalid({"kind": ONE_SELF_ID})
    options = (
        ["Option 1", "Option 2"]
        if question_kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)
        else list(SELF_ID_OPTIONS)
        if self_id
        else []
    )
    default_prompt = SELF_ID_PROMPT if self_id else DEFAULT_PROMPTS.get(question_kind, "")
    question = Question(
        stage_id=stage.id,
        position=len(_live_questions(session, stage.id)),
        prompt=(prompt or default_prompt or "New question").strip(),
        kind=question_kind,
        options=options,
        required=not self_id,
        scored=not self_id,
        followups=1 if kind_of_stage.follow_ups else 0,
    )
    session.add(question)
    session.commit()
    return question


def _becoming_self_id(session: Session, question: Question, stage: Stage) -> dict[str, Any]:
    """What turning a question into the stage's self-identification question changes.

    Args:
        session: Database session.
        question: The question changing kind.
        stage: Its stage.

    Returns:
        The fields to set: optional, unscored, no rule, the usual choices (or its own).

    Raises:
        Invalid: When the stage already has its self-identification question.
    """
    if _self_id_elsewhere(session, stage, question.id):
        raise Invalid({"kind": ONE_SELF_ID})
    choice = question.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)
    placeholder = question.prompt in (*DEFAULT_PROMPTS.values(), "New question")
    return {
        "required": False,
        "scored": False,
        "dealbreaker": None,
        "options": self_id_options(list(question.options))
        if choice and len(question.options) > 1 and question.options != ["Option 1", "Option 2"]
        else list(SELF_ID_OPTIONS),
        **({"prompt": SELF_ID_PROMPT} if placeholder else {}),
    }


def _self_id_refusals(changes: dict[str, Any]) -> None:
    """Refuse what a self-identification question can never be: required, scored, a rule.

    Args:
        changes: The changes asked for.

    Raises:
        Invalid: When they make it required, scored or a dealbreaker.
    """
    if changes.get("required"):
        raise Invalid(
            {
                "required": "A self-identification question is always optional; it cannot be "
                "required."
            }
        )
    if changes.get("scored"):
        raise Invalid({"scored": "A self-identification question is never scored."})
    if changes.get("dealbreaker") is not None:
        raise Invalid({"dealbreaker": "A self-identification answer can never be a dealbreaker."})


QUESTION_FIELDS = (
    "prompt",
    "kind",
    "options",
    "required",
    "scored",
    "weight",
    "dealbreaker",
    "followups",
    "limits",
)


def update_question(*, session: Session, user: User, question_id: int, **changes: Any) -> Question:
    """Change a question; every change is checked before anything is saved.

    A dealbreaker may be saved without a complete rule (the builder turns it on first and the
    recruiter picks the rule next); publishing refuses it until the rule is complete.

    Args:
        session: Database session.
        user: The acting recruiter.
        question_id: The question.
        **changes: Any of prompt, kind, options, required, scored, weight, dealbreaker
            (a dict, or None to remove it), followups, limits (a number's smallest and largest
            answers, a date's earliest; None for the defaults).

    Returns:
        The question.

    Raises:
        Invalid: With a message per field; nothing is saved. A self-identification question
            is refused as required, scored or with a dealbreaker, and a second one in a stage.
    """
    question, stage = owned_question(session, user, question_id)
    unknown = set(changes) - set(QUESTION_FIELDS)
    if unknown:
        raise Invalid({name: "This setting does not exist." for name in sorted(unknown)})
    values: dict[str, Any] = {}
    final_kind = changes.get("kind", question.kind)
    if final_kind == QuestionKind.SELF_ID:
        _self_id_refusals(changes)
    if "prompt" in changes:
        prompt = str(changes["prompt"] or "").strip()
        if not prompt or len(prompt) > 1000:
            raise Invalid({"prompt": "Write the question (at most 1000 characters)."})
        values["prompt"] = prompt
    if "kind" in changes:
        try:
            kind = QuestionKind(changes["kind"])
        except ValueError:
            kind = None
        _refuse_kind(stage, kind)
        values["kind"] = kind
        if kind != question.kind:
            values["dealbreaker"] = None
            values["limits"] = None
            if kind == QuestionKind.SELF_ID:
                values.update(_becoming_self_id(session, question, stage))
    if "options" in changes:
        options = changes["options"]
        if not isinstance(options, list) or len(options) > 30:
            raise Invalid({"options": "Give at most 30 choices."})
        cleaned: list[str] = []
        for option in options:
            text = str(option).strip()[:200]
            if text and text not in cleaned:
                cleaned.append(text)
        values["options"] = (
            self_id_options(cleaned) if final_kind == QuestionKind.SELF_ID else cleaned
        )
    for flag in ("required", "scored"):
        if flag in changes:
            values[flag] = bool(changes[flag])
    if "weight" in changes:
        try:
            values["weight"] = float(changes["weight"])
        except (TypeError, ValueError):
            raise Invalid({"weight": "The weight must be a number."}) from None
    if "dealbreaker" in changes:
        rule = changes["dealbreaker"]
        if rule is not None and not isinstance(rule, dict):
            raise Invalid({"dealbreaker": "A dealbreaker is a rule or nothing."})
        values["dealbreaker"] = dict(rule) if rule is not None else None
    if "followups" in changes:
        try:
            followups = int(changes["followups"])
        except (TypeError, ValueError):
            raise Invalid({"followups": "Choose 0 to 3 follow-ups."}) from None
        if not stage_kind(stage.type).follow_ups and followups:
            raise Invalid({"followups": "This stage has no AI follow-ups."})
        if not 0 <= followups <= MAX_FOLLOWUPS:
            raise Invalid({"followups": "Choose 0 to 3 follow-ups."})
        values["followups"] = followups
    if "limits" in changes:
        values["limits"] = checked_limits(final_kind, changes["limits"])
    for name, value in values.items():
        setattr(question, name, value)
    session.commit()
    return question


def move_question(*, session: Session, user: User, question_id: int, to_index: int) -> None:
    """Move a question within its stage (out-of-range is clamped).

    Args:
        session: Database session.
        user: The acting recruiter.
        question_id: The question.
        to_index: Its new index.
    """
    question, stage = owned_question(session, user, question_id)
    place(_live_questions(session, stage.id), question, to_index)
    session.commit()


def delete_question(*, session: Session, user: User, question_id: int) -> None:
    """Delete a question from a draft (undo brings it back).

    Args:
        session: Database session.
        user: The acting recruiter.
        question_id: The question.
    """
    question, stage = owned_question(session, user, question_id)
    question.deleted_at = utcnow()
    place([q for q in _live_questions(session, stage.id) if q.id != question.id])
    session.commit()
