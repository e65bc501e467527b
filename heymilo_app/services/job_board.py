"""The public job board: an apply page per published job (/apply/{slug}).

Applying opens the application and sends the invitation like any other intake, then the
candidate goes straight into the interview. Someone who applies again with the same email is
told to use the link already sent to them: the page never hands out another person's link.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    ApplicationSource,
    Branding,
    Job,
    JobStatus,
    Organization,
    Question,
    Stage,
)
from heymilo_app.services import branding, intake, jobs
from heymilo_app.services.errors import Invalid, NotFound


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
) -> Application:
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

    Returns:
        The new application.

    Raises:
        NotFound: When the job takes no applications.
        Invalid: With a message per field (an existing application under "email").
    """
    listing = public_job(session=session, slug=slug)
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
        if "already in this job" in error.errors.get("email", ""):
            raise Invalid(
                {
                    "email": "You have already applied with this email. Use the link "
                    "in the invitation we sent you."
                }
            ) from None
        raise
    return application
