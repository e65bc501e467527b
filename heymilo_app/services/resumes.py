"""Resume files to text: PDF (pypdf), DOCX (python-docx) or plain text, up to 10 MB.

An encrypted, image-only or unreadable file gets a message that says what to do instead.
"""

from __future__ import annotations

import io
import zipfile

from heymilo_app.services.errors import Invalid

MAX_BYTES = 10 * 1024 * 1024
MIN_CHARACTERS = 40
PASTE_INSTEAD = "Paste the text of your resume instead, or upload another format."


def extract_text(filename: str, data: bytes) -> str:
    """Read the text of a resume file.

    Args:
        filename: The uploaded file's name.
        data: Its bytes.

    Returns:
        The text, whitespace tidied.

    Raises:
        Invalid: Under "resume", with what to do, for any file that cannot be read.
    """
    if not data:
        raise Invalid({"resume": "The file is empty. " + PASTE_INSTEAD})
    if len(data) > MAX_BYTES:
        raise Invalid({"resume": "The file is larger than 10 MB. " + PASTE_INSTEAD})
    name = (filename or "").lower()
    if data.startswith(b"%PDF"):
        text = _pdf(data)
    elif data.startswith(b"PK") and (name.endswith(".docx") or _is_docx(data)):
        text = _docx(data)
    elif b"\x00" not in data[:4096] and not data.startswith(b"PK"):
        text = _plain(data)
    else:
        raise Invalid({"resume": "Upload a PDF, DOCX or TXT file. " + PASTE_INSTEAD})
    text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    if len(text) < MIN_CHARACTERS:
        raise Invalid(
            {
                "resume": "No text could be read from this file (it may be a scanned "
                "image). " + PASTE_INSTEAD
            }
        )
    return text


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise Invalid({"resume": "This PDF is password-protected. " + PASTE_INSTEAD})
        return "\n".join(page.extract_text() or "" for page in reader.pages[:30])
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise Invalid({"resume": "This PDF could not be read. " + PASTE_INSTEAD}) from error


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _docx(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:
        raise Invalid({"resume": "This Word file could not be read. " + PASTE_INSTEAD}) from error
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _plain(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Invalid({"resume": "The file's characters could not be read. " + PASTE_INSTEAD})
