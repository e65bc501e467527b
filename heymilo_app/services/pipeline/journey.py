"""The candidate's link: what it shows now, the HTTP status it answers with, and the start of
the interview."""

from __future__ import annotations

from sqlmodel import Session, select

from heymilo_app.models import (
    Accommodation,
    ApplicationStatus,
    Candidate,
    Interview,
    Job,
    Organization,
    utcnow,
)
from heymilo_app.services.common.errors import NotFound
from heymilo_app.services.jobs.jobs import interview_stages, questions_by_stage
from heymilo_app.services.org.branding import get_branding
from heymilo_app.services.pipeline import effects, transitions
from heymilo_app.services.pipeline.conductors import conductor_for
from heymilo_app.services.pipeline.links import sms_number
from heymilo_app.services.pipeline.records import (
    Journey,
    Refused,
    application_by_token,
    attempt_of,
    check_open,
    gone_screen,
    record_event,
    stage_of,
)
from heymilo_app.services.scoring.scoring import Scorer


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
    application = application_by_token(session, token)
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
    gone = gone_screen(application)
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
        view.attempt = attempt_of(session, application, current.id)
        if conductor_for(current).on_page:
            view.screen = "stage"
            view.questions = view.stage_questions[current.id]
        else:
            view.screen = "waiting"
            view.text_to = sms_number(view.candidate, session=session)
    return view


def link_http_status(*, session: Session, token: str) -> int:
    """The HTTP status the page of a candidate link answers with.

    It reads the rule ``journey`` picks its first screens by (``records.gone_screen``), so the
    two never disagree: 404 for an unknown link, 410 Gone for an expired or withdrawn one, 200
    for everything the page has to say (the welcome, a stage, a wait, a review, the thank-you
    or disqualified page).

    Args:
        session: Database session.
        token: The token from ``/i/{token}``.

    Returns:
        404, 410 or 200.
    """
    try:
        application = application_by_token(session, token)
    except NotFound:
        return 404
    return 410 if gone_screen(application) else 200


def start(*, session: Session, token: str, scorer: Scorer | None = None) -> Journey:
    """The candidate presses Start: the first stage opens (again, if they come back).

    Args:
        session: Database session.
        token: The link's token.
        scorer: The scorer of a resume that came with the application; the configured one by
            default.

    Returns:
        The journey afterwards.

    Raises:
        Refused: When the interview is not open.
        NotFound: For an unknown token.
    """
    application = application_by_token(session, token, lock=True)
    check_open(application)
    entered = None
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
        record_event(session, application, "started")
        session.flush()
        entered = stage_of(session, application.current_stage_id)
        transitions.enter(session, application, entered)
    effects.after_transition(session, application, entered=entered, scorer=scorer)
    return journey(session=session, token=token)
