"""Resume files to text: PDF (pypdf), DOCX (python-docx) or plain text, up to 10 MB.

The file's bytes decide how it is read, not its name. An encrypted, image-only, unreadable or
unsupported file gets a message that says what to do instead; nothing but ``Invalid`` ever
leaves ``extract_text``, whatever a malformed file makes the parsers raise. Pathological files
are bounded: at most ``MAX_PAGES`` PDF pages are read, a Word file may hold at most
``MAX_ENTRIES`` parts that together unpack to at most ``MAX_UNPACKED_BYTES`` (every part counts,
whatever its name), no part may be compressed more than ``MAX_RATIO`` times, and at most
``MAX_CHARACTERS`` of text are kept.

PDF and Word files are parsed in a worker process (``sandbox``) with a memory limit
(``sandbox.MEMORY_BYTES``), a CPU limit and a wall-clock deadline, at most ``PARSERS`` at a
time: a file that inflates or spins past them ends its worker and gets a message, the server
is untouched. Call ``extract_text`` from a thread (``state.apply.read_resume`` does); it waits
for the worker.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import zipfile

from heymilo_app.services.common import sandbox
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.common.text import refused_file as _refused_file

logger = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
MAX_PAGES = 30
MAX_CHARACTERS = 200_000
# What all the parts of a Word file may unpack to (a 10 MB zip can hold gigabytes), how many
# parts it may have, and how much one part may be compressed (a real Word file's XML
# compresses about 10 times; a bomb, thousands).
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_RATIO = 100
# Parses at once; more wait for a free worker (at most the deadline, then a message).
PARSERS = 2
TOO_LARGE_WORD = "This Word file is too large to read. "
NOT_IN_TIME = "This file could not be read in time (it may be damaged or too complex). "
MIN_CHARACTERS = 40


def refused_file(codes: list[str]) -> str:
    """What to tell someone whose resume file the browser refused before sending it.

    Args:
        codes: Why it was refused ("file-too-large", "file-invalid-type", ...).

    Returns:
        The message.
    """
    return _refused_file(codes, largest="10 MB", kinds="a PDF, DOCX or TXT file")


PASTE_INSTEAD = "Paste the text of your resume instead, or upload another format."
SUPPORTED = "Upload a PDF, DOCX or TXT file. "
DAMAGED_PDF = "This PDF could not be read (it may be damaged or only partly uploaded). "
NO_TEXT = "No text could be read from this file (it may be a scanned image). "

# Names that promise a format whose bytes we would otherwise misread as plain text.
_NOT_TEXT_NAMES = (
    ".doc",
    ".odt",
    ".rtf",
    ".pages",
    ".html",
    ".htm",
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".heic",
    ".tif",
    ".tiff",
    ".zip",
)
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
_PDF_HEADER = re.compile(rb"%PDF-\d")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def extract_text(filename: str, data: bytes) -> str:
    """Read the text of a resume file.

    Args:
        filename: The uploaded file's name.
        data: Its bytes.

    Returns:
        The text, whitespace tidied, at most ``MAX_CHARACTERS`` long.

    Raises:
        Invalid: Under "resume", with what to do, for any file that cannot be read.
    """
    if not data:
        raise Invalid({"resume": "The file is empty. " + PASTE_INSTEAD})
    if len(data) > MAX_BYTES:
        raise Invalid({"resume": "The file is larger than 10 MB. " + PASTE_INSTEAD})
    name = (filename or "").strip().lower()
    # The PDF header may follow a little junk (a byte-order mark, a mail gateway's line).
    header = _PDF_HEADER.search(data[:1024])
    if header:
        text = _parse_apart("pdf", name, data[header.start() :])
    elif data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        _check_zip(name, data)
        text = _parse_apart("zip", name, data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise Invalid(
            {
                "resume": "This is an older Word (.doc) file. Save it as PDF or DOCX and "
                "upload it again. " + PASTE_INSTEAD
            }
        )
    elif name.endswith(".pdf"):
        raise Invalid(
            {
                "resume": "This file is named .pdf but is not a PDF. Export your resume as "
                "PDF again. " + PASTE_INSTEAD
            }
        )
    elif name.endswith(".docx"):
        raise Invalid(
            {"resume": "This file is named .docx but is not a Word file. " + PASTE_INSTEAD}
        )
    elif name.endswith(_NOT_TEXT_NAMES) or data.lstrip().startswith(b"{\\rtf"):
        raise Invalid({"resume": SUPPORTED + PASTE_INSTEAD})
    else:
        text = _plain(data)
    text = _tidy(text)[:MAX_CHARACTERS]
    if len(text) < MIN_CHARACTERS:
        if header:
            raise Invalid({"resume": NO_TEXT + PASTE_INSTEAD})
        raise Invalid({"resume": "Too little text could be read from this file. " + PASTE_INSTEAD})
    return text


_POOL = sandbox.Pool(size=PARSERS, preload=(__name__,))


def _parse_apart(kind: str, name: str, data: bytes) -> str:
    """Parse a PDF or Word file in a worker process with limits; only Invalid comes out."""
    try:
        answer = _POOL.run(parse, kind, name, data)
    except sandbox.Failed as failed:
        logger.info("a %s resume was not parsed: %s", kind, failed)
        if failed.reason == "memory":
            message = TOO_LARGE_WORD if kind == "zip" else "This PDF is too large to read. "
        elif failed.reason == "busy":
            message = "Many files are being read right now. Try again in a minute. "
        else:
            message = NOT_IN_TIME
        raise Invalid({"resume": message + PASTE_INSTEAD}) from None
    if not isinstance(answer, dict) or not isinstance(answer.get("text", ""), str):
        raise Invalid({"resume": NOT_IN_TIME + PASTE_INSTEAD})
    if "invalid" in answer:
        raise Invalid({"resume": str(answer["invalid"])[:500]})
    return str(answer.get("text", ""))


def parse(kind: str, name: str, data: bytes) -> dict:
    """In the worker: the text of a PDF ("pdf") or Word file ("zip"), or the message.

    Args:
        kind: "pdf" or "zip".
        name: The file's name, lower case.
        data: Its bytes.

    Returns:
        {"text": ...} or {"invalid": message}.
    """
    try:
        return {"text": _pdf(data) if kind == "pdf" else _zip(name, data)}
    except Invalid as error:
        return {"invalid": error.errors.get("resume", SUPPORTED + PASTE_INSTEAD)}


def _tidy(text: str) -> str:
    """One space between words, no control characters, no blank lines, ligatures spelled out."""
    text = _CONTROL.sub("", text.translate(_LIGATURES).replace("\r\n", "\n").replace("\r", "\n"))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------- PDF


class _Locked(Exception):
    """The PDF needs a password to open."""


def _pdf(data: bytes) -> str:
    """The text of up to ``MAX_PAGES`` pages; any parser failure becomes ``Invalid``."""
    try:
        parts, failed = _pdf_pages(data)
    except _Locked:
        raise Invalid(
            {
                "resume": "This PDF is password-protected. Save a copy without the password "
                "(for example, print it to a new PDF) and upload that. " + PASTE_INSTEAD
            }
        ) from None
    except Exception as error:  # pypdf raises many exception types on malformed files
        logger.debug("unreadable PDF: %r", error)
        raise Invalid({"resume": DAMAGED_PDF + PASTE_INSTEAD}) from error
    text = "\n".join(parts)
    if failed and len(text.strip()) < MIN_CHARACTERS:
        raise Invalid({"resume": DAMAGED_PDF + PASTE_INSTEAD})
    return text


def _pdf_pages(data: bytes) -> tuple[list[str], int]:
    from pypdf import PasswordType, PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        # A PDF locked only against editing or printing opens with the empty password.
        try:
            opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
        except Exception as error:  # an encryption pypdf cannot undo is as good as locked
            logger.debug("PDF encryption not supported: %r", error)
            opened = False
        if not opened:
            raise _Locked
    parts: list[str] = []
    total = failed = 0
    for index in range(min(len(reader.pages), MAX_PAGES)):
        try:
            text = reader.pages[index].extract_text() or ""
        except Exception as error:  # one broken page should not lose the others
            logger.debug("unreadable PDF page %s: %r", index + 1, error)
            failed += 1
            continue
        parts.append(text)
        total += len(text)
        if total >= MAX_CHARACTERS:
            break
    return parts, failed


# ---------------------------------------------------------------- DOCX


def _zip(name: str, data: bytes) -> str:
    """A Word file, or a message for any other zip (ODT, Pages, a plain archive)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except Exception as error:
        logger.debug("unreadable zip: %r", error)
        if name.endswith(".docx"):
            raise Invalid(
                {"resume": "This Word file could not be read. " + PASTE_INSTEAD}
            ) from error
        raise Invalid({"resume": SUPPORTED + PASTE_INSTEAD}) from error
    if not any(info.filename == "word/document.xml" for info in infos):
        if name.endswith(".docx"):
            raise Invalid({"resume": "This Word file could not be read. " + PASTE_INSTEAD})
        raise Invalid({"resume": SUPPORTED + PASTE_INSTEAD})
    _check_entries(infos)
    try:
        return _docx(data)
    except Exception as error:
        logger.debug("unreadable Word file: %r", error)
        raise Invalid({"resume": "This Word file could not be read. " + PASTE_INSTEAD}) from error


def _declared_entries(data: bytes) -> int | None:
    """How many parts the zip's end record declares (read before the directory is parsed:
    listing 150,000 parts takes over a second and hundreds of MB); None when it has none."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return None
    total = int.from_bytes(data[end + 10 : end + 12], "little")
    return MAX_ENTRIES + 1 if total == 0xFFFF else total  # 0xFFFF: a zip64 count, far too many


def _check_zip(name: str, data: bytes) -> None:
    """Refuse a zip bomb before any worker parses it (its directory is read, nothing inflated)."""
    declared = _declared_entries(data)
    if declared is not None and declared > MAX_ENTRIES:
        raise Invalid({"resume": TOO_LARGE_WORD + PASTE_INSTEAD})
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except Exception:
        return  # not readable as a zip: the parser says so in its words
    _check_entries(infos)


def _check_entries(infos: list[zipfile.ZipInfo]) -> None:
    """Every part counts, whatever its name or case (python-docx follows ``_rels`` anywhere)."""
    if len(infos) > MAX_ENTRIES:
        raise Invalid({"resume": TOO_LARGE_WORD + PASTE_INSTEAD})
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise Invalid({"resume": TOO_LARGE_WORD + PASTE_INSTEAD})
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise Invalid({"resume": TOO_LARGE_WORD + PASTE_INSTEAD})


def _docx(data: bytes) -> str:
    """Headers, then the body in reading order (paragraphs, tables, text boxes), then footers."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    header_lines: list[str] = []
    footer_lines: list[str] = []
    for section in document.sections:
        for part, out in (
            (section.first_page_header, header_lines),
            (section.header, header_lines),
            (section.footer, footer_lines),
            (section.first_page_footer, footer_lines),
        ):
            if not part.is_linked_to_previous:  # linked: no definition of its own
                out.extend(_blocks(part))
    lines.extend(header_lines)
    lines.extend(_blocks(document))
    # Text boxes (common in designed templates) are not paragraphs of the body; the Fallback
    # branch of an mc:AlternateContent repeats the same box, so it is skipped.
    for box in document.element.body.iter(qn("w:txbxContent")):
        if any(parent.tag.endswith("}Fallback") for parent in box.iterancestors()):
            continue
        for paragraph in box.iter(qn("w:p")):
            lines.append("".join(node.text or "" for node in paragraph.iter(qn("w:t"))))
    lines.extend(footer_lines)
    return "\n".join(lines)


def _blocks(container) -> list[str]:
    """Lines of a body, header, footer or table cell, tables row by row, nested tables too."""
    from docx.table import Table

    lines: list[str] = []
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table(block))
        else:
            lines.append(block.text)
    return lines


def _table(table) -> list[str]:
    lines: list[str] = []
    for row in table.rows:
        cells = []
        for cell in row.cells:  # a merged cell appears once per grid column it spans
            if not cells or cell._tc is not cells[-1]._tc:
                cells.append(cell)
        contents = [_blocks(cell) for cell in cells]
        if all(len(content) <= 1 for content in contents):
            lines.append(" | ".join(content[0] if content else "" for content in contents))
        else:  # a layout table: each cell holds a column of the resume
            for content in contents:
                lines.extend(content)
    return lines


# ---------------------------------------------------------------- plain text


def _plain(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    elif b"\x00" in data[:4096]:
        raise Invalid({"resume": SUPPORTED + PASTE_INSTEAD})
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise Invalid({"resume": "The file's characters could not be read. " + PASTE_INSTEAD})
    sample = text[:4096]
    if re.match(r"\s*<(?:!doctype\s+html|html|\?xml)", sample, re.IGNORECASE):
        raise Invalid({"resume": "This file is a web page, not a document. " + PASTE_INSTEAD})
    controls = sum(1 for char in sample if char < " " and char not in "\t\n\r\f")
    if controls > len(sample) // 100:
        raise Invalid({"resume": SUPPORTED + PASTE_INSTEAD})
    return text
