"""The interview builder's view of a draft, what every edit shares, and undo.

A job's interview is edited as a DRAFT version (``versions`` finds or creates it). This module
gathers a version's stages and questions as the builder shows them (``describe``), holds what
every edit of a draft shares: finding the draft, stage or question an edit is about and checking
the recruiter may change it (``owned_draft``, ``owned_stage``, ``owned_question``) and
renumbering siblings (``place``); and brings back the stage or question deleted last (undo,
until the draft is published). The edits themselves are in ``stage_edits`` and
``question_edits``, publishing and discarding in ``publishing``, the candidate's preview in
``interview_preview``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from heymilo_app.models import Interview, InterviewStatus, Job, Question, Stage, User
from heymilo_app.services.common.access import require_recruiter
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.jobs.jobs import get_job
from heymilo_app.services.jobs.jobs import questions_of as _live_questions
from heymilo_app.services.jobs.jobs import stages_of as _live_stages
from heymilo_app.services.jobs.versions import latest
from heymilo_app.services.stages.kinds import stage_kind


@dataclass
class StageDraft:
    """A stage with its live questions, as the builder shows it."""

    stage: Stage
    questions: list[Question] = field(default_factory=list)

    @property
    def _rules_in_config(self) -> bool:
        """Whether the stage's kind keeps its dealbreaker rules in its config (a resume's)."""
        return "dealbreakers" in stage_kind(self.stage.type).config_model.model_fields

    @property
    def dealbreaker_count(self) -> int:
        """How many dealbreaker rules the stage holds, applied or not."""
        if self._rules_in_config:
            return len(self.stage.config.get("dealbreakers") or [])
        return sum(1 for question in self.questions if question.dealbreaker is not None)

    @property
    def has_dealbreakers(self) -> bool:
        """Whether this stage can disqualify (enabled and at least one rule set)."""
        if not self.stage.dealbreakers_enabled:
            return False
        if self._rules_in_config:
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


# ---------------------------------------------------------------- the builder's view and ownership


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
    published = latest(session, job, InterviewStatus.PUBLISHED)
    stages = [
        StageDraft(stage=stage, questions=_live_questions(session, stage.id))
        for stage in _live_stages(session, interview.id)
    ]
    return InterviewDraft(
        job=job,
        interview=interview,
        stages=stages,
        published_version=published.version if published else None,
        can_undo=last_deleted(session, interview) is not None,
    )


def owned_draft(session: Session, user: User, interview_id: int) -> Interview:
    """The draft an edit is about, once the user may change it.

    Args:
        session: Database session.
        user: The acting recruiter.
        interview_id: The draft's id.

    Returns:
        The draft.

    Raises:
        NotFound: When it does not exist or is another organization's.
        PermissionDenied: For hiring managers.
        Invalid: When the version is not a draft.
    """
    require_recruiter(user)
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise NotFound("No such interview.")
    get_job(session=session, user=user, job_id=interview.job_id)
    if interview.status != InterviewStatus.DRAFT:
        raise Invalid({"interview": "Only a draft can be edited; open the builder again."})
    return interview


def owned_stage(session: Session, user: User, stage_id: int) -> tuple[Stage, Interview]:
    """The live stage an edit is about, with its draft, once the user may change it.

    Args:
        session: Database session.
        user: The acting recruiter.
        stage_id: The stage's id.

    Returns:
        The stage and its draft.

    Raises:
        NotFound: When it does not exist, was deleted or is another organization's.
    """
    stage = session.get(Stage, stage_id)
    if stage is None or stage.deleted_at is not None:
        raise NotFound("No such stage.")
    return stage, owned_draft(session, user, stage.interview_id)


def owned_question(session: Session, user: User, question_id: int) -> tuple[Question, Stage]:
    """The live question an edit is about, with its stage, once the user may change it.

    Args:
        session: Database session.
        user: The acting recruiter.
        question_id: The question's id.

    Returns:
        The question and its stage.

    Raises:
        NotFound: When it does not exist, was deleted or is another organization's.
    """
    question = session.get(Question, question_id)
    if question is None or question.deleted_at is not None:
        raise NotFound("No such question.")
    stage, _ = owned_stage(session, user, question.stage_id)
    return question, stage


def place(siblings: list, item: Stage | Question | None = None, index: int = 0) -> None:
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


# ---------------------------------------------------------------- undo


def last_deleted(session: Session, interview: Interview) -> Stage | Question | None:
    """What undo would bring back: the stage or question of the draft deleted last.

    Args:
        session: Database session.
        interview: The draft.

    Returns:
        The deleted stage or question, or None when nothing was deleted.
    """
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
    interview = owned_draft(session, user, interview_id)
    item = last_deleted(session, interview)
    if item is None:
        raise Invalid({"undo": "There is nothing to undo."})
    item.deleted_at = None
    if isinstance(item, Stage):
        place(_live_stages(session, interview.id), item, item.position)
        message = f"Stage “{item.title}” restored."
    else:
        place(_live_questions(session, item.stage_id), item, item.position)
        message = "Question restored."
    session.commit()
    return message
