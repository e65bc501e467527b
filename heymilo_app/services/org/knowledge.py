"""The knowledge base: FAQ entries the AI interviewer answers candidates from.

Entries are added and edited one by one or imported from CSV (columns question, answer, tags,
matched loosely); an import reports each skipped row and why, and keeps every valid one.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlmodel import Session, select

from heymilo_app.models import KnowledgeItem, User, utcnow
from heymilo_app.services.common.access import require_recruiter
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.common.text import from_spreadsheet_safe, spreadsheet_safe

MAX_QUESTION = 500
MAX_ANSWER = 5000
MAX_IMPORT_BYTES = 2 * 1024 * 1024
CSV_HEADERS = ("question", "answer", "tags")
_HEADER_ALIASES = {
    "question": {"question", "questions", "q", "faq", "pregunta", "frage"},
    "answer": {"answer", "answers", "a", "reply", "respuesta", "antwort", "réponse", "reponse"},
    "tags": {"tags", "tag", "labels", "topics", "category", "categories"},
}


def _clean_tags(tags: str) -> str:
    parts = []
    for part in str(tags or "").replace(";", ",").split(","):
        part = part.strip().lower()
        if part and part not in parts:
            parts.append(part[:40])
    return ", ".join(parts)[:500]


def _validated(question: str, answer: str) -> tuple[str, str]:
    question, answer = (question or "").strip(), (answer or "").strip()
    errors = {}
    if not question:
        errors["question"] = "Write the question candidates ask."
    elif len(question) > MAX_QUESTION:
        errors["question"] = f"Keep the question under {MAX_QUESTION} characters."
    if not answer:
        errors["answer"] = "Write the answer."
    elif len(answer) > MAX_ANSWER:
        errors["answer"] = f"Keep the answer under {MAX_ANSWER} characters."
    if errors:
        raise Invalid(errors)
    return question, answer


def list_items(*, session: Session, user: User) -> list[KnowledgeItem]:
    """The organization's entries, oldest first.

    Args:
        session: Database session.
        user: The acting user.

    Returns:
        The entries.
    """
    return list(
        session.exec(
            select(KnowledgeItem)
            .where(KnowledgeItem.organization_id == user.organization_id)
            .order_by(KnowledgeItem.id)
        ).all()
    )


def save_item(
    *,
    session: Session,
    user: User,
    question: str,
    answer: str,
    tags: str = "",
    item_id: int | None = None,
) -> KnowledgeItem:
    """Add an entry, or change one when ``item_id`` is given.

    Args:
        session: Database session.
        user: The acting recruiter.
        question: What candidates ask.
        answer: What the AI answers.
        tags: Comma-separated tags.
        item_id: The entry to change.

    Returns:
        The entry.

    Raises:
        Invalid: For an empty or too long question or answer.
        NotFound: When the entry is not the organization's.
    """
    require_recruiter(user)
    question, answer = _validated(question, answer)
    if item_id is None:
        item = KnowledgeItem(organization_id=user.organization_id, question=question, answer=answer)
        session.add(item)
    else:
        item = session.get(KnowledgeItem, int(item_id))
        if item is None or item.organization_id != user.organization_id:
            raise NotFound("No such entry.")
        item.question, item.answer = question, answer
        item.updated_at = utcnow()
    item.tags = _clean_tags(tags)
    session.commit()
    return item


def delete_item(*, session: Session, user: User, item_id: int) -> None:
    """Delete an entry.

    Args:
        session: Database session.
        user: The acting recruiter.
        item_id: The entry.

    Raises:
        NotFound: When the entry is not the organization's.
    """
    require_recruiter(user)
    item = session.get(KnowledgeItem, int(item_id))
    if item is None or item.organization_id != user.organization_id:
        raise NotFound("No such entry.")
    session.delete(item)
    session.commit()


@dataclass
class ImportReport:
    """What a CSV import did: how many entries went in, and each skipped row with its reason."""

    added: int = 0
    updated: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Invalid({"file": "The file is not text; save it as CSV (UTF-8)."})


def _delimiter(header_line: str) -> str:
    """Comma, semicolon or tab: whichever the header row uses most."""
    return max((",", ";", "\t"), key=header_line.count)


def _header_map(header: list[str]) -> dict[str, int]:
    mapping: dict[str, int] = {}
    for index, name in enumerate(header):
        key = "".join(ch for ch in name.strip().lower() if ch.isalnum() or ch == "é")
        for column, aliases in _HEADER_ALIASES.items():
            if key in aliases and column not in mapping:
                mapping[column] = index
    return mapping


def import_csv(*, session: Session, user: User, data: bytes) -> ImportReport:
    """Import entries from CSV; rows with the same question as an entry update its answer.

    Args:
        session: Database session.
        user: The acting recruiter.
        data: The file (UTF-8 with or without BOM, comma or semicolon separated).

    Returns:
        The report.

    Raises:
        Invalid: When the file cannot be read at all (nothing is imported).
    """
    require_recruiter(user)
    if len(data) > MAX_IMPORT_BYTES:
        raise Invalid({"file": "The file must be 2 MB or smaller."})
    text = _decode(data)
    if not text.strip():
        raise Invalid({"file": "The file is empty."})
    rows = list(csv.reader(io.StringIO(text), delimiter=_delimiter(text.splitlines()[0])))
    mapping = _header_map(rows[0])
    if "question" not in mapping or "answer" not in mapping:
        found = [name.strip() for name in rows[0] if name.strip()]
        shown = ", ".join(f'"{name[:40]}"' for name in found[:8]) + (
            f" and {len(found) - 8} more" if len(found) > 8 else ""
        )
        raise Invalid(
            {
                "file": "The first row must name the columns question and answer (tags is "
                "optional); this file's first row has "
                + (shown if found else "no column names")
                + ". Nothing was imported."
            }
        )
    existing = {
        item.question.strip().lower(): item for item in list_items(session=session, user=user)
    }
    report = ImportReport()
    seen: set[str] = set()
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(column: str, row: list[str] = row) -> str:
            index = mapping.get(column)
            value = row[index] if index is not None and index < len(row) else ""
            return from_spreadsheet_safe(value)

        try:
            question, answer = _validated(cell("question"), cell("answer"))
        except Invalid as error:
            report.skipped.append((line, " ".join(error.errors.values())))
            continue
        key = question.lower()
        if key in seen:
            report.skipped.append((line, "The same question appears earlier in the file."))
            continue
        seen.add(key)
        if key in existing:
            item = existing[key]
            item.answer, item.tags, item.updated_at = answer, _clean_tags(cell("tags")), utcnow()
            report.updated += 1
        else:
            session.add(
                KnowledgeItem(
                    organization_id=user.organization_id,
                    question=question,
                    answer=answer,
                    tags=_clean_tags(cell("tags")),
                )
            )
            report.added += 1
    session.commit()
    return report


def export_csv(*, session: Session, user: User) -> str:
    """Every entry as CSV (question, answer, tags), which ``import_csv`` reads back.

    Args:
        session: Database session.
        user: The acting user.

    Returns:
        The CSV text.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADERS)
    for item in list_items(session=session, user=user):
        # Cells starting like a formula get an apostrophe, which the import takes off again.
        writer.writerow([spreadsheet_safe(v) for v in (item.question, item.answer, item.tags)])
    return buffer.getvalue()
