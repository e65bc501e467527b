"""Importing candidates from a CSV file into a job, inviting every valid row or none.

The file is read by ``csv_file`` and its columns matched by ``csv_columns``; here each row
becomes a person and the origin of their application. The import reports each skipped row
and why (invalid email, invalid phone, duplicate in file, already in this job), and every
valid row goes in even when others fail, in chunks added by ``bulk_intake``. A source
column holds a channel ("csv", "job_board", ...) or the source's own name ("LinkedIn"),
stored as the ATS API stores its ``source``; a resume column's text is kept with the
application, as a resume pasted by hand is. The recruiter invites everyone now or adds them
without inviting.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import Session, select

from heymilo_app.models import Application, ApplicationSource, Candidate, Job, User
from heymilo_app.services.common.access import require_recruiter
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.intake import bulk_intake, intake
from heymilo_app.services.intake.csv_columns import FIELD_LABELS, mapping_problem
from heymilo_app.services.intake.csv_file import ParsedCsv
from heymilo_app.services.jobs import jobs
from heymilo_app.services.pipeline import invitations
from heymilo_app.services.scoring import resumes

# Rows committed together at most; smaller imports go in smaller chunks, so that progress is
# reported at least every 1/PROGRESS_STEPS of the file (see chunk_size).
CHUNK = 500
PROGRESS_STEPS = 20
# The longest source name kept (the column's size; the ATS API takes as much).
MAX_SOURCE = 40


def _cell(row: list[str], mapping: dict[str, int], name: str) -> str:
    """A field's cell of a row ("" when the field has no column or the row is short)."""
    index = mapping.get(name)
    return row[index].strip() if index is not None and index < len(row) else ""


def person_from_row(row: list[str], mapping: dict[str, int]) -> intake.Person:
    """The person a row describes.

    Args:
        row: The cells.
        mapping: Field to column index.

    Returns:
        The person (not yet validated).
    """

    def cell(name: str) -> str:
        return _cell(row, mapping, name)

    first, last = cell("first_name"), cell("last_name")
    if not first and cell("full_name"):
        first, _, rest = cell("full_name").partition(" ")
        last = last or rest
    return intake.Person(first, last, cell("email"), cell("phone"))


def source_of(value: str) -> tuple[ApplicationSource, str]:
    """The channel and source name a source cell gives, as the ATS API reads its ``source``.

    A channel's own name ("csv", "job_board", "Job board") is that channel; any other name
    ("LinkedIn", "referral") is kept as the source name of a CSV application.

    Args:
        value: The cell.

    Returns:
        The channel, and the source name ("" for none).
    """
    name = " ".join(value.split())
    key = re.sub(r"[\s-]+", "_", name.lower())
    if key in {channel.value for channel in ApplicationSource}:
        return ApplicationSource(key), ""
    return ApplicationSource.CSV, name[:MAX_SOURCE]


def origin_from_row(row: list[str], mapping: dict[str, int]) -> bulk_intake.Origin:
    """The source and resume a row gives its application.

    Args:
        row: The cells.
        mapping: Field to column index.

    Returns:
        The origin (the resume not yet checked for length).
    """
    source, source_name = source_of(_cell(row, mapping, "source"))
    return bulk_intake.Origin(
        source=source, source_name=source_name, resume_text=_cell(row, mapping, "resume")
    )


def chunk_size(total: int) -> int:
    """Rows committed together in an import of ``total`` rows.

    At most ``CHUNK`` (large imports keep their few statements per 500 rows), and small enough
    that progress moves at least every 1/``PROGRESS_STEPS`` of the file (an import of 60 rows
    goes in chunks of 3, not in one).

    Args:
        total: Rows in the file.

    Returns:
        The chunk size, at least 1.
    """
    return max(1, min(CHUNK, math.ceil(total / PROGRESS_STEPS)))


@dataclass
class ImportReport:
    """What an import did: how many went in, and each skipped row with its reason."""

    total: int = 0
    added: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    # Whether the added candidates were invited.
    invited: bool = True

    def summary(self) -> str:
        """What the import did, in a sentence ("Added 12 candidates; no invitations sent.")."""
        people = "candidate" if self.total == 1 else "candidates"
        counted = f"{self.added} of {self.total}" if self.skipped else str(self.added)
        if self.invited:
            done = f"Added and invited {counted} {people}"
        else:
            done = f"Added {counted} {people}; no invitations sent"
        return f"{done}; skipped {len(self.skipped)}." if self.skipped else f"{done}."


def import_candidates(
    *,
    session: Session,
    user: User,
    job_id: int | str,
    parsed: ParsedCsv,
    mapping: dict[str, int],
    progress: Callable[[int, int], None] | None = None,
    invite: bool = True,
) -> ImportReport:
    """Add every valid row to the job and invite it (or not); report the others.

    Rows are committed in chunks (``chunk_size``: at most 500, at most 1/20 of the file), each
    added in a few statements (``bulk_intake.add_applications``); a bad row never stops the others.
    A mapped source and resume are stored on each application as the other intake paths
    store them.

    Args:
        session: Database session.
        user: The acting recruiter.
        job_id: The job.
        parsed: The file.
        mapping: Field to column index.
        progress: Called with (rows done, rows in all) after each chunk (at least every 5 %).
        invite: False to add the candidates without queuing any invitation.

    Returns:
        The report, with the file's own line numbers (the header is line 1).

    Raises:
        Invalid: When the mapping cannot work or the job cannot take candidates.
    """
    require_recruiter(user)
    job: Job = jobs.get_job(session=session, user=user, job_id=job_id)
    if message := mapping_problem(mapping, len(parsed.headers)):
        raise Invalid({"mapping": message})
    if jobs.published_interview(session=session, job=job) is None:
        raise Invalid({"job": "Publish this job's interview before inviting candidates."})
    context = invitations.invitation_context(session=session, job=job)
    in_job = set(
        session.exec(
            select(Candidate.email)
            .join(Application, Application.candidate_id == Candidate.id)
            .where(Application.job_id == job.id)
        ).all()
    )
    report = ImportReport(total=len(parsed.rows), invited=invite)
    seen: set[str] = set()
    chunk = chunk_size(len(parsed.rows))
    for start in range(0, len(parsed.rows), chunk):
        skipped: list[tuple[int, str]] = []
        lines: list[int] = []
        people: list[intake.Person] = []
        origins: list[bulk_intake.Origin] = []
        for offset, row in enumerate(parsed.rows[start : start + chunk]):
            index = start + offset
            line = parsed.lines[index] if index < len(parsed.lines) else index + 2
            try:
                person = intake.validate_person(person_from_row(row, mapping))
            except Invalid as error:
                field_name, message = next(iter(error.errors.items()))
                skipped.append((line, f"{FIELD_LABELS.get(field_name, field_name)}: {message}"))
                continue
            origin = origin_from_row(row, mapping)
            if len(origin.resume_text) > resumes.MAX_CHARACTERS:
                skipped.append((line, f"{FIELD_LABELS['resume']}: {intake.RESUME_TOO_LONG}"))
                continue
            if person.email in seen:
                skipped.append((line, "Duplicate in the file (same email as an earlier row)."))
                continue
            seen.add(person.email)
            if person.email in in_job:
                skipped.append((line, intake.ALREADY_IN_JOB))
                continue
            lines.append(line)
            people.append(person)
            origins.append(origin)
        # The chunk's candidates, applications and invitations go in a few statements.
        outcomes = bulk_intake.add_applications(
            session=session,
            job=job,
            people=people,
            source=ApplicationSource.CSV,
            sender=user,
            context=context,
            origins=origins,
            invite=invite,
        )
        for line, problem in zip(lines, outcomes, strict=True):
            if problem is None:
                report.added += 1
            else:
                skipped.append((line, problem))
        report.skipped.extend(sorted(skipped, key=lambda item: item[0]))
        session.commit()
        if progress is not None:
            progress(min(start + chunk, len(parsed.rows)), len(parsed.rows))
    return report
