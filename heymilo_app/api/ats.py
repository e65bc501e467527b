"""The ATS API: applicant tracking systems send candidates in and read results back.

``POST /api/ats/applications`` (Bearer organization API key) opens an application and sends
the invitation; the same ``external_id`` twice returns the first application, also when both
requests arrive at once (``intake.add_external_application``). ``GET
/api/applications/{id}`` reads one back. Errors: 401 wrong key, 404 unknown job or
application (or another organization's), 422 with the field named, 413 for a body over
2 MB (``guard``). The key is checked before the body is read or parsed: a stranger's request
costs one hash and one indexed lookup.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool

from heymilo_app import db
from heymilo_app.models import (
    Application,
    ApplicationSource,
    Job,
    Organization,
)
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.intake import intake
from heymilo_app.services.org import api_keys
from heymilo_app.services.pipeline import summaries

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
    source: str = Field(
        default="ats",
        min_length=1,
        max_length=40,
        description='"ats", "job_board", "csv", "manual", or the ATS\'s own name for the '
        'source ("greenhouse", "LinkedIn"), which is kept and shown with "ATS"',
    )
    external_id: str | None = Field(default=None, min_length=1, max_length=200)


# The largest id a database integer holds; a longer number is no id of ours.
MAX_ID = 2**63 - 1
UNAUTHORIZED = "A valid organization API key is required (Authorization: Bearer)."


def _error(status: int, message: str, field: str | None = None) -> JSONResponse:
    detail: dict = {"message": message}
    if field:
        detail["field"] = field
    return JSONResponse({"detail": [detail]}, status_code=status)


def _organization_id(authorization: str | None) -> int | None:
    """The organization whose API key the header carries (its own short session)."""
    scheme, _, key = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip() or len(key) > 200:
        return None
    with db.session_scope() as session:  # it notes when the key was last used
        organization = api_keys.organization_for_key(session=session, key=key.strip())
        return organization.id if organization is not None else None


def _is_channel(source: str) -> bool:
    return source.strip().lower() in {channel.value for channel in ApplicationSource}


def _channel(source: str) -> ApplicationSource:
    """The channel of a source: one of ours by name, else the ATS that named its own."""
    if _is_channel(source):
        return ApplicationSource(source.strip().lower())
    return ApplicationSource.ATS


def _id(reference: str) -> int | None:
    """A decimal id (ASCII digits only: "²" is a digit to Python, not to a database)."""
    if reference.isascii() and reference.isdigit() and 0 < int(reference) <= MAX_ID:
        return int(reference)
    return None


def _job(session: Session, organization: Organization, reference: str | int) -> Job | None:
    reference = str(reference).strip()
    query = select(Job).where(Job.organization_id == organization.id)
    if isinstance(reference, str) and reference.isascii() and reference.isdigit():
        job_id = _id(reference)
        return session.exec(query.where(Job.id == job_id)).first() if job_id else None
    return session.exec(query.where(Job.slug == reference[:200])).first()


@router.post(
    "/api/ats/applications",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": ApplicationIn.model_json_schema()}},
        }
    },
)
async def create_application(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> JSONResponse:
    """Open an application for a candidate and send the invitation."""
    organization_id = await run_in_threadpool(_organization_id, authorization)
    if organization_id is None:
        return _error(401, UNAUTHORIZED)
    raw = await request.body()  # capped while streaming (guard)
    try:
        body = ApplicationIn.model_validate_json(raw or b"null")
    except ValidationError as error:
        raise RequestValidationError(error.errors()) from error
    return await run_in_threadpool(_create, organization_id, body)


def _create(organization_id: int, body: ApplicationIn) -> JSONResponse:
    with db.session_scope() as session:
        organization = session.get(Organization, organization_id)
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
                source=_channel(body.source),
                resume_text=body.resume_text,
                external_id=body.external_id,
                source_name="" if _is_channel(body.source) else body.source,
            )
        except Invalid as error:
            session.rollback()
            field, message = next(iter(error.errors.items()))
            prefix = "" if field == "job" else "candidate."
            status = 409 if "already in this job" in message else 422
            return _error(status, message, f"{prefix}{field}")
        return JSONResponse(
            summaries.summary(session=session, application=application),
            status_code=201 if created else 200,
        )


@router.get("/api/applications/{application_id}")
def read_application(
    application_id: str, authorization: Annotated[str | None, Header()] = None
) -> JSONResponse:
    """Status, current stage and scores of one of the organization's applications."""
    organization_id = _organization_id(authorization)
    if organization_id is None:
        return _error(401, UNAUTHORIZED)
    wanted = _id(application_id)
    with db.session_scope(write=False) as session:
        application = session.get(Application, wanted) if wanted else None
        if application is None or application.organization_id != organization_id:
            return _error(404, "No such application in this organization.")
        return JSONResponse(summaries.summary(session=session, application=application))
