"""The public job board: an apply page per published job (/apply/{slug}).

Applying opens the application and sends the invitation like any other intake, then the
candidate goes straight into the interview. Someone who applies again with the same email is
told that the link was emailed to that address, and it is (at most once every
``RESEND_EVERY``, while the interview is open): the page never hands out another person's link,
and never says "you have applied before".

The page is public, so it is limited (``rate_limits``): ``APPLY_LIMIT_PER_ADDRESS`` applications
an hour from one client address, and ``APPLY_LIMIT_PER_EMAIL`` an hour naming one email, new or
again; past either
the page asks to try later and nothing is created or sent, so it cannot be used to send mail
to someone over and over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlmodel import Session, func, select

from heymilo_app.models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    Branding,
    Candidate,
    Channel,
    Job,
    JobStatus,
    Organization,
    OutboundMessage,
    Question,
    Stage,
    utcnow,
)
from heymilo_app.services.common import i18n, rate_limits
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.intake import intake
from heymilo_app.services.jobs import jobs
from heymilo_app.services.messaging.messaging_policy import lapsed
from heymilo_app.services.org import branding
from heymilo_app.services.pipeline import resends
from heymilo_app.settings import get_settings

# The limits' window (the counts are settings: APPLY_LIMIT_PER_ADDRESS, APPLY_LIMIT_PER_EMAIL).
LIMIT_WINDOW = timedelta(hours=1)
# The link is emailed again on a repeated application at most this often.
RESEND_EVERY = timedelta(minutes=10)


@dataclass(frozen=True)
class PublicJob:
    """What the apply page shows."""

    job: Job
    organization: Organization
    branding: Branding
    stages: list[Stage]
    # Every stage's questions (for how long each takes), by stage id.
    stage_questions: dict[int, list[Question]] = field(default_factory=dict)


def public_job(*, session: Session, slug: str) -> PublicJob:
    """A job that takes applications, by its public slug.

    Args:
        session: Database session.
        slug: From /apply/{slug}.

    Returns:
        The job with its organization's look and its interview's stages.

    Raises:
        NotFound: For an unknown or archived job, or one without a published interview.
    """
    job = session.exec(select(Job).where(Job.slug == (slug or ""))).first()
    if job is None or job.status == JobStatus.ARCHIVED:
        raise NotFound("This job is not open for applications.")
    interview = jobs.published_interview(session=session, job=job)
    if interview is None:
        raise NotFound("This job is not open for applications.")
    organization = session.get(Organization, job.organization_id)
    stages = jobs.interview_stages(session=session, interview=interview)
    return PublicJob(
        job=job,
        organization=organization,
        branding=branding.get_branding(session=session, organization_id=organization.id),
        stages=stages,
        stage_questions=jobs.questions_by_stage(session, stages),
    )


@dataclass(frozen=True)
class Applied:
    """What applying came to."""

    # The new application (the page goes into its interview), or None when the email had
    # applied to this job before (the page says the link was emailed to it).
    application: Application | None
    # The address the link went to, as given.
    email: str


def apply(
    *,
    session: Session,
    slug: str,
    first_name: str,
    last_name: str,
    email: str,
    phone: str,
    resume_text: str,
    sms_consent: bool,
    client_address: str = "",
) -> Applied:
    """Apply to a job from its public page.

    Args:
        session: Database session.
        slug: The job's public slug.
        first_name: First name.
        last_name: Last name.
        email: Email (the invitation goes there too).
        phone: Phone, optional.
        resume_text: Text of the uploaded or pasted resume.
        sms_consent: Whether the candidate agreed to text messages.
        client_address: The browser's address (for the limit per address).

    Returns:
        The new application, or, when this email applied to the job before, none (its link
        was emailed again if the interview is open and it was not sent in ``RESEND_EVERY``).

    Raises:
        NotFound: When the job takes no applications.
        Invalid: With a message per field; under "form" when the limits are reached.
    """
    listing = public_job(session=session, slug=slug)
    settings = get_settings()
    language = listing.organization.language
    key = (email or "").strip().lower()[:320]
    busy = Invalid({"form": i18n.t(language, "apply_too_many")})
    if not rate_limits.allow(
        session=session,
        bucket="apply-address",
        key=client_address,
        limit=settings.apply_limit_per_address,
        window=LIMIT_WINDOW,
    ):
        session.rollback()
        raise busy
    if key and not rate_limits.allow(
        session=session,
        bucket="apply-email",
        key=key,
        limit=settings.apply_limit_per_email,
        window=LIMIT_WINDOW,
    ):
        session.rollback()
        raise busy
    # The hits stay counted whatever happens next (a bad field is a try too).
    session.commit()
    try:
        application = intake.add_application(
            session=session,
            job=listing.job,
            person=intake.Person(first_name, last_name, email, phone),
            source=ApplicationSource.JOB_BOARD,
            resume_text=resume_text,
            sms_consent=sms_consent,
        )
    except Invalid as error:
        session.rollback()
        if error.errors.get("email") != intake.ALREADY_IN_JOB:
            raise
        _send_link_again(
            session,
            listing.job,
            intake.validate_person(intake.Person(first_name, last_name, email, phone)).email,
        )
        return Applied(application=None, email=email.strip())
    return Applied(application=application, email=email.strip())


def _send_link_again(session: Session, job: Job, email: str) -> None:
    """Email an application's link again, when its interview is open and it was not just sent."""
    application = session.exec(
        select(Application)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .where(Application.job_id == job.id, Candidate.email == email)
    ).first()
    if application is None or application.status not in (
        ApplicationStatus.INVITED,
        ApplicationStatus.IN_PROGRESS,
    ):
        return
    if lapsed(application):
        return
    last = session.exec(
        select(func.max(OutboundMessage.created_at)).where(
            OutboundMessage.application_id == application.id,
            OutboundMessage.kind == "invitation",
            OutboundMessage.channel == Channel.EMAIL,
        )
    ).one()
    if last is not None and last > utcnow() - RESEND_EVERY:
        return
    resends.resend(session=session, application=application)
    session.commit()
