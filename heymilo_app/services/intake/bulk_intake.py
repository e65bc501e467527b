"""Bulk intake: many people added to a job at once, in a handful of statements (CSV imports).

``add_applications`` takes the steps of ``intake.add_application`` for a chunk: one query
finds the organization's candidates with these emails, and new candidates, applications
and outbox rows are inserted with one Core statement each, every row filled with the
model's own defaults (``_row``). A unique constraint that a concurrent writer makes
conflict rolls the chunk back, and it is added person by person through
``intake.add_application`` instead.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from pydantic_core import PydanticUndefined
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from heymilo_app.models import (
    Application,
    ApplicationSource,
    Candidate,
    Job,
    JobStatus,
    Organization,
    OutboundMessage,
    User,
    utcnow,
)
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.intake import intake
from heymilo_app.services.messaging import messaging_policy
from heymilo_app.services.pipeline import invitations


@dataclass(frozen=True)
class Origin:
    """Where one application of a bulk import came from, and the resume that came with it."""

    source: ApplicationSource
    # The sender's own name for the source ("LinkedIn"), kept and shown; "" for none.
    source_name: str = ""
    resume_text: str = ""


@functools.cache
def _defaults(model: type[SQLModel]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A table's column defaults as the model declares them: values, and factories."""
    values: dict[str, Any] = {}
    factories: dict[str, Any] = {}
    for column in model.__table__.columns:
        info = model.model_fields.get(column.key)
        if column.primary_key or info is None:
            continue
        if info.default_factory is not None:
            factories[column.key] = info.default_factory
        elif info.default is not PydanticUndefined:
            values[column.key] = info.default
    return values, factories


def _row(model: type[SQLModel], **fields: Any) -> dict[str, Any]:
    """A whole row for a Core insert: the fields given, the model's defaults for the rest."""
    values, factories = _defaults(model)
    row = dict(values)
    row.update({name: make() for name, make in factories.items() if name not in fields})
    row.update(fields)
    return row


def add_applications(
    *,
    session: Session,
    job: Job,
    people: list[intake.Person],
    source: ApplicationSource,
    context: invitations.InvitationContext,
    sender: User | None = None,
    origins: list[Origin] | None = None,
    invite: bool = True,
) -> list[str | None]:
    """Open applications for many people at once and queue their invitations (bulk imports).

    The steps of ``intake.add_application`` for a chunk, in a handful of statements: one query finds
    the organization's candidates with these emails (they are reused, their names and phone
    updated), and new candidates, applications and outbox rows are inserted in one statement
    each. Should a concurrent writer make a row conflict (a unique constraint), the chunk is
    rolled back and added person by person instead. The caller commits.

    Args:
        session: Database session.
        job: The job (the caller checked it belongs to the acting organization).
        people: Validated people, each email once.
        source: csv, ...
        context: The job's invitation context.
        sender: The recruiter who adds them.
        origins: Per person, the source and resume of their application (default: ``source``,
            no resume). Resumes are checked for length by the caller.
        invite: False to add them without queuing any invitation.

    Returns:
        Per person: None when added, else why not (the message ``intake.add_application`` gives).
    """
    if not people:
        return []
    origins = origins or [Origin(source)] * len(people)
    if job.status == JobStatus.ARCHIVED:
        return [intake.ARCHIVED] * len(people)
    try:
        interview, first_stage_id = intake.interview_of(session, job, context)
    except Invalid:
        return [intake.UNPUBLISHED] * len(people)
    try:
        with session.begin_nested():
            return _insert_applications(
                session=session,
                job=job,
                people=people,
                source=source,
                context=context,
                sender=sender,
                interview_id=interview.id,
                first_stage_id=first_stage_id,
                origins=origins,
                invite=invite,
            )
    except IntegrityError:
        pass
    outcomes: list[str | None] = []
    for person, origin in zip(people, origins, strict=True):
        try:
            with session.begin_nested():
                intake.add_application(
                    session=session,
                    job=job,
                    person=person,
                    source=origin.source,
                    sender=sender,
                    context=context,
                    commit=False,
                    resume_text=origin.resume_text,
                    source_name=origin.source_name,
                    invite=invite,
                )
        except Invalid as error:
            outcomes.append(" ".join(error.errors.values()))
        except IntegrityError:
            # Another writer added this very person meanwhile: they are in, once.
            outcomes.append(intake.ALREADY_IN_JOB)
        else:
            outcomes.append(None)
    return outcomes


def _insert_applications(
    *,
    session: Session,
    job: Job,
    people: list[intake.Person],
    source: ApplicationSource,
    context: invitations.InvitationContext,
    sender: User | None,
    interview_id: int,
    first_stage_id: int | None,
    origins: list[Origin],
    invite: bool,
) -> list[str | None]:
    """The statements of ``add_applications`` (inside its savepoint)."""
    candidates = Candidate.__table__
    existing = {
        row.email: dict(row._mapping)
        for row in session.execute(
            sa.select(candidates).where(
                candidates.c.organization_id == job.organization_id,
                candidates.c.email.in_([person.email for person in people]),
            )
        )
    }
    in_job: set[int] = set()
    if existing:
        in_job = set(
            session.scalars(
                sa.select(Application.candidate_id).where(
                    Application.job_id == job.id,
                    Application.candidate_id.in_([row["id"] for row in existing.values()]),
                )
            )
        )
    outcomes: list[str | None] = []
    people_in: list[tuple[intake.Person, Origin]] = []
    updates: list[dict[str, Any]] = []
    new_rows: list[dict[str, Any]] = []
    for person, origin in zip(people, origins, strict=True):
        known = existing.get(person.email)
        if known is not None and known["id"] in in_job:
            outcomes.append(intake.ALREADY_IN_JOB)
            continue
        outcomes.append(None)
        people_in.append((person, origin))
        if known is None:
            new_rows.append(
                _row(
                    Candidate,
                    organization_id=job.organization_id,
                    first_name=person.first_name,
                    last_name=person.last_name,
                    email=person.email,
                    phone=person.phone,
                )
            )
        else:
            known.update(first_name=person.first_name, last_name=person.last_name)
            known["phone"] = person.phone or known["phone"]
            updates.append(
                {
                    "b_id": known["id"],
                    "b_first": person.first_name,
                    "b_last": person.last_name,
                    "b_phone": person.phone,
                }
            )
    if updates:
        session.execute(
            sa.update(candidates)
            .where(candidates.c.id == sa.bindparam("b_id"))
            .values(
                first_name=sa.bindparam("b_first"),
                last_name=sa.bindparam("b_last"),
                # A phone in the file replaces the known one; no phone keeps it.
                phone=sa.func.coalesce(
                    sa.func.nullif(sa.bindparam("b_phone"), ""), candidates.c.phone
                ),
            ),
            updates,
        )
    if new_rows:
        inserted = session.execute(
            sa.insert(candidates).returning(candidates.c.id, candidates.c.email), new_rows
        )
        ids = {email: candidate_id for candidate_id, email in inserted}
        for row in new_rows:
            existing[row["email"]] = {**row, "id": ids[row["email"]]}
    if not people_in:
        return outcomes
    now = utcnow()
    valid_days = messaging_policy.invitation_days(session.get(Organization, job.organization_id))
    application_rows = [
        _row(
            Application,
            **intake.application_values(
                job=job,
                interview_id=interview_id,
                first_stage_id=first_stage_id,
                candidate_id=existing[person.email]["id"],
                source=origin.source,
                source_name=origin.source_name,
                resume_text=origin.resume_text,
                invite=invite,
                now=now,
                valid_days=valid_days,
            ),
        )
        for person, origin in people_in
    ]
    applications = Application.__table__
    inserted = session.execute(
        sa.insert(applications).returning(applications.c.id, applications.c.token),
        application_rows,
    )
    if not invite:
        return outcomes
    ids = {token: application_id for application_id, token in inserted}
    messages: list[dict[str, Any]] = []
    for (person, _), row in zip(people_in, application_rows, strict=True):
        # Plain records with the rows' columns stand in for the ORM objects (read only).
        for message in invitations.invitation_messages(
            application=SimpleNamespace(**row, id=ids[row["token"]]),
            candidate=SimpleNamespace(**existing[person.email]),
            context=context,
            sender=sender,
        ):
            messages.append(_row(OutboundMessage, **message))
    session.execute(sa.insert(OutboundMessage.__table__), messages)
    return outcomes
