"""Candidates in: a recruiter adds one by hand (CSV, ATS and job boards reuse the same steps).

``add_application`` validates the person, finds or creates the candidate in the organization,
refuses a second application to the same job, opens the application on the job's published
interview, and queues the invitation, all in one transaction. ``add_external_application``
makes the ATS's calls safe to repeat, even at the same moment; ``add_candidate`` is the
recruiter's form. ``bulk_intake`` takes the same steps for a chunk of people at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    Candidate,
    Interview,
    Job,
    JobStatus,
    Organization,
    User,
    utcnow,
)
from heymilo_app.services.common.access import require_recruiter
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.common.text import normalize_email, normalize_phone
from heymilo_app.services.jobs import jobs
from heymilo_app.services.messaging import messaging_policy
from heymilo_app.services.pipeline import invitations
from heymilo_app.services.scoring import resumes

ARCHIVED = "This job is archived; reopen it to add candidates."
UNPUBLISHED = "Publish this job's interview before inviting candidates."
ALREADY_IN_JOB = "This candidate is already in this job."
RESUME_TOO_LONG = "The resume is too long; paste its main part."
# Attempts of an ATS call that lost a race to a concurrent one (see add_external_application).
RACE_ATTEMPTS = 3


@dataclass(frozen=True)
class Person:
    """Who applies, as typed or imported."""

    first_name: str
    last_name: str
    email: str
    phone: str = ""


def validate_person(person: Person) -> Person:
    """Check and normalize a person's fields.

    Args:
        person: As typed.

    Returns:
        The normalized person.

    Raises:
        Invalid: With a message per field.
    """
    errors: dict[str, str] = {}
    first = " ".join((person.first_name or "").split())
    last = " ".join((person.last_name or "").split())
    if not first:
        errors["first_name"] = "Enter the first name."
    elif len(first) > 120:
        errors["first_name"] = "Keep the first name under 120 characters."
    if len(last) > 120:
        errors["last_name"] = "Keep the last name under 120 characters."
    email = ""
    try:
        email = normalize_email(person.email)
    except ValueError as error:
        errors["email"] = str(error)
    phone = ""
    try:
        phone = normalize_phone(person.phone)
    except ValueError as error:
        errors["phone"] = str(error)
    if errors:
        raise Invalid(errors)
    return Person(first, last, email, phone)


def add_application(
    *,
    session: Session,
    job: Job,
    person: Person,
    source: ApplicationSource,
    sender: User | None = None,
    resume_text: str = "",
    external_id: str | None = None,
    context: invitations.InvitationContext | None = None,
    commit: bool = True,
    sms_consent: bool = True,
    source_name: str = "",
    invite: bool = True,
) -> Application:
    """Open an application on a job's published interview and queue the invitation.

    The caller has checked that ``job`` belongs to the acting organization.

    Args:
        session: Database session.
        job: The job.
        person: Who applies (validated here).
        source: manual, csv, ats or job_board.
        sender: The recruiter who adds them, if any.
        resume_text: A resume that came with the application.
        external_id: The ATS's id of the application.
        context: Invitation templates read beforehand (bulk imports).
        commit: Commit at the end (bulk imports commit in chunks instead).
        sms_consent: False when the candidate declined texts (job board): none are sent.
        source_name: The sender's own name for the source ("greenhouse", "LinkedIn").
        invite: False to add the application without queuing its invitation (it has no
            ``invited_at`` nor deadline until one is sent).

    Returns:
        The application.

    Raises:
        Invalid: For bad fields, an archived job, a job without a published interview, or a
            candidate already in this job (under "email").
    """
    if len((resume_text or "").strip()) > resumes.MAX_CHARACTERS:
        raise Invalid({"resume": RESUME_TOO_LONG})
    person = validate_person(person)
    if job.status == JobStatus.ARCHIVED:
        raise Invalid({"job": ARCHIVED})
    interview, first_stage_id = interview_of(session, job, context)
    candidate = session.exec(
        select(Candidate).where(
            Candidate.organization_id == job.organization_id, Candidate.email == person.email
        )
    ).first()
    if candidate is None:
        candidate = Candidate(
            organization_id=job.organization_id,
            first_name=person.first_name,
            last_name=person.last_name,
            email=person.email,
            phone=person.phone,
        )
        session.add(candidate)
        session.flush()
    else:
        if session.exec(
            select(Application.id).where(
                Application.job_id == job.id, Application.candidate_id == candidate.id
            )
        ).first():
            raise Invalid({"email": ALREADY_IN_JOB})
        candidate.first_name, candidate.last_name = person.first_name, person.last_name
        if person.phone:
            candidate.phone = person.phone
    if not sms_consent:
        candidate.sms_opt_out = True
    application = Application(
        **application_values(
            job=job,
            interview_id=interview.id,
            first_stage_id=first_stage_id,
            candidate_id=candidate.id,
            source=source,
            external_id=external_id,
            resume_text=resume_text,
            source_name=source_name,
            invite=invite,
            now=utcnow(),
            valid_days=messaging_policy.invitation_days(
                session.get(Organization, job.organization_id)
            ),
        )
    )
    session.add(application)
    session.flush()
    if invite:
        invitations.invite(
            session=session,
            application=application,
            sender=sender,
            context=context,
            candidate=candidate,
            fresh=True,
        )
    if commit:
        session.commit()
    return application


def add_external_application(
    *,
    session: Session,
    job: Job,
    person: Person,
    source: ApplicationSource,
    resume_text: str = "",
    external_id: str | None = None,
    source_name: str = "",
) -> tuple[Application, bool]:
    """Open an application an ATS sent, or return the one it sent before under the same id.

    Safe to repeat, also at the same moment: when a concurrent call with the same
    ``external_id`` (or the same person) commits first, the unique constraints refuse this
    one's rows; it rolls back and answers as if it had come second: the existing application
    for the same ``external_id``, else "already in this job" for the same person.

    Args:
        session: Database session (rolled back after a lost race).
        job: The job (the caller checked it belongs to the organization).
        person: Who applies (validated here).
        source: Where the ATS says the candidate came from.
        resume_text: A resume that came with the application.
        external_id: The ATS's id of the application.
        source_name: The ATS's own name for the source ("greenhouse"), kept and shown.

    Returns:
        The application, and whether this call created it.

    Raises:
        Invalid: As ``add_application`` does (the person already in the job under "email").
    """
    organization_id = job.organization_id
    attempts = 0
    while True:
        if external_id:
            existing = session.exec(
                select(Application).where(
                    Application.organization_id == organization_id,
                    Application.external_id == external_id,
                )
            ).first()
            if existing is not None:
                return existing, False
        try:
            application = add_application(
                session=session,
                job=job,
                person=person,
                source=source,
                resume_text=resume_text,
                external_id=external_id,
                source_name=source_name,
            )
        except IntegrityError:
            # A concurrent call committed the same candidate, application or external id
            # first; the next attempt sees its rows, as a call that came second would.
            session.rollback()
            attempts += 1
            if attempts == RACE_ATTEMPTS:
                raise
            continue
        return application, True


def interview_of(
    session: Session, job: Job, context: invitations.InvitationContext | None
) -> tuple[Interview, int | None]:
    """The job's published interview and its first stage (from the context when it has them).

    Args:
        session: Database session.
        job: The job.
        context: The job's invitation context, read beforehand (bulk imports), or None.

    Returns:
        The interview, and its first stage's id (None for an interview without stages).

    Raises:
        Invalid: When the job has no published interview.
    """
    if context is not None and context.interview is not None:
        return context.interview, context.first_stage_id
    interview = jobs.published_interview(session=session, job=job)
    if interview is None:
        raise Invalid({"job": UNPUBLISHED})
    stages = jobs.interview_stages(session=session, interview=interview)
    return interview, stages[0].id if stages else None


def application_values(
    *,
    job: Job,
    interview_id: int,
    first_stage_id: int | None,
    candidate_id: int,
    source: ApplicationSource,
    now: datetime,
    valid_days: int,
    external_id: str | None = None,
    resume_text: str = "",
    source_name: str = "",
    invite: bool = True,
) -> dict[str, Any]:
    """The fields of a new application (one place for single and bulk intake).

    An application added without inviting has no ``invited_at`` and no deadline: reminders
    skip it, and its deadline starts when an invitation is sent.

    Args:
        job: The job.
        interview_id: Its published interview.
        first_stage_id: The interview's first stage.
        candidate_id: Who applies.
        source: manual, csv, ats or job_board.
        now: The time of the intake.
        valid_days: Days the invitation is valid (the organization's setting).
        external_id: The ATS's id of the application.
        resume_text: A resume that came with the application.
        source_name: The sender's own name for the source (cut to 40 characters).
        invite: False when no invitation is queued now.

    Returns:
        Column name to value.
    """
    return {
        "organization_id": job.organization_id,
        "job_id": job.id,
        "interview_id": interview_id,
        "candidate_id": candidate_id,
        "status": ApplicationStatus.INVITED,
        "current_stage_id": first_stage_id,
        "source": source,
        "external_id": external_id,
        "source_name": (source_name or "").strip()[:40],
        "resume_text": (resume_text or "").strip(),
        "invited_at": now if invite else None,
        "expires_at": now + timedelta(days=valid_days) if invite else None,
    }


def add_candidate(
    *,
    session: Session,
    user: User,
    job_id: int | str,
    first_name: str,
    last_name: str,
    email: str,
    phone: str = "",
    resume_text: str = "",
) -> Application:
    """A recruiter adds a candidate to a job by hand; the invitation goes out.

    A resume given here is kept with the application, so its resume stage is screened when
    the candidate starts, without asking them for it again.

    Args:
        session: Database session.
        user: The acting recruiter.
        job_id: The job.
        first_name: First name.
        last_name: Last name.
        email: Email (always invited).
        phone: Phone, for text invitations when they are on.
        resume_text: The resume's text (read from a file or pasted), optional.

    Returns:
        The application.

    Raises:
        Invalid: With a message per field; nothing is created.
        NotFound: When the job is not the organization's.
        PermissionDenied: For hiring managers.
    """
    require_recruiter(user)
    job = jobs.get_job(session=session, user=user, job_id=job_id)
    return add_application(
        session=session,
        job=job,
        person=Person(first_name, last_name, email, phone),
        source=ApplicationSource.MANUAL,
        sender=user,
        resume_text=resume_text,
    )
