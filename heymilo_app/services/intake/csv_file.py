"""A CSV file of candidates read as people save it, and the uploads waiting for an import.

Files come UTF-8 with or without a BOM (or Windows-1252), comma, semicolon or tab
separated; ``read_csv`` reads one into a header and rows, refusing an empty, binary,
oversized or header-only file with a clear message, and remembers the file line each row
starts on for the import's report. ``samples`` shows a value of each column while the
recruiter maps them, and ``prune_uploads`` deletes uploads an import never came for.
"""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from heymilo_app.services.common.errors import Invalid

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000


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
