"""Importing candidates from a CSV file into a job, inviting every valid row or none.

Files come as people save them: UTF-8 with or without a BOM (or Windows-1252), comma or
semicolon separated, header names written loosely ("First Name", "first_name", "E-mail",
"Mobile"). Each column is matched to a field (name, email, phone, source, resume) or left
out; the import reports each skipped row and why (invalid email, invalid phone, duplicate in
file, already in this job), and every valid row goes in even when others fail. A source
column holds a channel ("csv", "job_board", ...) or the source's own name ("LinkedIn"), stored
as the ATS API stores its ``source``; a resume column's text is kept with the application, as
a resume pasted by hand is. The recruiter invites everyone now or adds them without inviting.
"""

from __future__ import annotations

import csv
import io
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, select

from heymilo_app.models import Application, ApplicationSource, Candidate, Job, User
from heymilo_app.services.common.access import require_recruiter
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.intake import intake
from heymilo_app.services.jobs import jobs
from heymilo_app.services.pipeline import invitations
from heymilo_app.services.scoring import resumes

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
# Rows committed together at most; smaller imports go in smaller chunks, so that progress is
# reported at least every 1/PROGRESS_STEPS of the file (see chunk_size).
CHUNK = 500
PROGRESS_STEPS = 20
FIELDS = ("first_name", "last_name", "full_name", "email", "phone", "source", "resume")
FIELD_LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "full_name": "Full name",
    "email": "Email",
    "phone": "Phone",
    "source": "Source",
    "resume": "Resume",
}
# The longest source name kept (the column's size; the ATS API takes as much).
MAX_SOURCE = 40
ALIASES = {
    "first_name": {"firstname", "first", "givenname", "forename", "prenom", "nombre", "vorname"},
    "last_name": {"lastname", "last", "surname", "familyname", "nom", "apellido", "nachname"},
    "full_name": {"name", "fullname", "candidate", "candidatename", "applicant", "applicantname"},
    "email": {"email", "emailaddress", "mail", "correo", "courriel"},
    "phone": {
        "phone",
        "phonenumber",
        "mobile",
        "mobilephone",
        "cell",
        "cellphone",
        "telephone",
        "tel",
        "telefono",
        "telefon",
        "mobilenumber",
    },
    "source": {
        "source",
        "sourcename",
        "channel",
        "leadsource",
        "candidatesource",
        "applicationsource",
        "origin",
        "quelle",
        "fuente",
    },
    # "Résumé" keys as "rsum" (only a to z are kept).
    "resume": {"resume", "resumetext", "rsum", "rsumtext", "cv", "cvtext", "lebenslauf"},
}
# When no column is named exactly as above: the words a column's name may contain. A column
# goes to the first field whose words it has (in this order), each field to the first such
# column; one whose name says it is someone else's (a reference, an emergency contact) or a
# company's is left for the recruiter to choose.
EMAIL_WORDS = {"email", "emails", "mail", "correo", "courriel"}
EMAIL_PREFIXES = ("email",)  # "E-Mail-Adresse", "Emailadresse"
PHONE_WORDS = {
    "phone",
    "phones",
    "mobile",
    "mobil",
    "cell",
    "cellular",
    "handy",
    "tel",
    "telephone",
    "telefon",
    "telefono",
    "sms",
}
PHONE_PREFIXES = ("telefon", "telephon", "mobilnummer", "mobiltelefon", "handynummer", "cellphone")
FIRST_WORDS = {"first", "given"}
FIRST_NAMES = {"firstname", "givenname", "forename", "forenames", "vorname", "prenom"}
LAST_WORDS = {"last", "family"}
LAST_NAMES = {"lastname", "surname", "surnames", "familyname", "nachname", "apellido", "apellidos"}
NAME_WORDS = {"name", "fullname", "candidatename", "applicantname"}
# Words of a name column that is not the candidate's full name ("Middle name", "Nickname").
OTHER_NAME_PARTS = FIRST_WORDS | LAST_WORDS | {"middle", "nick", "maiden", "preferred", "user"}
SOMEONE_ELSE = {
    "emergency",
    "reference",
    "references",
    "referee",
    "referrer",
    "referral",
    "recruiter",
    "manager",
    "supervisor",
    "guardian",
    "parent",
    "spouse",
    "kin",
    "company",
    "employer",
    "agency",
    "school",
    "job",
    "fax",
}


@dataclass
class ParsedCsv:
    """A CSV file read into a header and rows."""

    headers: list[str]
    rows: list[list[str]]
    # The file line each row starts on (blank lines are skipped, so they differ).
    lines: list[int] = field(default_factory=list)


# An uploaded file that waited this long for its import was left (the tab was closed).
UPLOAD_MAX_AGE = timedelta(hours=1)


def prune_uploads(directory: Path, *, older_than: timedelta = UPLOAD_MAX_AGE) -> int:
    """Delete uploaded CSV files that waited too long for an import.

    Args:
        directory: Where uploads wait (``DATA_DIR/imports``).
        older_than: Age past which a file is left.

    Returns:
        How many were deleted.
    """
    cutoff = time.time() - older_than.total_seconds()
    deleted = 0
    for path in directory.glob("*.csv"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                deleted += 1
        except FileNotFoundError:
            continue
    return deleted


def read_csv(data: bytes) -> ParsedCsv:
    """Read a CSV file whatever its encoding and separator.

    Args:
        data: The file.

    Returns:
        Header and rows (blank rows dropped).

    Raises:
        Invalid: For an empty, binary, oversized or header-only file.
    """
    if len(data) > MAX_BYTES:
        raise Invalid({"file": "The file must be 20 MB or smaller."})
    if b"\x00" in data[:4096]:
        raise Invalid({"file": "This is not a text file; export the sheet as CSV."})
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise Invalid({"file": "The file's characters could not be read; save it as UTF-8."})
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise Invalid({"file": "The file is empty."})
    delimiter = max((",", ";", "\t"), key=lines[0].count)
    # A resume cell may be longer than the csv module's default cap (131,072 characters);
    # the file's own size bounds every cell.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append(row)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as error:
        raise Invalid(
            {"file": f"Line {start} of the file could not be read ({error}); save it as CSV."}
        ) from error
    if len(rows) < 2:
        raise Invalid({"file": "The file has a header but no candidates."})
    if len(rows) - 1 > MAX_ROWS:
        raise Invalid({"file": f"Import at most {MAX_ROWS:,} candidates at a time."})
    return ParsedCsv(headers=[h.strip() for h in rows[0]], rows=rows[1:], lines=lines[1:])


def samples(parsed: ParsedCsv, *, rows: int = 5, length: int = 60) -> list[str]:
    """A sample value of each column: its first non-blank cell in the first rows, cut short.

    Args:
        parsed: The file.
        rows: How many rows to look in.
        length: The longest sample (a resume would fill the screen).

    Returns:
        One sample per header ("" for a column blank in those rows).
    """
    found: list[str] = []
    for index in range(len(parsed.headers)):
        cells = (" ".join(row[index].split()) for row in parsed.rows[:rows] if index < len(row))
        value = next((cell for cell in cells if cell), "")
        found.append(value if len(value) <= length else value[: length - 1] + "…")
    return found


def _key(header: str) -> str:
    return re.sub(r"[^a-z]", "", header.lower())


def _loose_field(header: str) -> str | None:
    """The field a column's name suggests by the words in it, if any."""
    words = set(re.split(r"[^a-z]+", header.lower())) - {""}
    if not words or words & SOMEONE_ELSE:
        return None
    if words & EMAIL_WORDS or any(w.startswith(EMAIL_PREFIXES) for w in words):
        return "email"
    if _key(header).startswith("email"):  # "E-mail", "e mail address"
        return "email"
    if words & PHONE_WORDS or any(w.startswith(PHONE_PREFIXES) for w in words):
        return "phone"
    if words & FIRST_NAMES or (words & FIRST_WORDS and "name" in words):
        return "first_name"
    if words & LAST_NAMES or (words & LAST_WORDS and "name" in words):
        return "last_name"
    if words & NAME_WORDS and not words & OTHER_NAME_PARTS:
        return "full_name"
    return None


def guess_mapping(headers: list[str]) -> dict[str, int]:
    """Match the file's columns to candidate fields by their names.

    Exact names first ("First Name", "E-mail", "Mobile"), then, for the fields still missing,
    the words in the names ("Candidate Email", "Cell Phone Number", "Telefonnummer"), never
    one column for two fields and never a column that names someone else ("Emergency contact
    phone", "Reference email").

    Args:
        headers: The header row.

    Returns:
        Field to column index, for the fields found.
    """
    mapping: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = _key(header)
        for name, aliases in ALIASES.items():
            if name not in mapping and key in aliases:
                mapping[name] = index
                break
    used = set(mapping.values())
    for index, header in enumerate(headers):
        if index in used:
            continue
        name = _loose_field(header)
        if name is not None and name not in mapping:
            mapping[name] = index
            used.add(index)
    return mapping


def mapping_problem(mapping: dict[str, int], column_count: int) -> str | None:
    """Say what a mapping lacks, if anything.

    Args:
        mapping: Field to column index.
        column_count: Columns in the file.

    Returns:
        The message, or None when it can be imported.
    """
    if any(not 0 <= index < column_count for index in mapping.values()):
        return "A chosen column does not exist in the file."
    if "email" not in mapping:
        return "Choose the column with the email addresses."
    if "first_name" not in mapping and "full_name" not in mapping:
        return "Choose the column with the first names (or the full names)."
    return None


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


def origin_from_row(row: list[str], mapping: dict[str, int]) -> intake.Origin:
    """The source and resume a row gives its application.

    Args:
        row: The cells.
        mapping: Field to column index.

    Returns:
        The origin (the resume not yet checked for length).
    """
    source, source_name = source_of(_cell(row, mapping, "source"))
    return intake.Origin(
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
    added in a few statements (``intake.add_applications``); a bad row never stops the others.
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
        origins: list[intake.Origin] = []
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
        outcomes = intake.add_applications(
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
