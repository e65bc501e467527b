"""The ATS API: applicant tracking systems send candidates in and read results back.

``POST /api/ats/applications`` (Bearer organization API key) opens an application and sends
the invitation; the same ``external_id`` twice returns the first application, also when both
requests arrive at once (``intake.add_external_application``). ``GET
/api/applications/{id}`` reads one back. Errors: 401 wrong key, 404 unknown job or
application (or another organization's), 422 with the field named.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session, select

from heymilo_app import db
from heymilo_app.models import (
    Application,
    ApplicationSource,
    Job,
    Organization,
)
from heymilo_app.services import api_keys, applications, intake
from heymilo_app.services.errors import Invalid

router = APIRouter()


class CandidateIn(BaseModel):
    """The person applying."""

    model_config = ConfigDict(extra="forbid")

    first_name: str = Field(min_length=1, max_length=120)
    last_name: str = Field(default="", max_length=120)
    email: str = Field(min_length=3, max_length=320)
    phone: str = Field(default="", max_length=40)


class ApplicationIn(BaseModel):
    """The body of ``POST /api/ats/applications``."""

    model_config = ConfigDict(extra="forbid")

    job: str | int = Field(description="The job's id or slug")
    candidate: CandidateIn
    resume_text: str = Field(default="", max_length=200_000)
    source: Literal["ats", "job_board", "csv", "manual"] = "ats"
    external_id: str | None = Field(default=None, min_length=1, max_length=200)


def _session():
    with db.session_scope() as session:
        yield session


DbSession = Annotated[Session, Depends(_session)]


def _error(status: int, message: str, field: str | None = None) -> JSONResponse:
    detail: dict = {"message": message}
    if field:
        detail["field"] = field
    return JSONResponse({"detail": [detail]}, status_code=status)


def _organization(session: Session, authorization: str | None) -> Organization | None:
    scheme, _, key = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        return None
    return api_keys.organization_for_key(session=session, key=key.strip())


def _job(session: Session, organization: Organization, reference: str | int) -> Job | None:
    reference = str(reference).strip()
    query = select(Job).where(Job.organization_id == organization.id)
    if reference.isdigit():
        return session.exec(query.where(Job.id == int(reference))).first()
    return session.exec(query.where(Job.slug == reference)).first()


@router.post("/api/ats/applications")
def create_application(
    body: ApplicationIn,
    session: DbSession,
    authorization: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    """Open an application for a candidate and send the invitation."""
    organization = _organization(session, authorization)
    if organization is None:
        return _error(401, "A valid organization API key is required (Authorization: Bearer).")
    job = _job(session, organization, body.job)
    if job is None:
        return _error(404, "No such job in this organization.", "job")
    try:
        application, created = intake.add_external_application(
            session=session,
            job=job,
            person=intake.Person(
                body.candidate.first_name,
                body.candidate.last_name,
                body.candidate.email,
                body.candidate.phone,
            ),
            source=ApplicationSource(body.source),
            resume_text=body.resume_text,
            external_id=body.external_id,
        )
    except Invalid as error:
        session.rollback()
        field, message = next(iter(error.errors.items()))
        prefix = "" if field == "job" else "candidate."
        status = 409 if "already in this job" in message else 422
        return _error(status, message, f"{prefix}{field}")
    return JSONResponse(
        applications.summary(session=session, application=application),
        status_code=201 if created else 200,
    )


@router.get("/api/applications/{application_id}")
def read_application(
    application_id: int,
    session: DbSession,
    authorization: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    """Status, current stage and scores of one of the organization's applications."""
    organization = _organization(session, authorization)
    if organization is None:
        return _error(401, "A valid organization API key is required (Authorization: Bearer).")
    application = session.get(Application, application_id)
    if application is None or application.organization_id != organization.id:
        return _error(404, "No such application in this organization.")
    return JSONResponse(applications.summary(session=session, application=application))
