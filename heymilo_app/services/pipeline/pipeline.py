"""The pipeline engine: the one place that moves an application through its interview.

Every transition is here, in plain Python: start, record an answer, finish a stage (score it,
check its dealbreakers, then advance, disqualify or send to review), finish the interview,
withdraw, ask for a human review, and a recruiter's decision on a review. Anything else is
refused with a message and changes nothing.

Rules:

- A candidate answers only the current stage of an application in progress; a finished stage,
  a later stage, or a second submission (two tabs, a double click) is refused. Finishing is
  claimed with one conditional UPDATE on the attempt, so of two racing submissions exactly
  one records the stage.
- Scoring happens outside the database transaction (a model may take seconds): the attempt is
  claimed and committed first, then scored, then decided. A score that cannot be had (the
  model failed twice) leaves the stage "score pending" (``rescore_pending`` tries again later)
  and the candidate moves on by the dealbreakers alone.
- Dealbreakers decide by rules (``services/stages/dealbreakers.py``): a failed ``disqualify`` rule
  disqualifies at that stage; a failed ``review`` rule puts the application in the review
  queue. A score under the stage's pass mark also goes to review: the AI never rejects anyone
  on its own judgment; a person decides.
- A resume that came with the application (ATS, job board) is screened as soon as the resume
  stage is reached, without asking again.
- Entering a text-message or phone stage tells the candidate to expect the text or call (email,
  and a text when possible); the SMS stage's opening text is sent at once. (Those
  conversations themselves are later work; the application waits at that stage.)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session, select

from heymilo_app.models import (
    Accommodation,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    AttemptStatus,
    Branding,
    Candidate,
    Channel,
    Interview,
    Job,
    Organization,
    Question,
    QuestionKind,
    Score,
    Stage,
    StageAttempt,
    StageType,
    User,
    utcnow,
)
from heymilo_app.services.common.access import owned_application, require_recruiter
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.jobs import interview_preview
from heymilo_app.services.jobs.jobs import interview_stages, questions_by_stage, questions_of
from heymilo_app.services.messaging import outbox
from heymilo_app.services.messaging.messaging_policy import lapsed
from heymilo_app.services.org.branding import get_branding
from heymilo_app.services.pipeline import invitations, links, webhooks
from heymilo_app.services.scoring import resume_screening, resumes, score_alerts, scoring
from heymilo_app.services.stages import dealbreakers
from heymilo_app.services.stages.configs import SmsConfig
from heymilo_app.services.stages.stage_config import (
    MAX_DATE_YEARS_AHEAD,
    MAX_SELF_DESCRIPTION,
    SCORED_KINDS,
    answer_limits,
    describe_option,
)

logger = logging.getLogger(__name__)

# Stages the candidate does on the page now; the others are conversations (later work).
BROWSER_STAGES = (StageType.RESUME, StageType.FORM)
ACTIVE = (ApplicationStatus.INVITED, ApplicationStatus.IN_PROGRESS)
MAX_SHORT_TEXT = 500
MAX_LONG_TEXT = 10_000
MIN_RESUME_CHARACTERS = 40
ACCOMMODATION_KINDS = ("more_time", "text_instead_of_voice", "other")


class Refused(Invalid):
    """An illegal transition: nothing changed.

    Args:
        message: What the candidate or recruiter is told.
        field: Where the message belongs.
    """

    def __init__(self, message: str, field: str = "stage"):
        super().__init__({field: message})
        self.message = message


@dataclass
class Journey:
    """Where a candidate is, and what their page shows.

    ``screen`` is one of: "welcome" (not started), "stage" (a stage to do on the page),
    "waiting" (a text or call is coming, or the next step opens later), "review" (a person is
    deciding), "thanks" (finished), "disqualified" (with the requirement), "withdrawn",
    "expired".
    """

    application: Application
    candidate: Candidate
    job: Job
    organization: Organization
    branding: Branding
    stages: list[Stage]
    screen: str
    current: Stage | None = None
    attempt: StageAttempt | None = None
    questions: list[Question] = field(default_factory=list)
    # For "disqualified": the requirement(s) not met, when the organization names them.
    reason: str = ""
    # Whether the candidate may still ask a person to review a disqualification.
    can_request_review: bool = False
    accommodations: list[Accommodation] = field(default_factory=list)
    # Every stage's questions (for how long each takes), by stage id.
    stage_questions: dict[int, list[Question]] = field(default_factory=dict)
    # For "waiting": the number texts go to ("" when there is none we may text).
    text_to: str = ""

    @property
    def position(self) -> int:
        """1-based position of the current stage (0 when none)."""
        for index, stage in enumerate(self.stages):
            if self.current is not None and stage.id == self.current.id:
                return index + 1
        return 0


@dataclass(frozen=True)
class Outcome:
    """What finishing a stage did."""

    status: str  # the application's status afterwards
    attempt_status: str
    score: Score | None
    failures: list[dealbreakers.Failure]


# --- reading --------------------------------------------------------------------------------


def _application(session: Session, token: str, *, lock: bool = False) -> Application:
    if not token or len(token) > 64:
        raise NotFound("Unknown interview link.")
    query = select(Application).where(Application.token == token)
    if lock and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    application = session.exec(query).first()
    if application is None:
        raise NotFound("Unknown interview link.")
    return application


def _attempt(session: Session, application: Application, stage_id: int) -> StageAttempt | None:
    return session.exec(
        select(StageAttempt).where(
            StageAttempt.application_id == application.id, StageAttempt.stage_id == stage_id
        )
    ).first()


def journey(*, session: Session, token: str) -> Journey:
    """What a candidate's link shows now.

    Args:
        session: Database session.
        token: The token of ``/i/{token}``.

    Returns:
        The journey.

    Raises:
        NotFound: For an unknown token.
    """
    application = _application(session, token)
    organization = session.get(Organization, application.organization_id)
    stages = interview_stages(
        session=session, interview=session.get(Interview, application.interview_id)
    )
    view = Journey(
        application=application,
        candidate=session.get(Candidate, application.candidate_id),
        job=session.get(Job, application.job_id),
        organization=organization,
        branding=get_branding(session=session, organization_id=organization.id),
        stages=stages,
        screen="welcome",
        stage_questions=questions_by_stage(session, stages),
        accommodations=list(
            session.exec(
                select(Accommodation)
                .where(Accommodation.application_id == application.id)
                .order_by(Accommodation.id)
            ).all()
        ),
    )
    status = application.status
    current = next((s for s in stages if s.id == application.current_stage_id), None)
    view.current = current
    gone = _gone_screen(application)
    if gone:
        view.screen = gone
    elif status == ApplicationStatus.COMPLETED:
        view.screen = "thanks"
    elif status == ApplicationStatus.IN_REVIEW:
        view.screen = "review"
    elif status == ApplicationStatus.DISQUALIFIED:
        specific = organization.disqualification_notice != "generic"
        view.screen = "disqualified" if specific else "thanks"
        view.reason = application.outcome_reason if specific else ""
        view.can_request_review = specific and application.review_requested_at is None
    elif status == ApplicationStatus.IN_PROGRESS and current is not None:
        view.attempt = _attempt(session, application, current.id)
        if current.type in BROWSER_STAGES:
            view.screen = "stage"
            view.questions = view.stage_questions[current.id]
        else:
            view.screen = "waiting"
            view.text_to = links.sms_number(view.candidate, session=session)
    return view


def _gone_screen(application: Application) -> str:
    """The screen of a link that is gone (410): "expired" or "withdrawn"; else empty."""
    if lapsed(application):
        return "expired"
    return "withdrawn" if application.status == ApplicationStatus.WITHDRAWN else ""


def link_http_status(*, session: Session, token: str) -> int:
    """The HTTP status the page of a candidate link answers with.

    It reads the rule ``journey`` picks its first screens by (``_gone_screen``), so the two
    never disagree: 404 for an unknown link, 410 Gone for an expired or withdrawn one, 200 for
    everything the page has to say (the welcome, a stage, a wait, a review, the thank-you or
    disqualified page).

    Args:
        session: Database session.
        token: The token from ``/i/{token}``.

    Returns:
        404, 410 or 200.
    """
    try:
        application = _application(session, token)
    except NotFound:
        return 404
    return 410 if _gone_screen(application) else 200


# --- the candidate's transitions -------------------------------------------------------------


def _event(
    session: Session,
    application: Application,
    kind: str,
    *,
    stage_id: int | None = None,
    actor: User | None = None,
    detail: str = "",
) -> None:
    session.add(
        ApplicationEvent(
            application_id=application.id,
            kind=kind,
            stage_id=stage_id,
            actor_id=actor.id if actor else None,
            detail=detail[:2000],
        )
    )


def _usable(application: Application) -> None:
    if lapsed(application):
        raise Refused("This invitation has expired; ask the recruiter to extend it.")
    if application.status not in ACTIVE:
        raise Refused("This interview is no longer open.")


def start(*, session: Session, token: str) -> Journey:
    """The candidate presses Start: the first stage opens (again, if they come back).

    Args:
        session: Database session.
        token: The link's token.

    Returns:
        The journey afterwards.

    Raises:
        Refused: When the interview is not open.
        NotFound: For an unknown token.
    """
    application = _application(session, token, lock=True)
    _usable(application)
    if application.status == ApplicationStatus.INVITED:
        now = utcnow()
        stages = interview_stages(
            session=session, interview=session.get(Interview, application.interview_id)
        )
        if not stages:
            raise Refused("This interview has no stages yet; the recruiter has been told.")
        application.status = ApplicationStatus.IN_PROGRESS
        application.started_at = now
        if application.current_stage_id not in {s.id for s in stages}:
            application.current_stage_id = stages[0].id
        _event(session, application, "started")
        session.flush()
        _enter(session, application, _stage(session, application.current_stage_id))
    session.commit()
    finished = _finish_pending_resume(session, application)
    if finished:
        session.commit()
    return journey(session=session, token=token)


def _stage(session: Session, stage_id: int | None) -> Stage:
    stage = session.get(Stage, stage_id) if stage_id else None
    if stage is None:
        raise Refused("This stage no longer exists.")
    return stage


def _current(
    session: Session, application: Application, stage_id: int
) -> tuple[Stage, StageAttempt]:
    _usable(application)
    if application.status != ApplicationStatus.IN_PROGRESS:
        raise Refused("Press Start first.")
    if int(stage_id) != application.current_stage_id:
        attempt = _attempt(session, application, int(stage_id))
        if attempt is not None and attempt.finished_at is not None:
            raise Refused("This stage is already finished.")
        raise Refused("Finish the current stage first.")
    stage = _stage(session, application.current_stage_id)
    attempt = _attempt(session, application, stage.id)
    if attempt is None:
        attempt = _open_attempt(session, application, stage)
    if attempt.finished_at is not None:
        raise Refused("This stage is already finished.")
    return stage, attempt


def _open_attempt(session: Session, application: Application, stage: Stage) -> StageAttempt:
    attempt = StageAttempt(application_id=application.id, stage_id=stage.id)
    session.add(attempt)
    session.flush()
    return attempt


def validate_answer(question: Question, value: Any) -> Any:
    """Check and normalize one answer for its question's kind.

    Args:
        question: The question.
        value: What the page sent (text, or a list for multiple choice).

    Returns:
        The stored form: text, "yes"/"no", a number as text, an ISO date, or a list.
        ``None`` means "no answer".

    Raises:
        Invalid: Under the question's id, with what to fix.
    """
    key = str(question.id)
    kind = QuestionKind(question.kind)
    if kind == QuestionKind.MULTIPLE_CHOICE:
        chosen = value if isinstance(value, list) else ([value] if value else [])
        chosen = [str(v) for v in chosen]
        if not set(chosen) <= set(question.options):
            raise Invalid({key: "Choose among the options shown."})
        return [o for o in question.options if o in chosen] or None
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.OPEN):
        if len(text) > MAX_SHORT_TEXT:
            raise Invalid({key: f"Keep it under {MAX_SHORT_TEXT} characters."})
        return text
    if kind == QuestionKind.LONG_TEXT:
        if len(text) > MAX_LONG_TEXT:
            raise Invalid({key: f"Keep it under {MAX_LONG_TEXT:,} characters."})
        return text
    if kind == QuestionKind.YES_NO:
        if text.lower() not in ("yes", "no"):
            raise Invalid({key: "Answer yes or no."})
        return text.lower()
    if kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.SELF_ID):
        if text not in question.options:
            raise Invalid({key: "Choose one of the options shown."})
        return text
    limits = answer_limits(kind, question.prompt, question.limits)
    if kind == QuestionKind.NUMBER:
        return _checked_number(key, text, limits)
    if kind == QuestionKind.DATE:
        return _checked_date(key, text, limits)
    return text


# A number as people write it: digits, thousands separated by commas or spaces, a decimal
# point. Not "1e3", "0x10", "inf" or "½" (float() takes some of them).
_PLAIN_NUMBER = re.compile(r"[+-]?(\d{1,3}([, ]\d{3})+|\d+)(\.\d+)?|[+-]?\.\d+")


def _number_text(number: float) -> str:
    return f"{number:,.10g}"


def _checked_number(key: str, text: str, limits: dict[str, Any]) -> str:
    if not _PLAIN_NUMBER.fullmatch(text):
        raise Invalid({key: "Enter a number, like 3 or 2.5."})
    number = float(re.sub(r"[, ]", "", text))
    low, high = limits.get("min"), limits.get("max")
    if low is not None and high is not None and not low <= number <= high:
        raise Invalid({key: f"Enter a number from {_number_text(low)} to {_number_text(high)}."})
    if low is not None and number < low:
        raise Invalid({key: f"Enter {_number_text(low)} or more."})
    if high is not None and number > high:
        raise Invalid({key: f"Enter {_number_text(high)} or less."})
    if abs(number) > 1e9:
        raise Invalid({key: "Enter a number, like 3 or 2.5."})
    return str(int(number)) if number.is_integer() else f"{number:.10g}"


def _checked_date(key: str, text: str, limits: dict[str, Any]) -> str:
    try:
        given = date.fromisoformat(text)
    except ValueError:
        raise Invalid({key: "Enter a date (year-month-day)."}) from None
    # A day of grace: "today" where the candidate is may be yesterday in UTC.
    today = utcnow().date()
    if limits.get("earliest") == "today" and given < today - timedelta(days=1):
        raise Invalid({key: "Choose today or a later date."})
    if given > today + timedelta(days=round(365.25 * MAX_DATE_YEARS_AHEAD)):
        raise Invalid({key: f"Choose a date within {MAX_DATE_YEARS_AHEAD} years; check the year."})
    return given.isoformat()


def save_answer(
    *, session: Session, token: str, stage_id: int, question_id: int, value: Any
) -> Any:
    """Record one answer as it is given (a reload or a lost connection loses nothing).

    An answer that does not fit its question is kept as a draft (so the candidate's typing is
    not lost) and the message is raised; the valid answer stays as it was.

    Args:
        session: Database session.
        token: The link's token.
        stage_id: The stage the page shows.
        question_id: The question.
        value: The answer.

    Returns:
        The stored answer (None when cleared).

    Raises:
        Invalid: With the question's message (the draft is saved).
        Refused: When the stage is not the current one or is finished.
    """
    application = _application(session, token, lock=True)
    stage, attempt = _current(session, application, stage_id)
    question = session.get(Question, int(question_id))
    if question is None or question.stage_id != stage.id or question.deleted_at is not None:
        raise Refused("This question is not part of this stage.")
    answers = dict(attempt.answers or {})
    draft_key = f"draft:{question.id}"
    try:
        stored = validate_answer(question, value)
    except Invalid:
        answers[draft_key] = value if isinstance(value, list) else str(value)[:MAX_LONG_TEXT]
        attempt.answers = answers
        flag_modified(attempt, "answers")
        session.commit()
        raise
    answers.pop(draft_key, None)
    if stored is None:
        answers.pop(str(question.id), None)
    else:
        answers[str(question.id)] = stored
    if question.kind == QuestionKind.SELF_ID and stored != describe_option(question.options):
        answers.pop(f"described:{question.id}", None)  # another choice: the words go
    attempt.answers = answers
    flag_modified(attempt, "answers")
    session.commit()
    return stored


def submit_form(*, session: Session, token: str, stage_id: int) -> Outcome:
    """The candidate submits a form stage.

    Args:
        session: Database session.
        token: The link's token.
        stage_id: The stage the page shows.

    Returns:
        What finishing it did.

    Raises:
        Invalid: Question id to message, for required questions left empty or drafts that do
            not fit (nothing changes).
        Refused: When the stage is not current, or already submitted.
    """
    application = _application(session, token, lock=True)
    stage, attempt = _current(session, application, stage_id)
    if stage.type != StageType.FORM:
        raise Refused("This stage is not a form.")
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
    material = _material(session.get(Job, application.job_id), stage, questions, answers)
    failures = dealbreakers.form_failures(stage, questions, answers)
    return _finish(session, application, stage, attempt, material, failures)


def _material(
    job: Job, stage: Stage, questions: list[Question], answers: dict[str, Any]
) -> scoring.Material:
    """What a stage's scorer reads: the answers that are words (and the resume, if any)."""
    return scoring.Material(
        stage_type=str(stage.type),
        job_title=job.title,
        job_requirements=job.requirements,
        answers=[
            (q.prompt, answer_text(answers.get(str(q.id))))
            for q in questions
            if q.scored and q.kind in SCORED_KINDS and answers.get(str(q.id)) not in (None, "", [])
        ],
        resume_text=str(answers.get("resume_text", "")),
    )


def _resume_material(job: Job, stage: Stage, answers: dict[str, Any]) -> scoring.Material:
    """What a resume stage's scorer reads: the resume and the screening's findings."""
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


def _finished_stage(
    session: Session, application: Application, stage: Stage, attempt: StageAttempt
) -> tuple[scoring.Material, list[dealbreakers.Failure]]:
    """What a finished stage's scorer reads, and the dealbreakers it failed, from its answers.

    Both are worked out again from what the candidate gave: the published stage never changes,
    and the rules and the resume screening are deterministic, so a later scoring (a rescore,
    or a score that was pending) sees what the engine saw when the stage finished.
    """

    job = session.get(Job, application.job_id)
    answers = attempt.answers or {}
    if stage.type == StageType.RESUME:
        screening = resume_screening.screen(str(answers.get("resume_text", "")), stage.config or {})
        return _resume_material(job, stage, answers), dealbreakers.resume_failures(stage, screening)
    questions = questions_of(session, stage.id)
    return (
        _material(job, stage, questions, answers),
        dealbreakers.form_failures(stage, questions, answers),
    )


def answer_text(value: Any) -> str:
    """A stored answer as people read it (choices joined by commas).

    Args:
        value: The stored answer.

    Returns:
        The text ("" for no answer).
    """
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def save_self_description(
    *, session: Session, token: str, stage_id: int, question_id: int, value: Any
) -> str:
    """Keep the words of a candidate who chose to describe themselves (self-identification).

    Voluntary, like the choice: kept with the answers, never scored, never checked by a
    rule, never shown on a report (only group counts are read).

    Args:
        session: Database session.
        token: The link's token.
        stage_id: The stage the page shows.
        question_id: The self-identification question.
        value: The candidate's words ("" clears them).

    Returns:
        The words kept.

    Raises:
        Invalid: When they are too long, or the self-description choice is not picked.
        Refused: When the stage is not the current one or is finished.
    """
    application = _application(session, token, lock=True)
    stage, attempt = _current(session, application, stage_id)
    question = session.get(Question, int(question_id))
    if (
        question is None
        or question.stage_id != stage.id
        or question.deleted_at is not None
        or question.kind != QuestionKind.SELF_ID
    ):
        raise Refused("This question is not part of this stage.")
    key = str(question.id)
    words = " ".join(str(value or "").split())
    if len(words) > MAX_SELF_DESCRIPTION:
        raise Invalid({key: f"Keep it under {MAX_SELF_DESCRIPTION} characters."})
    answers = dict(attempt.answers or {})
    choice = describe_option(question.options)
    if words and (not choice or answers.get(key) != choice):
        raise Invalid({key: f"Choose \u201c{choice or 'self-describe'}\u201d first."})
    if words:
        answers[f"described:{question.id}"] = words
    else:
        answers.pop(f"described:{question.id}", None)
    attempt.answers = answers
    flag_modified(attempt, "answers")
    session.commit()
    return words


# Where a pasted resume waits, as typed, until it is sent (a reload shows it again).
RESUME_DRAFT = "draft:resume"


def save_resume_draft(*, session: Session, token: str, stage_id: int, text: str) -> None:
    """Keep a resume being pasted or typed, before it is sent (a reload loses nothing).

    Nothing is checked: the text is kept as it is (cut at the longest resume accepted) and
    judged when it is sent.

    Args:
        session: Database session.
        token: The link's token.
        stage_id: The stage the page shows.
        text: The text in the box now.

    Raises:
        Refused: When the stage is not the current resume stage, or is finished.
    """
    application = _application(session, token, lock=True)
    stage, attempt = _current(session, application, stage_id)
    if stage.type != StageType.RESUME:
        raise Refused("This stage is not the resume.")
    answers = dict(attempt.answers or {})
    text = "" if text is None else str(text)[: resumes.MAX_CHARACTERS]
    if text.strip():
        answers[RESUME_DRAFT] = text
    else:
        answers.pop(RESUME_DRAFT, None)
    attempt.answers = answers
    flag_modified(attempt, "answers")
    session.commit()


def submit_resume(*, session: Session, token: str, stage_id: int, text: str) -> Outcome:
    """The candidate gives their resume (text extracted from a file, or pasted).

    Args:
        session: Database session.
        token: The link's token.
        stage_id: The stage the page shows.
        text: The resume's text.

    Returns:
        What finishing it did.

    Raises:
        Invalid: Under "resume" when the text is too short or too long (nothing changes).
        Refused: When the stage is not current, or already submitted.
    """
    text = (text or "").strip()
    if len(text) < MIN_RESUME_CHARACTERS:
        raise Invalid({"resume": "Paste the whole resume, or upload the file."})
    if len(text) > resumes.MAX_CHARACTERS:
        raise Invalid({"resume": "This resume is too long; paste the main part of it."})
    application = _application(session, token, lock=True)
    stage, attempt = _current(session, application, stage_id)
    if stage.type != StageType.RESUME:
        raise Refused("This stage is not the resume.")
    application.resume_text = text
    return _screen_resume(session, application, stage, attempt)


def _screen_resume(
    session: Session, application: Application, stage: Stage, attempt: StageAttempt
) -> Outcome:

    text = application.resume_text
    job = session.get(Job, application.job_id)
    screening = resume_screening.screen(text, stage.config or {})
    # One new dict, assigned once: the change is seen whatever the session flushed before.
    attempt.answers = {
        **{k: v for k, v in (attempt.answers or {}).items() if k != RESUME_DRAFT},
        **_screened(text, screening),
    }
    flag_modified(attempt, "answers")
    material = _resume_material(job, stage, attempt.answers)
    failures = dealbreakers.resume_failures(stage, screening)
    return _finish(session, application, stage, attempt, material, failures)


def _screened(text: str, screening: Any) -> dict[str, Any]:
    """A resume and its screening's findings, as an attempt's answers keep them."""
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


def _finish_pending_resume(session: Session, application: Application) -> bool:
    """Screen a resume that came with the application when its resume stage is current.

    One too short to be a resume (a stray line from an ATS) is not screened: the candidate is
    asked for theirs, as if none had come.
    """
    finished = False
    while (
        application.status == ApplicationStatus.IN_PROGRESS
        and len((application.resume_text or "").strip()) >= MIN_RESUME_CHARACTERS
        and application.current_stage_id
    ):
        stage = _stage(session, application.current_stage_id)
        attempt = _attempt(session, application, stage.id)
        if stage.type != StageType.RESUME or attempt is None or attempt.finished_at:
            break
        _screen_resume(session, application, stage, attempt)
        finished = True
    return finished


def _claim(session: Session, attempt: StageAttempt) -> None:
    """Mark the attempt finished, once: a second submission finds it taken and is refused."""
    now = utcnow()
    result = session.execute(
        sa.update(StageAttempt)
        .where(StageAttempt.id == attempt.id, StageAttempt.finished_at.is_(None))
        .values(finished_at=now)
    )
    if result.rowcount != 1:
        session.rollback()
        raise Refused("This stage is already finished.")
    session.commit()
    session.refresh(attempt)


def _finish(
    session: Session,
    application: Application,
    stage: Stage,
    attempt: StageAttempt,
    material: scoring.Material,
    failures: list[dealbreakers.Failure],
) -> Outcome:
    _claim(session, attempt)  # commits: scoring below holds no lock
    result = _score(stage, material)
    application = session.get(Application, application.id)
    session.refresh(application)
    score = None
    if result is not None:
        score = _score_row(application, stage, attempt, result, failures)
        session.add(score)
    disqualifying = [f for f in failures if f.action == dealbreakers.DISQUALIFY]
    to_review = [f for f in failures if f.action == dealbreakers.REVIEW]
    below = score is not None and bool(stage.rubric) and not score.passed
    if disqualifying:
        attempt.status = AttemptStatus.DISQUALIFIED
    elif result is None:
        attempt.status = AttemptStatus.SCORE_PENDING
    else:
        attempt.status = AttemptStatus.FAILED if below else AttemptStatus.PASSED
    _event(
        session,
        application,
        "stage_finished",
        stage_id=stage.id,
        detail=f"{attempt.status}"
        + (f", {score.total:g}/100 by {score.scorer}" if score else ", score pending"),
    )
    if disqualifying:
        application.status = ApplicationStatus.DISQUALIFIED
        application.finished_at = utcnow()
        application.outcome_reason = "; ".join(f.requirement for f in disqualifying)
        _event(
            session,
            application,
            "disqualified",
            stage_id=stage.id,
            detail=application.outcome_reason,
        )
    elif to_review or below:
        application.status = ApplicationStatus.IN_REVIEW
        application.outcome_reason = (
            "; ".join(f.requirement for f in to_review)
            if to_review
            else f"Scored {score.total:g}, under the pass mark of {stage.pass_threshold}."
        )
        _event(session, application, "review", stage_id=stage.id, detail=application.outcome_reason)
    else:
        _advance(session, application, stage)
    session.flush()
    webhooks.stage_result(session=session, application=application, stage=stage, score=score)
    if application.status in (ApplicationStatus.DISQUALIFIED, ApplicationStatus.COMPLETED):
        webhooks.outcome(session=session, application=application)
    session.commit()
    _finish_pending_resume(session, application)
    session.commit()
    return Outcome(
        status=str(application.status),
        attempt_status=str(attempt.status),
        score=score,
        failures=failures,
    )


def _score(stage: Stage, material: scoring.Material) -> scoring.ScoreResult | None:
    """Score a stage's material; None when the scorer failed (the score is pending).

    A stage with no words to score (a form of yes/no, numbers, dates and choices) gets an
    empty score: its dealbreakers decide, and it does not count in the overall score.
    """
    if not material.answers and not material.resume_text.strip():
        return scoring.ScoreResult(
            total=0.0,
            criteria=[],
            summary="Nothing to score: this stage's answers are facts its dealbreakers check.",
            scorer="rules",
            rubric_version=scoring.rubric_version(list(stage.rubric or [])),
        )
    return scoring.score_with_retries(
        scoring.get_scorer(), rubric=list(stage.rubric or []), material=material
    )


def _score_row(
    application: Application,
    stage: Stage,
    attempt: StageAttempt,
    result: scoring.ScoreResult,
    failures: list[dealbreakers.Failure],
) -> Score:
    """The Score a result makes; a stage with nothing scored passes on its dealbreakers."""
    return Score(
        application_id=application.id,
        stage_id=stage.id,
        attempt_id=attempt.id,
        total=result.total,
        criteria=[
            {"name": c.name, "weight": c.weight, "score": c.score, "evidence": c.evidence}
            for c in result.criteria
        ],
        summary=result.summary,
        passed=not (stage.rubric and result.criteria) or result.total >= stage.pass_threshold,
        dealbreaker_passed=not failures,
        dealbreaker_failures=[f.as_dict() for f in failures],
        scorer=result.scorer,
        rubric_version=result.rubric_version,
    )


def _advance(session: Session, application: Application, stage: Stage) -> None:
    """Move to the stage after ``stage``, or finish the interview."""
    stages = interview_stages(
        session=session, interview=session.get(Interview, application.interview_id)
    )
    ids = [s.id for s in stages]
    index = ids.index(stage.id) if stage.id in ids else len(ids) - 1
    if index + 1 >= len(stages):
        application.status = ApplicationStatus.COMPLETED
        application.finished_at = utcnow()
        _event(session, application, "completed")
        score_alerts.notify_finished(session=session, application=application)
        return
    following = stages[index + 1]
    application.status = ApplicationStatus.IN_PROGRESS
    application.current_stage_id = following.id
    _enter(session, application, following)


def _enter(session: Session, application: Application, stage: Stage) -> None:
    """Open a stage: its attempt, the clock reminders count from, and any message it needs."""
    application.stage_entered_at = utcnow()
    if _attempt(session, application, stage.id) is None:
        _open_attempt(session, application, stage)
    _event(session, application, "entered", stage_id=stage.id)
    if stage.type == StageType.SMS:
        _announce(session, application, stage, as_text=True)
    elif stage.type == StageType.VOICE:
        texted = by_text(session, application)
        if texted or (stage.config or {}).get("mode") == "phone":
            _announce(session, application, stage, as_text=texted)


def text_instead_of_voice(accommodations: Iterable[Accommodation]) -> bool:
    """Whether, among a candidate's requests, text instead of voice was granted.

    Their spoken stages are then held by text message: the opening and first question are
    texted, as for a text stage, and no call is placed.

    Args:
        accommodations: The candidate's requests.

    Returns:
        True when such a request was granted.
    """
    return any(a.kind == "text_instead_of_voice" and a.status == "granted" for a in accommodations)


def by_text(session: Session, application: Application) -> bool:
    """Whether a recruiter granted this candidate text instead of voice
    (``text_instead_of_voice`` over the application's requests).

    Args:
        session: Database session.
        application: The application.

    Returns:
        True when such a request was granted.
    """
    return text_instead_of_voice(
        session.exec(
            select(Accommodation).where(Accommodation.application_id == application.id)
        ).all()
    )


def spoken_by_text(stage: Stage | None, accommodations: list[Accommodation]) -> bool:
    """Whether a spoken stage is held by text for a candidate with these requests.

    Args:
        stage: The stage (None for none).
        accommodations: The candidate's requests.

    Returns:
        True for a voice stage when text instead of voice was granted.
    """
    return (
        stage is not None
        and stage.type == StageType.VOICE
        and text_instead_of_voice(accommodations)
    )


def _announce(session: Session, application: Application, stage: Stage, *, as_text: bool) -> None:
    """Tell the candidate a text or call is coming, and text the opening of a stage held by
    text (``as_text``: a text stage, or a spoken one for a candidate granted text instead of
    voice)."""
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
    phone = links.sms_number(candidate, session=session)
    if as_text and phone:
        opening = str((stage.config or {}).get("opening") or SmsConfig().opening)
        values = {
            "candidate_first_name": candidate.first_name,
            "company_name": context.organization.name,
            "job_title": job.title,
        }
        for name, value in values.items():
            opening = opening.replace("{" + name + "}", value)
        questions = questions_of(session, stage.id)
        body = opening + (f"\n\n{questions[0].prompt}" if questions else "")
        outbox.enqueue(
            session=session,
            organization_id=application.organization_id,
            application_id=application.id,
            channel=Channel.SMS,
            kind="sms_stage",
            to_address=phone,
            body=body,
            dedupe_key=f"sms_stage:{application.id}:{stage.id}:opening",
        )


def withdraw(*, session: Session, token: str) -> Journey:
    """The candidate withdraws; no more stages or reminders.

    Args:
        session: Database session.
        token: The link's token.

    Returns:
        The journey afterwards.

    Raises:
        Refused: When the interview is already over.
    """
    application = _application(session, token, lock=True)
    if application.status not in (*ACTIVE, ApplicationStatus.IN_REVIEW):
        raise Refused("This interview is already over.")
    application.status = ApplicationStatus.WITHDRAWN
    application.finished_at = utcnow()
    _event(session, application, "withdrawn")
    session.flush()
    webhooks.outcome(session=session, application=application)
    session.commit()
    return journey(session=session, token=token)


def request_review(*, session: Session, token: str, message: str = "") -> Journey:
    """The candidate asks a person to review an automatic disqualification.

    Args:
        session: Database session.
        token: The link's token.
        message: What they want the recruiter to know (optional, at most 2,000 characters).

    Returns:
        The journey afterwards (in review).

    Raises:
        Refused: When the application is not disqualified, or a review was already asked for.
        Invalid: When the message is too long.
    """
    message = (message or "").strip()
    if len(message) > 2000:
        raise Invalid({"message": "Keep it under 2,000 characters."})
    application = _application(session, token, lock=True)
    if application.status != ApplicationStatus.DISQUALIFIED:
        raise Refused("Only a disqualified application can be sent for review.")
    if application.review_requested_at is not None:
        raise Refused("You already asked for a review.")
    application.status = ApplicationStatus.IN_REVIEW
    application.review_requested_at = utcnow()
    application.finished_at = None
    _event(session, application, "review_requested", detail=message)
    session.commit()
    return journey(session=session, token=token)


def request_accommodation(
    *, session: Session, token: str, kind: str, details: str = ""
) -> Accommodation:
    """The candidate asks for an adjustment; the recruiter sees it and can grant it.

    Args:
        session: Database session.
        token: The link's token.
        kind: "more_time", "text_instead_of_voice" or "other".
        details: What they need (required for "other").

    Returns:
        The request.

    Raises:
        Invalid: For an unknown kind, missing or too long details.
        Refused: When the interview is over.
    """
    details = (details or "").strip()
    if kind not in ACCOMMODATION_KINDS:
        raise Invalid({"kind": "Choose what you need."})
    if kind == "other" and not details:
        raise Invalid({"details": "Tell us what you need."})
    if len(details) > 2000:
        raise Invalid({"details": "Keep it under 2,000 characters."})
    application = _application(session, token, lock=True)
    if application.status not in (*ACTIVE, ApplicationStatus.IN_REVIEW):
        raise Refused("This interview is already over.")
    request = Accommodation(application_id=application.id, kind=kind, details=details)
    session.add(request)
    _event(session, application, "accommodation_requested", detail=f"{kind}: {details}")
    session.commit()
    return request


# --- the recruiter's side --------------------------------------------------------------------


# What a recruiter may decide by hand, from each status: advance (on past the current stage,
# or back in after a disqualification) or reject (not advancing, with the candidate told).
ADVANCEABLE = (
    ApplicationStatus.INVITED,
    ApplicationStatus.IN_PROGRESS,
    ApplicationStatus.IN_REVIEW,
    ApplicationStatus.DISQUALIFIED,
    ApplicationStatus.EXPIRED,
)
REJECTABLE = (
    ApplicationStatus.INVITED,
    ApplicationStatus.IN_PROGRESS,
    ApplicationStatus.IN_REVIEW,
    ApplicationStatus.COMPLETED,
    ApplicationStatus.EXPIRED,
)
MAX_DECISION_NOTE = 2000


def decide(
    *,
    session: Session,
    user: User,
    application_id: int,
    advance: bool,
    note: str,
    notify: bool = True,
) -> Application:
    """A recruiter advances or rejects an application by hand, overriding the engine.

    Advancing moves the application past its current stage (the stage it waits at, is in
    review for, or was disqualified at); past the last stage it completes the interview.
    Rejecting ends it as not advancing and, with ``notify``, queues the organization's
    not-advancing email. Either is recorded with who decided and why.

    Args:
        session: Database session.
        user: The acting recruiter.
        application_id: The application.
        advance: True to move on, False to reject.
        note: Why (required; kept with the decision).
        notify: Whether a rejected candidate is emailed the not-advancing message.

    Returns:
        The application.

    Raises:
        Invalid: When no reason is given.
        Refused: When the application cannot be decided that way (withdrawn, finished, ...).
        NotFound: When it is not the user's organization's.
        PermissionDenied: For hiring managers.
    """
    require_recruiter(user)
    note = (note or "").strip()
    if not note:
        raise Invalid({"note": "Say why, for the record."})
    if len(note) > MAX_DECISION_NOTE:
        raise Invalid({"note": f"Keep it under {MAX_DECISION_NOTE:,} characters."})
    application = owned_application(session, user, application_id)
    session.refresh(application, with_for_update=session.bind.dialect.name != "sqlite")
    status = application.status
    allowed = ADVANCEABLE if advance else REJECTABLE
    if status not in allowed:
        raise Refused(
            f"This application is {status.replace('_', ' ')}: it cannot be "
            + ("advanced." if advance else "rejected."),
            "application",
        )
    stage = _stage(session, application.current_stage_id)
    if advance:
        application.outcome_reason = ""
        application.finished_at = None
        _event(session, application, "advanced", stage_id=stage.id, actor=user, detail=note)
        attempt = _attempt(session, application, stage.id)
        if attempt is not None and attempt.finished_at is None:
            # The recruiter moves the candidate on past a stage they had not finished.
            attempt.finished_at = utcnow()
            attempt.status = AttemptStatus.PASSED
        _advance(session, application, stage)
    else:
        application.status = ApplicationStatus.DISQUALIFIED
        application.finished_at = utcnow()
        # A person decided: the engine's reason (if any) stands, and there is no further
        # review to ask for.
        application.review_requested_at = application.review_requested_at or utcnow()
        _event(session, application, "rejected", stage_id=stage.id, actor=user, detail=note)
        if notify:
            invitations.invite(
                session=session,
                application=application,
                sender=user,
                kind="not_advancing",
                key=f"not_advancing:{application.id}:{_decision_count(session, application)}",
            )
    session.flush()
    webhooks.outcome(session=session, application=application)
    session.commit()
    _finish_pending_resume(session, application)
    session.commit()
    return application


def _decision_count(session: Session, application: Application) -> int:
    """How many times the application was rejected by hand (each rejection its own email)."""
    return session.exec(
        select(sa.func.count(ApplicationEvent.id)).where(
            ApplicationEvent.application_id == application.id,
            ApplicationEvent.kind == "rejected",
        )
    ).one()


def decide_review(
    *, session: Session, user: User, application_id: int, advance: bool, note: str = ""
) -> Application:
    """A recruiter decides an application in the review queue: on to the next stage, or not.

    Args:
        session: Database session.
        user: The acting recruiter.
        application_id: The application.
        advance: True to move on, False to disqualify.
        note: Why (kept with the decision; a default names the review).

    Returns:
        The application.

    Raises:
        Refused: When it is not in review.
        NotFound: When it is not the user's organization's.
        PermissionDenied: For hiring managers.
    """
    require_recruiter(user)
    application = owned_application(session, user, application_id)
    if application.status != ApplicationStatus.IN_REVIEW:
        raise Refused("This application is not waiting for a review.", "application")
    return decide(
        session=session,
        user=user,
        application_id=application_id,
        advance=advance,
        note=note or ("Advanced after review" if advance else "Rejected after review"),
    )


def decide_accommodation(
    *, session: Session, user: User, accommodation_id: int, grant: bool
) -> Accommodation:
    """A recruiter grants or declines a candidate's request.

    Granting "more time" also gives the invitation a week more.

    Args:
        session: Database session.
        user: The acting recruiter.
        accommodation_id: The request.
        grant: Whether it is granted.

    Returns:
        The request.
    """
    require_recruiter(user)
    request = session.get(Accommodation, int(accommodation_id))
    if request is None:
        raise NotFound("No such request.")
    application = owned_application(session, user, request.application_id)
    if request.status != "requested":
        raise Refused("This request was already answered.", "accommodation")
    request.status = "granted" if grant else "declined"
    request.decided_at = utcnow()
    request.decided_by_id = user.id
    if grant and request.kind == "more_time" and application.expires_at is not None:
        application.expires_at = max(application.expires_at, utcnow()) + timedelta(days=7)
    _event(session, application, f"accommodation_{request.status}", actor=user, detail=request.kind)
    session.flush()
    current = (
        _stage(session, application.current_stage_id) if application.current_stage_id else None
    )
    if (
        grant
        and request.kind == "text_instead_of_voice"
        and application.status == ApplicationStatus.IN_PROGRESS
        and current is not None
        and current.type == StageType.VOICE
    ):
        # Already in it: the texts start now (the request just granted holds it by text).
        _announce(session, application, current, as_text=True)
    session.commit()
    return request


@dataclass(frozen=True)
class Rescored:
    """A stage scored again: the score it had and the one it has now."""

    previous: Score | None
    current: Score


def rescore_stage(*, session: Session, user: User, application_id: int, stage_id: int) -> Rescored:
    """A recruiter has a finished stage scored again by the scorer configured now.

    The old score is kept (no longer current) so the report can show what changed; the
    application's status does not move: the score informs, a person decides.

    Args:
        session: Database session.
        user: The acting recruiter.
        application_id: The application.
        stage_id: The stage to score again.

    Returns:
        The previous score (None if it had none) and the new one.

    Raises:
        Refused: When the stage is not finished, or the scorer does not answer.
        NotFound: When the application or stage is not the user's organization's.
        PermissionDenied: For hiring managers.
    """
    require_recruiter(user)
    application = owned_application(session, user, application_id)
    attempt = _attempt(session, application, int(stage_id))
    if attempt is None or attempt.finished_at is None:
        raise Refused("This stage is not finished yet; there is nothing to score.", "stage")
    stage = _stage(session, attempt.stage_id)
    material, _failures = _finished_stage(session, application, stage, attempt)
    # A model may take seconds: score outside any transaction (on SQLite a writer session
    # would hold the database's write lock all that time), then read again and write.
    session.commit()
    result = _score(stage, material)
    if result is None:
        raise Refused("The scorer did not answer; try again in a minute.", "stage")
    application = owned_application(session, user, application_id)
    attempt = _attempt(session, application, stage.id)
    session.refresh(attempt)
    previous = _current_score(session, application.id, stage.id)
    failures = list(previous.dealbreaker_failures) if previous else []
    current = _score_row(application, stage, attempt, result, failures=[])
    current.dealbreaker_passed = previous.dealbreaker_passed if previous else True
    current.dealbreaker_failures = failures
    if previous is not None:
        previous.is_current = False
        session.add(previous)
    session.add(current)
    if attempt.status == AttemptStatus.SCORE_PENDING:
        attempt.status = AttemptStatus.PASSED if current.passed else AttemptStatus.FAILED
    before = f"{previous.total:g} by {previous.scorer}" if previous else "no score"
    _event(
        session,
        application,
        "rescored",
        stage_id=stage.id,
        actor=user,
        detail=f"{before} → {current.total:g} by {current.scorer}",
    )
    score_alerts.notify_finished(session=session, application=application)
    session.commit()
    session.refresh(current)
    if previous is not None:
        session.refresh(previous)
    return Rescored(previous=previous, current=current)


def _current_score(session: Session, application_id: int, stage_id: int) -> Score | None:
    """The current score of an application's stage, if it has one."""
    return session.exec(
        select(Score)
        .where(
            Score.application_id == application_id,
            Score.stage_id == stage_id,
            Score.is_current == True,  # noqa: E712
        )
        .order_by(Score.id.desc())
    ).first()


# How long a worker's claim on a pending score holds before another worker may take it.
SCORE_LEASE = timedelta(minutes=10)


def rescore_pending(*, session: Session, limit: int = 20) -> int:
    """Score stages left "score pending", now that the scorer may answer again.

    The candidate has already moved on by the dealbreakers; the score is recorded for the
    recruiter (a score under the pass mark is shown as such, it does not pull anyone back).

    Args:
        session: Database session.
        limit: At most this many per call.

    Returns:
        How many were scored.
    """
    now = utcnow()
    free = sa.or_(
        StageAttempt.score_claimed_at.is_(None),
        StageAttempt.score_claimed_at < now - SCORE_LEASE,
    )
    ids = session.exec(
        select(StageAttempt.id)
        .where(StageAttempt.status == AttemptStatus.SCORE_PENDING, free)
        .order_by(StageAttempt.id)
        .limit(limit)
    ).all()
    session.commit()
    done = 0
    for attempt_id in ids:
        # Claimed one at a time, atomically: a second worker finds it taken and moves on.
        taken = session.execute(
            sa.update(StageAttempt)
            .where(
                StageAttempt.id == attempt_id,
                StageAttempt.status == AttemptStatus.SCORE_PENDING,
                free,
            )
            .values(score_claimed_at=utcnow())
        )
        session.commit()
        if taken.rowcount != 1:
            continue
        attempt = session.get(StageAttempt, attempt_id)
        stage = session.get(Stage, attempt.stage_id)
        application = session.get(Application, attempt.application_id)
        material, failures = _finished_stage(session, application, stage, attempt)
        # Score outside any transaction (see rescore_stage), one attempt at a time.
        session.commit()
        result = _score(stage, material)
        attempt = session.get(StageAttempt, attempt_id)
        session.refresh(attempt)
        if result is None:
            attempt.score_claimed_at = None  # still pending: free for the next pass
            session.commit()
            continue
        if attempt.status != AttemptStatus.SCORE_PENDING:
            continue  # scored meanwhile (a recruiter's rescore)
        attempt.score_claimed_at = None
        application = session.get(Application, attempt.application_id)
        score = _score_row(application, stage, attempt, result, failures)
        session.add(score)
        attempt.status = AttemptStatus.PASSED if score.passed else AttemptStatus.FAILED
        _event(session, application, "rescored", stage_id=stage.id, detail=f"{result.total:g}")
        score_alerts.notify_finished(session=session, application=application)
        session.commit()
        done += 1
    session.commit()
    return done


# ---------------------------------------------------------------- a recruiter's trial run


@dataclass(frozen=True)
class Trial:
    """What a resume or form would come to, judged by the real engine, with nothing stored."""

    # "passed", "review", "disqualified" or "score_pending"; "" when the input was refused.
    verdict: str
    # Messages by question id ("resume" for the resume), when the input was refused.
    errors: dict[str, str] = field(default_factory=dict)
    failures: list[dealbreakers.Failure] = field(default_factory=list)
    score: scoring.ScoreResult | None = None
    pass_threshold: int = 0
    # The resume screen's findings: (kind, requirement, met, evidence).
    checks: list[tuple[str, str, bool | None, str]] = field(default_factory=list)


def trial(
    *,
    session: Session,
    user: User,
    job_id: int | str,
    stage_id: int | str,
    answers: dict[str, Any] | None = None,
    resume_text: str = "",
) -> Trial:
    """Run a resume or form stage as a candidate would, for the recruiter trying it out.

    The same checks, screening, dealbreakers and scorer as a real submission; nothing is
    written (no application, attempt, score or event), so no report or chart counts it.

    Args:
        session: Database session (read only).
        user: The acting recruiter or hiring manager of the job's organization.
        job_id: The job.
        stage_id: A resume or form stage of one of its versions.
        answers: The form's answers by question id (text, or a list for multiple choice).
        resume_text: The resume's text.

    Returns:
        The trial's outcome.

    Raises:
        NotFound: When the job or stage is not the organization's.
        Invalid: When the stage is not a resume or a form.
    """

    view = interview_preview.preview(session=session, user=user, job_id=job_id, stage_id=stage_id)
    if view.selected is None:
        raise NotFound("No such stage.")
    stage, questions = view.selected.stage, view.selected.questions
    if stage.type == StageType.RESUME:
        text = (resume_text or "").strip()
        if len(text) < MIN_RESUME_CHARACTERS:
            return Trial("", {"resume": "Paste the whole resume, or upload the file."})
        if len(text) > resumes.MAX_CHARACTERS:
            return Trial("", {"resume": "This resume is too long; paste the main part of it."})
        screening = resume_screening.screen(text, stage.config or {})
        material = _resume_material(view.job, stage, _screened(text, screening))
        failures = dealbreakers.resume_failures(stage, screening)
        checks = [(c.kind, c.requirement, c.met, c.evidence) for c in screening.checks]
    elif stage.type == StageType.FORM:
        given: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for question in questions:
            key = str(question.id)
            try:
                value = validate_answer(question, (answers or {}).get(key))
            except Invalid as error:
                errors[key] = error.errors.get(key, str(error))
                continue
            if value is None:
                if question.required:
                    errors[key] = "Answer this question."
            else:
                given[key] = value
        if errors:
            return Trial("", errors)
        material = _material(view.job, stage, questions, given)
        failures = dealbreakers.form_failures(stage, questions, given)
        checks = []
    else:
        raise Invalid({"stage": "Only the resume and form stages can be tried here."})
    result = _score(stage, material)
    below = (
        result is not None
        and bool(stage.rubric and result.criteria)
        and result.total < stage.pass_threshold
    )
    if any(f.action == dealbreakers.DISQUALIFY for f in failures):
        verdict = "disqualified"
    elif failures or below:
        verdict = "review"
    elif result is None:
        verdict = "score_pending"
    else:
        verdict = "passed"
    return Trial(verdict, {}, failures, result, stage.pass_threshold, checks)
