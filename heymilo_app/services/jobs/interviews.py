"""The interview builder: drafts, stages, questions, publishing, versions and clones.

A job's interview is edited as a DRAFT version. Publishing checks the whole draft first and
either refuses it with every problem at its field (changing nothing) or makes it the live
version; the version it replaces is RETIRED, so applications already answering it keep their
questions. Opening the builder on a published interview starts a new draft copied from it.
Every change is saved at once (the builder autosaves); a deleted stage or question can be
brought back with undo until the draft is published.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from heymilo_app.models import (
    Branding,
    Interview,
    InterviewStatus,
    Job,
    Organization,
    Question,
    QuestionKind,
    Stage,
    StageType,
    User,
    utcnow,
)
from heymilo_app.services.common.access import require_recruiter
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.jobs.interview_checks import InterviewInvalid, problems_of
from heymilo_app.services.jobs.jobs import get_job
from heymilo_app.services.jobs.jobs import questions_of as _live_questions
from heymilo_app.services.jobs.jobs import stages_of as _live_stages
from heymilo_app.services.org.branding import get_branding
from heymilo_app.services.stages.kinds import DEFAULT_ORDER, stage_kind
from heymilo_app.services.stages.stage_config import (
    MAX_FOLLOWUPS,
    SELF_ID_OPTIONS,
    SELF_ID_PROMPT,
    checked_limits,
    default_config,
    self_id_options,
    validated_config,
)

logger = logging.getLogger(__name__)


@dataclass
class StageDraft:
    """A stage with its live questions, as the builder shows it."""

    stage: Stage
    questions: list[Question] = field(default_factory=list)

    @property
    def dealbreaker_count(self) -> int:
        """How many dealbreaker rules the stage holds, applied or not."""
        if self.stage.type == StageType.RESUME:
            return len(self.stage.config.get("dealbreakers") or [])
        return sum(1 for question in self.questions if question.dealbreaker is not None)

    @property
    def has_dealbreakers(self) -> bool:
        """Whether this stage can disqualify (enabled and at least one rule set)."""
        if not self.stage.dealbreakers_enabled:
            return False
        if self.stage.type == StageType.RESUME:
            return bool(self.stage.config.get("dealbreakers"))
        return any(question.dealbreaker is not None for question in self.questions)


@dataclass
class InterviewDraft:
    """Everything the builder needs about one job's interview."""

    job: Job
    interview: Interview
    stages: list[StageDraft]
    # Version number of the live interview, or None when nothing is published.
    published_version: int | None
    # Whether something was deleted that undo can bring back.
    can_undo: bool


# ---------------------------------------------------------------- loading and ownership


def _latest(session: Session, job: Job, status: InterviewStatus) -> Interview | None:
    return session.exec(
        select(Interview)
        .where(Interview.job_id == job.id, Interview.status == status)
        .order_by(Interview.version.desc())
    ).first()


def _next_version(session: Session, job: Job) -> int:
    latest = session.exec(
        select(Interview.version)
        .where(Interview.job_id == job.id)
        .order_by(Interview.version.desc())
    ).first()
    return (latest or 0) + 1


def _copy_stages(session: Session, source: Interview, target: Interview) -> None:
    for stage in _live_stages(session, source.id):
        copy = Stage(
            interview_id=target.id,
            type=stage.type,
            position=stage.position,
            title=stage.title,
            config=dict(stage.config),
            rubric=[dict(criterion) for criterion in stage.rubric],
            pass_threshold=stage.pass_threshold,
            dealbreakers_enabled=stage.dealbreakers_enabled,
            intro_text=stage.intro_text,
        )
        session.add(copy)
        session.flush()
        for question in _live_questions(session, stage.id):
            session.add(
                Question(
                    stage_id=copy.id,
                    position=question.position,
                    prompt=question.prompt,
                    kind=question.kind,
                    options=list(question.options),
                    required=question.required,
                    scored=question.scored,
                    weight=question.weight,
                    dealbreaker=dict(question.dealbreaker) if question.dealbreaker else None,
                    followups=question.followups,
                    limits=dict(question.limits) if question.limits else None,
                )
            )


def _new_stage(interview: Interview, stage_type: StageType, position: int) -> Stage:
    kind = stage_kind(stage_type)
    return Stage(
        interview_id=interview.id,
        type=stage_type,
        position=position,
        title=kind.label,
        config=default_config(stage_type),
        rubric=kind.default_rubric(),
        pass_threshold=kind.pass_mark,
        dealbreakers_enabled=True,
        intro_text=kind.intro,
    )


def get_or_create_draft(*, session: Session, user: User, job_id: int | str) -> Interview:
    """Return the job's draft interview, creating it when there is none.

    A job with a published interview gets a draft copied from it (the next version); a job
    without any gets a draft proposing the usual five stages in order.

    Args:
        session: Database session.
        user: The acting recruiter.
        job_id: The job's id.

    Returns:
        The draft.

    Raises:
        NotFound: When the job is not the user's organization's.
        PermissionDenied: For hiring managers.
    """
    job = get_job(session=session, user=user, job_id=job_id)
    require_recruiter(user)
    draft = _latest(session, job, InterviewStatus.DRAFT)
    if draft is not None:
        return draft
    draft = Interview(job_id=job.id, version=_next_version(session, job))
    session.add(draft)
    session.flush()
    published = _latest(session, job, InterviewStatus.PUBLISHED)
    if published is not None:
        _copy_stages(session, published, draft)
    else:
        for position, stage_type in enumerate(DEFAULT_ORDER):
            session.add(_new_stage(draft, stage_type, position))
    session.commit()
    return draft


def interview_to_open(*, session: Session, user: User, job_id: int | str) -> Interview:
    """What the builder opens for a recruiter: the draft, else the live version, else a first
    draft (a new job starts from the default stages).

    Opening a published interview creates nothing: the recruiter starts a new version when
    they choose to ("Edit as a new version").

    Args:
        session: Database session.
        user: The acting recruiter.
        job_id: The job's id.

    Returns:
        The interview to show.

    Raises:
        NotFound: When the job is not the user's organization's.
        PermissionDenied: For hiring managers.
    """
    job = get_job(session=session, user=user, job_id=job_id)
    require_recruiter(user)
    found = _latest(session, job, InterviewStatus.DRAFT) or _latest(
        session, job, InterviewStatus.PUBLISHED
    )
    return found or get_or_create_draft(session=session, user=user, job_id=job.id)


def interview_for_viewing(*, session: Session, user: User, job_id: int | str) -> Interview | None:
    """The version a reader sees: the draft when there is one, else the live version.

    Hiring managers use this (they never create drafts).

    Args:
        session: Database session.
        user: The acting user.
        job_id: The job's id.

    Returns:
        The interview, or None when the job has none.

    Raises:
        NotFound: When the job is not the user's organization's.
    """
    job = get_job(session=session, user=user, job_id=job_id)
    return _latest(session, job, InterviewStatus.DRAFT) or _latest(
        session, job, InterviewStatus.PUBLISHED
    )


def describe(*, session: Session, user: User, interview: Interview) -> InterviewDraft:
    """Gather a version's stages and questions for the builder.

    Args:
        session: Database session.
        user: The acting user.
        interview: A version of one of the organization's jobs.

    Returns:
        The builder's view.
    """
    job = get_job(session=session, user=user, job_id=interview.job_id)
    published = _latest(session, job, InterviewStatus.PUBLISHED)
    stages = [
        StageDraft(stage=stage, questions=_live_questions(session, stage.id))
        for stage in _live_stages(session, interview.id)
    ]
    return InterviewDraft(
        job=job,
        interview=interview,
        stages=stages,
        published_version=published.version if published else None,
        can_undo=_last_deleted(session, interview) is not None,
    )


def _owned_draft(session: Session, user: User, interview_id: int) -> Interview:
    require_recruiter(user)
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise NotFound("No such interview.")
    get_job(session=session, user=user, job_id=interview.job_id)
    if interview.status != InterviewStatus.DRAFT:
        raise Invalid({"interview": "Only a draft can be edited; open the builder again."})
    return interview


def _owned_stage(session: Session, user: User, stage_id: int) -> tuple[Stage, Interview]:
    stage = session.get(Stage, stage_id)
    if stage is None or stage.deleted_at is not None:
        raise NotFound("No such stage.")
    return stage, _owned_draft(session, user, stage.interview_id)


def _owned_question(session: Session, user: User, question_id: int) -> tuple[Question, Stage]:
    question = session.get(Question, question_id)
    if question is None or question.deleted_at is not None:
        raise NotFound("No such question.")
    stage, _ = _owned_stage(session, user, question.stage_id)
    return question, stage


def _place(siblings: list, item: Stage | Question | None = None, index: int = 0) -> None:
    """Number siblings 0..n-1 in order, with ``item`` put at ``index`` (clamped) when given.

    Args:
        siblings: Live stages of an interview, or live questions of a stage.
        item: The one to move in (it may already be among the siblings).
        index: Where it goes.
    """
    ordered = [entry for entry in siblings if item is None or entry.id != item.id]
    if item is not None:
        ordered.insert(max(0, min(int(index), len(ordered))), item)
    for position, entry in enumerate(ordered):
        entry.position = position


# ---------------------------------------------------------------- stages


def add_stage(*, session: Session, user: User, interview_id: int, stage_type: str) -> Stage:
    """Add a stage of a type at the end of a draft.

    Args:
        session: Database session.
        user: The acting recruiter.
        interview_id: The draft's id.
        stage_type: One of the five stage types.

    Returns:
        The new stage.

    Raises:
        Invalid: For an unknown type.
    """
    interview = _owned_draft(session, user, interview_id)
    try:
        kind = StageType(stage_type)
    except ValueError:
        raise Invalid({"type": f"Unknown stage type {stage_type!r}."}) from None
    stage = _new_stage(interview, kind, len(_live_stages(session, interview.id)))
    session.add(stage)
    session.commit()
    return stage


def move_stage(*, session: Session, user: User, stage_id: int, to_index: int) -> None:
    """Move a stage to a new place in the order (0 is first; out-of-range is clamped).

    Args:
        session: Database session.
        user: The acting recruiter.
        stage_id: The stage to move.
        to_index: Its new index.
    """
    stage, interview = _owned_stage(session, user, stage_id)
    _place(_live_stages(session, interview.id), stage, to_index)
    session.commit()


def delete_stage(*, session: Session, user: User, stage_id: int) -> None:
    """Delete a stage from a draft (undo brings it back).

    Args:
        session: Database session.
        user: The acting recruiter.
        stage_id: The stage.
    """
    stage, interview = _owned_stage(session, user, stage_id)
    stage.deleted_at = utcnow()
    _place([s for s in _live_stages(session, interview.id) if s.id != stage.id])
    session.commit()


STAGE_FIELDS = ("title", "intro_text", "pass_threshold", "dealbreakers_enabled", "config", "rubric")


def _validated_rubric(rubric: Any) -> list[dict[str, Any]]:
    if not isinstance(rubric, list) or len(rubric) > 20:
        raise Invalid({"rubric": "A rubric is a list of at most 20 criteria."})
    cleaned = []
    for index, criterion in enumerate(rubric):
        if not isinstance(criterion, dict):
            raise Invalid({f"rubric.{index}": "Each criterion needs a name and a weight."})
        try:
            weight = float(criterion.get("weight", 1.0))
        except (TypeError, ValueError):
            raise Invalid({f"rubric.{index}.weight": "The weight must be a number."}) from None
        cleaned.append(
            {
                "name": str(criterion.get("name", "")).strip()[:120],
                "weight": weight,
                "low": str(criterion.get("low", "")).strip()[:500],
                "high": str(criterion.get("high", "")).strip()[:500],
            }
        )
    return cleaned


def update_stage(*, session: Session, user: User, stage_id: int, **changes: Any) -> Stage:
    """Change a stage's settings; every change is checked before anything is saved.

    Args:
        session: Database session.
        user: The acting recruiter.
        stage_id: The stage.
        **changes: Any of title, intro_text, pass_threshold, dealbreakers_enabled, config
            (merged into the current config), rubric (replaces it).

    Returns:
        The stage.

    Raises:
        Invalid: With a message per field; nothing is saved.
    """
    stage, _ = _owned_stage(session, user, stage_id)
    unknown = set(changes) - set(STAGE_FIELDS)
    if unknown:
        raise Invalid({name: "This setting does not exist." for name in sorted(unknown)})
    values: dict[str, Any] = {}
    if "title" in changes:
        title = str(changes["title"] or "").strip()
        if not title or len(title) > 120:
            raise Invalid({"title": "Give the stage a title of at most 120 characters."})
        values["title"] = title
    if "intro_text" in changes:
        values["intro_text"] = str(changes["intro_text"] or "").strip()[:2000]
    if "pass_threshold" in changes:
        try:
            threshold = int(changes["pass_threshold"])
        except (TypeError, ValueError):
            raise Invalid({"pass_threshold": "Enter a whole number from 0 to 100."}) from None
        if not 0 <= threshold <= 100:
            raise Invalid({"pass_threshold": "Enter a whole number from 0 to 100."})
        values["pass_threshold"] = threshold
    if "dealbreakers_enabled" in changes:
        values["dealbreakers_enabled"] = bool(changes["dealbreakers_enabled"])
    if "config" in changes:
        try:
            values["config"] = validated_config(
                stage.type, {**stage.config, **dict(changes["config"] or {})}
            )
        except ValueError as error:
            raise Invalid({"config": str(error)}) from None
    if "rubric" in changes:
        values["rubric"] = _validated_rubric(changes["rubric"])
    for name, value in values.items():
        setattr(stage, name, value)
    session.commit()
    return stage


# ---------------------------------------------------------------- questions


DEFAULT_PROMPTS: dict[QuestionKind, str] = {
    QuestionKind.YES_NO: "Are you legally authorized to work in this country?",
    QuestionKind.NUMBER: "How many years of relevant experience do you have?",
    QuestionKind.OPEN: "Tell us about a time you solved a difficult problem at work.",
}


def _self_id_elsewhere(session: Session, stage: Stage, question_id: int | None = None) -> bool:
    """Whether the stage already has a self-identification question (other than this one)."""
    return any(
        question.kind == QuestionKind.SELF_ID and question.id != question_id
        for question in _live_questions(session, stage.id)
    )


def _refuse_kind(stage: Stage, kind: QuestionKind | None) -> None:
    if kind == QuestionKind.SELF_ID and stage.type != StageType.FORM:
        raise Invalid({"kind": "Only a form stage can ask a self-identification question."})
    if kind not in stage_kind(stage.type).question_kinds:
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
    stage, _ = _owned_stage(session, user, stage_id)
    allowed = stage_kind(stage.type).question_kinds
    if not allowed:
        raise Invalid({"kind": f"A {stage_kind(stage.type).label} stage has no questions."})
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
        followups=1 if stage_kind(stage.type).follow_ups else 0,
    )
    session.add(question)
    session.commit()
    return question


def _becoming_self_id(session: Session, question: Question, stage: Stage) -> dict[str, Any]:
    """What turning a question into the stage's self-identification question changes."""
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
    """Refuse what a self-identification question can never be: required, scored, a rule."""
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
    question, stage = _owned_question(session, user, question_id)
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
    question, stage = _owned_question(session, user, question_id)
    _place(_live_questions(session, stage.id), question, to_index)
    session.commit()


def delete_question(*, session: Session, user: User, question_id: int) -> None:
    """Delete a question from a draft (undo brings it back).

    Args:
        session: Database session.
        user: The acting recruiter.
        question_id: The question.
    """
    question, stage = _owned_question(session, user, question_id)
    question.deleted_at = utcnow()
    _place([q for q in _live_questions(session, stage.id) if q.id != question.id])
    session.commit()


# ---------------------------------------------------------------- undo


def _last_deleted(session: Session, interview: Interview) -> Stage | Question | None:
    stage = session.exec(
        select(Stage)
        .where(Stage.interview_id == interview.id, Stage.deleted_at.is_not(None))
        .order_by(Stage.deleted_at.desc())
    ).first()
    question = session.exec(
        select(Question)
        .join(Stage, Stage.id == Question.stage_id)
        .where(
            Stage.interview_id == interview.id,
            Stage.deleted_at.is_(None),
            Question.deleted_at.is_not(None),
        )
        .order_by(Question.deleted_at.desc())
    ).first()
    candidates = [item for item in (stage, question) if item is not None]
    return max(candidates, key=lambda item: item.deleted_at) if candidates else None


def undo_delete(*, session: Session, user: User, interview_id: int) -> str:
    """Bring back the stage or question deleted last, at the place it had.

    Args:
        session: Database session.
        user: The acting recruiter.
        interview_id: The draft.

    Returns:
        What came back, for a message ("Stage “Form” restored.").

    Raises:
        Invalid: When there is nothing to undo.
    """
    interview = _owned_draft(session, user, interview_id)
    item = _last_deleted(session, interview)
    if item is None:
        raise Invalid({"undo": "There is nothing to undo."})
    item.deleted_at = None
    if isinstance(item, Stage):
        _place(_live_stages(session, interview.id), item, item.position)
        message = f"Stage “{item.title}” restored."
    else:
        _place(_live_questions(session, item.stage_id), item, item.position)
        message = "Question restored."
    session.commit()
    return message


# ---------------------------------------------------------------- publish, discard, clone


def publish(*, session: Session, user: User, interview_id: int) -> Interview:
    """Check a draft and make it the live version of its job's interview.

    Args:
        session: Database session.
        user: The acting recruiter.
        interview_id: The draft.

    Returns:
        The published interview.

    Raises:
        InterviewInvalid: With every problem; nothing changes.
    """
    interview = _owned_draft(session, user, interview_id)
    problems = problems_of(session=session, interview=interview)
    if problems:
        raise InterviewInvalid(problems)
    job = session.get(Job, interview.job_id)
    previous = _latest(session, job, InterviewStatus.PUBLISHED)
    if previous is not None:
        previous.status = InterviewStatus.RETIRED
    # Deleted items of the draft are gone for good once it is published.
    stages = session.exec(select(Stage).where(Stage.interview_id == interview.id)).all()
    for stage in stages:
        for question in session.exec(select(Question).where(Question.stage_id == stage.id)):
            if stage.deleted_at is not None or question.deleted_at is not None:
                session.delete(question)
    session.flush()
    for stage in stages:
        if stage.deleted_at is not None:
            session.delete(stage)
    interview.status = InterviewStatus.PUBLISHED
    interview.published_at = utcnow()
    session.commit()
    logger.info("published interview %s version %s", job.slug, interview.version)
    return interview


def _delete_version(session: Session, interview: Interview) -> None:
    """Delete an unpublished version with its stages and questions (children first)."""
    stages = session.exec(select(Stage).where(Stage.interview_id == interview.id)).all()
    for stage in stages:
        for question in session.exec(select(Question).where(Question.stage_id == stage.id)):
            session.delete(question)
    session.flush()
    for stage in stages:
        session.delete(stage)
    session.flush()
    session.delete(interview)


def discard_draft(*, session: Session, user: User, interview_id: int) -> None:
    """Throw away a draft that has a published version to fall back on.

    Args:
        session: Database session.
        user: The acting recruiter.
        interview_id: The draft.

    Raises:
        Invalid: When nothing is published yet (the draft is all there is).
    """
    interview = _owned_draft(session, user, interview_id)
    job = session.get(Job, interview.job_id)
    if _latest(session, job, InterviewStatus.PUBLISHED) is None:
        raise Invalid({"interview": "Nothing is published yet, so there is nothing to go back to."})
    _delete_version(session, interview)
    session.commit()


def clone_interview(
    *, session: Session, user: User, source_job_id: int | str, target_job_id: int | str
) -> Interview:
    """Copy a job's interview (its draft, else its live version) into another job's draft.

    The target's current draft, if any, is replaced; its published versions stay.

    Args:
        session: Database session.
        user: The acting recruiter.
        source_job_id: The job to copy from.
        target_job_id: The job to copy into.

    Returns:
        The target's new draft.

    Raises:
        NotFound: When either job is not the organization's.
        Invalid: When the source has no interview or is the target.
    """
    require_recruiter(user)
    source_job = get_job(session=session, user=user, job_id=source_job_id)
    target_job = get_job(session=session, user=user, job_id=target_job_id)
    if source_job.id == target_job.id:
        raise Invalid({"target": "Choose a different job to copy into."})
    source = _latest(session, source_job, InterviewStatus.DRAFT) or _latest(
        session, source_job, InterviewStatus.PUBLISHED
    )
    if source is None:
        raise Invalid({"source": "That job has no interview to copy."})
    old_draft = _latest(session, target_job, InterviewStatus.DRAFT)
    if old_draft is not None:
        _delete_version(session, old_draft)
        session.flush()
    draft = Interview(job_id=target_job.id, version=_next_version(session, target_job))
    session.add(draft)
    session.flush()
    _copy_stages(session, source, draft)
    session.commit()
    return draft


# ---------------------------------------------------------------- preview


@dataclass
class InterviewPreview:
    """What a candidate of this interview would see, for the recruiter's preview."""

    job: Job
    organization: Organization
    branding: Branding
    stages: list[StageDraft]
    # The stage previewed; None previews the welcome page.
    selected: StageDraft | None


def preview(
    *, session: Session, user: User, job_id: int | str, stage_id: int | str | None
) -> InterviewPreview:
    """Gather the candidate's view of one stage (or the welcome page) of a job's interview.

    Nothing is created: no application, no attempt, no draft.

    Args:
        session: Database session.
        user: The acting user (either role).
        job_id: The job.
        stage_id: A stage of one of the job's versions; empty for the welcome page.

    Returns:
        The preview.

    Raises:
        NotFound: When the job or the stage is not the organization's.
    """
    job = get_job(session=session, user=user, job_id=job_id)
    selected_stage: Stage | None = None
    if stage_id not in (None, "", 0, "0"):
        try:
            selected_stage = session.get(Stage, int(stage_id))
        except (TypeError, ValueError):
            selected_stage = None
        interview = session.get(Interview, selected_stage.interview_id) if selected_stage else None
        if selected_stage is None or interview is None or interview.job_id != job.id:
            raise NotFound("No such stage.")
    else:
        interview = interview_for_viewing(session=session, user=user, job_id=job.id)
    organization = session.get(Organization, job.organization_id)
    branding = get_branding(session=session, organization_id=organization.id)
    stages = (
        [
            StageDraft(stage=stage, questions=_live_questions(session, stage.id))
            for stage in _live_stages(session, interview.id)
        ]
        if interview
        else []
    )
    selected = next(
        (item for item in stages if selected_stage and item.stage.id == selected_stage.id), None
    )
    return InterviewPreview(
        job=job, organization=organization, branding=branding, stages=stages, selected=selected
    )
