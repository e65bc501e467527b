"""A recruiter's decisions: advance or reject by hand (overriding the engine), decide an
application in the review queue, grant or decline a candidate's request."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from heymilo_app.models import (
    Accommodation,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    AttemptStatus,
    User,
    utcnow,
)
from heymilo_app.services.common.access import owned_application, require_recruiter
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.pipeline import effects, invitations, transitions
from heymilo_app.services.pipeline.conductors import conductor_for
from heymilo_app.services.pipeline.records import Refused, attempt_of, record_event, stage_of
from heymilo_app.services.scoring.scoring import Scorer

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
    scorer: Scorer | None = None,
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
        scorer: The scorer of a stage finished on the way (a resume that came with the
            application); the configured one by default.

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
    stage = stage_of(session, application.current_stage_id)
    entered = None
    if advance:
        application.outcome_reason = ""
        application.finished_at = None
        record_event(session, application, "advanced", stage_id=stage.id, actor=user, detail=note)
        attempt = attempt_of(session, application, stage.id)
        if attempt is not None and attempt.finished_at is None:
            # The recruiter moves the candidate on past a stage they had not finished.
            attempt.finished_at = utcnow()
            attempt.status = AttemptStatus.PASSED
        entered = transitions.advance(session, application, stage)
    else:
        application.status = ApplicationStatus.DISQUALIFIED
        application.finished_at = utcnow()
        # A person decided: the engine's reason (if any) stands, and there is no further
        # review to ask for.
        application.review_requested_at = application.review_requested_at or utcnow()
        record_event(session, application, "rejected", stage_id=stage.id, actor=user, detail=note)
        if notify:
            invitations.invite(
                session=session,
                application=application,
                sender=user,
                kind="not_advancing",
                key=f"not_advancing:{application.id}:{_decision_count(session, application)}",
            )
    effects.after_transition(session, application, entered=entered, scorer=scorer)
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
    *,
    session: Session,
    user: User,
    application_id: int,
    advance: bool,
    note: str = "",
    scorer: Scorer | None = None,
) -> Application:
    """A recruiter decides an application in the review queue: on to the next stage, or not.

    Args:
        session: Database session.
        user: The acting recruiter.
        application_id: The application.
        advance: True to move on, False to disqualify.
        note: Why (kept with the decision; a default names the review).
        scorer: Passed to ``decide``.

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
        scorer=scorer,
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
    record_event(
        session, application, f"accommodation_{request.status}", actor=user, detail=request.kind
    )
    session.flush()
    current = (
        stage_of(session, application.current_stage_id) if application.current_stage_id else None
    )
    if (
        grant
        and request.kind == "text_instead_of_voice"
        and application.status == ApplicationStatus.IN_PROGRESS
        and current is not None
    ):
        conductor_for(current).text_granted(session, application, current)
    session.commit()
    return request
