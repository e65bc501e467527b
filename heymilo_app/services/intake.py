"""Candidates in: a recruiter adds one by hand (CSV, ATS and job boards reuse the same steps).

``add_application`` validates the person, finds or creates the candidate in the organization,
refuses a second application to the same job, opens the application on the job's published
interview, and queues the invitation, all in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import phonenumbers
from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    Candidate,
    Job,
    JobStatus,
    User,
    utcnow,
)
from heymilo_app.services import invitations, jobs
from heymilo_app.services.access import require_recruiter
from heymilo_app.services.errors import Invalid
from heymilo_app.services.text import normalize_email
from heymilo_app.settings import get_settings


@dataclass(frozen=True)
class Person:
    """Who applies, as typed or imported."""

    first_name: str
    last_name: str
    email: str
    phone: str = ""


def normalize_phone(phone: str, region: str | None = None) -> str:
    """Read a phone number into E.164.

    Args:
        phone: As typed ("+1 415 555 0101", "(415) 555-0101", "").
        region: Region for numbers without a country code.

    Returns:
        E.164, or "" when nothing was typed.

    Raises:
        ValueError: With a message when the number is not valid.
    """
    phone = (phone or "").strip()
    if not phone:
        return ""
    try:
        number = phonenumbers.parse(phone, region or get_settings().default_phone_region)
    except phonenumbers.NumberParseException:
        raise ValueError(
            "Enter a phone number with its country code, e.g. +1 415 555 0101."
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError("This phone number is not valid.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


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

    Returns:
        The application.

    Raises:
        Invalid: For bad fields, an archived job, a job without a published interview, or a
            candidate already in this job (under "email").
    """
    person = validate_person(person)
    if job.status == JobStatus.ARCHIVED:
        raise Invalid({"job": "This job is archived; reopen it to add candidates."})
    if context is not None and context.interview is not None:
        interview, first_stage_id = context.interview, context.first_stage_id
    else:
        interview = jobs.published_interview(session=session, job=job)
        if interview is None:
            raise Invalid({"job": "Publish this job's interview before inviting candidates."})
        stages = jobs.interview_stages(session=session, interview=interview)
        first_stage_id = stages[0].id if stages else None
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
            raise Invalid({"email": "This candidate is already in this job."})
        candidate.first_name, candidate.last_name = person.first_name, person.last_name
        if person.phone:
            candidate.phone = person.phone
    if not sms_consent:
        candidate.sms_opt_out = True
    now = utcnow()
    application = Application(
        organization_id=job.organization_id,
        job_id=job.id,
        interview_id=interview.id,
        candidate_id=candidate.id,
        status=ApplicationStatus.INVITED,
        current_stage_id=first_stage_id,
        source=source,
        external_id=external_id,
        resume_text=(resume_text or "").strip(),
        invited_at=now,
        expires_at=now + timedelta(days=get_settings().invitation_days),
    )
    session.add(application)
    session.flush()
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


def add_candidate(
    *,
    session: Session,
    user: User,
    job_id: int | str,
    first_name: str,
    last_name: str,
    email: str,
    phone: str = "",
) -> Application:
    """A recruiter adds a candidate to a job by hand; the invitation goes out.

    Args:
        session: Database session.
        user: The acting recruiter.
        job_id: The job.
        first_name: First name.
        last_name: Last name.
        email: Email (always invited).
        phone: Phone, for text invitations when they are on.

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
    )
