"""The ranked table as a spreadsheet: a table of every filtered application, CSV and Excel.

``export_frame`` holds the data as it is; ``to_csv`` and ``to_excel`` write it with every
text cell that a spreadsheet program would run as a formula made plain text (``neutralize``).
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
from sqlmodel import Session

from heymilo_app import routes
from heymilo_app.models import User
from heymilo_app.services.analytics.ranked_table import (
    current_scores,
    order_rows,
    ranked_row,
    rows_query,
)
from heymilo_app.services.analytics.scope import SOURCE_LABELS, Filters, resolve_scope
from heymilo_app.services.common.text import FORMULA_PREFIXES as _FORMULA_PREFIXES
from heymilo_app.services.common.text import spreadsheet_safe
from heymilo_app.settings import get_settings

# Spreadsheet programs run a cell starting with one of these as a formula (text.py).
FORMULA_PREFIXES = _FORMULA_PREFIXES


def export_frame(*, session: Session, user: User, filters: Filters) -> pd.DataFrame:
    """Every filtered application as a table for a spreadsheet, best overall score first.

    Columns: Candidate, Email, Phone, Job, Status, Source, Applied (ISO date), Overall, one
    "<stage> score" column per stage, Report URL. Cells hold the data as it is; ``to_csv``
    and ``to_excel`` neutralize formula-like cells.

    Args:
        session: Database session.
        user: The acting user.
        filters: Which applications (``application_ids`` for a selection).

    Returns:
        The table.

    Raises:
        NotFound: For another organization's job or stage.
        Invalid: For filters that cannot match.
    """
    scope = resolve_scope(session, user, filters)
    rows = session.exec(order_rows(rows_query(scope), scope, "overall", True)).all()
    scores = current_scores(session, [row[0] for row in rows], scope)
    labels = scope.stages.labels
    base = get_settings().public_base_url.rstrip("/")
    columns = [
        "Candidate",
        "Email",
        "Phone",
        "Job",
        "Status",
        "Source",
        "Applied",
        "Overall",
        *[f"{label} score" for label in labels],
        "Report URL",
    ]
    records = []
    for row in rows:
        item = ranked_row(row, scores.get(row[0], {}), labels)
        records.append(
            [
                item.name,
                item.email,
                item.phone,
                item.job_title,
                item.status.replace("_", " ").capitalize(),
                SOURCE_LABELS.get(item.source, item.source),
                item.created_at.date().isoformat(),
                item.overall,
                *[item.stage_scores[label] for label in labels],
                base + routes.candidate_report(item.application_id),
            ]
        )
    return pd.DataFrame.from_records(records, columns=columns)


def _neutral(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, made plain text with an apostrophe."""
    return spreadsheet_safe(value)


def neutralize(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a table whose text cells (and headers) cannot run as formulas.

    Args:
        frame: A table from export_frame.

    Returns:
        The safe copy.
    """
    safe = frame.copy()
    safe.columns = [_neutral(str(column)) for column in safe.columns]
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(_neutral)
    return safe


def to_csv(frame: pd.DataFrame) -> bytes:
    """A table as CSV: UTF-8 with a byte order mark (Excel reads the accents), commas.

    Args:
        frame: A table from export_frame.

    Returns:
        The file's bytes.
    """
    return neutralize(frame).to_csv(index=False).encode("utf-8-sig")


def to_excel(frame: pd.DataFrame) -> bytes:
    """A table as an .xlsx workbook (one sheet, "Candidates", columns sized to their header).

    Args:
        frame: A table from export_frame.

    Returns:
        The file's bytes.
    """
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralize(frame).to_excel(writer, index=False, sheet_name="Candidates")
        sheet = writer.sheets["Candidates"]
        for cells in sheet.iter_cols(min_row=1, max_row=1):
            width = max(len(str(cells[0].value or "")), 10)
            sheet.column_dimensions[cells[0].column_letter].width = min(width + 2, 50)
    return buffer.getvalue()
