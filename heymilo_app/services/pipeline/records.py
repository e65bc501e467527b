"""What the pipeline reads and records: an application by its link's token, a stage and its
attempt, the events of an application's history, and the shapes its answers take (a refused
transition, the candidate's journey, what finishing a stage did)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from heymilo_app.models import (
    Accommodation,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Branding,
    Candidate,
    Job,
    Organization,
    Question,
    Score,
    Stage,
    StageAttempt,
    User,
)
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.messaging.messaging_policy import lapsed
from heymilo_app.services.stages import dealbreakers

# The statuses of an interview the candidate may still work on.
ACTIVE = (ApplicationStatus.INVITED, ApplicationStatus.IN_PROGRESS)


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


@dataclass(frozen=True)
class Finished:
    """A stage just finished, before the side effects of its transition run
    (``effects.after_transition``)."""

    stage: Stage
    attempt: StageAttempt
    score: Score | None
    failures: list[dealbreakers.Failure]
    # The stage the application moved on to, if it did.
    entered: Stage | None = None

    def outcome(self, application: Application) -> Outcome:
        """What finishing the stage did, as the candidate's page is told it.

        Args:
            application: The application, once the effects have run.

        Returns:
            The outcome.
        """
        return Outcome(
            status=str(application.status),
            attempt_status=str(self.attempt.status),
            score=self.score,
            failures=self.failures,
        )


def application_by_token(session: Session, token: str, *, lock: bool = False) -> Application:
    """The application of a candidate's link.

    Args:
        session: Database session.
        token: The token of ``/i/{token}``.
        lock: Lock the row (PostgreSQL) for a transition.

    Returns:
        The application.

    Raises:
        NotFound: For an unknown token.
    """
    if not token or len(token) > 64:
        raise NotFound("Unknown interview link.")
    query = select(Application).where(Application.token == token)
    if lock and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    application = session.exec(query).first()
    if application is None:
        raise NotFound("Unknown interview link.")
    return application


def attempt_of(session: Session, application: Application, stage_id: int) -> StageAttempt | None:
    """The application's attempt at a stage, if it has one.

    Args:
        session: Database session.
        application: The application.
        stage_id: The stage.

    Returns:
        The attempt, or None.
    """
    return session.exec(
        select(StageAttempt).where(
            StageAttempt.application_id == application.id, StageAttempt.stage_id == stage_id
        )
    ).first()


def open_attempt(session: Session, application: Application, stage: Stage) -> StageAttempt:
    """Open the application's attempt at a stage.

    Args:
        session: Database session (flushed, so the attempt has its id).
        application: The application.
        stage: The stage.

    Returns:
        The new attempt.
    """
    attempt = StageAttempt(application_id=application.id, stage_id=stage.id)
    session.add(attempt)
    session.flush()
    return attempt


def stage_of(session: Session, stage_id: int | None) -> Stage:
    """A stage that must exist.

    Args:
        session: Database session.
        stage_id: The stage.

    Returns:
        The stage.

    Raises:
        Refused: When it no longer exists.
    """
    stage = session.get(Stage, stage_id) if stage_id else None
    if stage is None:
        raise Refused("This stage no longer exists.")
    return stage


def record_event(
    session: Session,
    application: Application,
    kind: str,
    *,
    stage_id: int | None = None,
    actor: User | None = None,
    detail: str = "",
) -> None:
    """Add an event to the application's history (the caller commits).

    Args:
        session: Database session.
        application: The application.
        kind: What happened ("started", "stage_finished", "advanced", ...).
        stage_id: The stage it happened at, if any.
        actor: The recruiter who acted, if one did.
        detail: Words kept with it (cut at 2,000 characters).
    """
    session.add(
        ApplicationEvent(
            application_id=application.id,
            kind=kind,
            stage_id=stage_id,
            actor_id=actor.id if actor else None,
            detail=detail[:2000],
        )
    )


def gone_screen(application: Application) -> str:
    """The screen of a link that is gone (410): "expired" or "withdrawn"; else empty.

    Args:
        application: The application.

    Returns:
        "expired", "withdrawn" or "".
    """
    if lapsed(application):
        return "expired"
    return "withdrawn" if application.status == ApplicationStatus.WITHDRAWN else ""


def check_open(application: Application) -> None:
    """Refuse a candidate's step on an interview that is no longer open.

    Args:
        application: The application.

    Raises:
        Refused: When it lapsed or is over.
    """
    if lapsed(application):
        raise Refused("This invitation has expired; ask the recruiter to extend it.")
    if application.status not in ACTIVE:
        raise Refused("This interview is no longer open.")
