"""Resume files to text, on real files made here by real tools (reportlab, pypdf, Pillow,
python-docx), and every way a file can be wrong, each with a message that says what to do."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest

from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.scoring import resumes

FIXTURES = Path(__file__).parent / "fixtures"
LINES = [
    "Grace Okafor",
    "Customer Support Lead, Brightdesk (Austin, TX), Mar 2020 – Present",
    "Ran a 12-person team on Zendesk and Salesforce; cut first-response time by 40%.",
    "Skills: SQL, Spanish, written communication",
]


def _said(error: pytest.ExceptionInfo[Invalid], *parts: str) -> str:
    """The message, checked to name the problem and to say what to do."""
    message = error.value.errors["resume"]
    for part in parts:
        assert part in message, message
    assert "Paste the text of your resume instead, or upload another format." in message
    return message


def _refused(filename: str, data: bytes, *parts: str) -> str:
    with pytest.raises(Invalid) as error:
        resumes.extract_text(filename, data)
    return _said(error, *parts)


# ---------------------------------------------------------------- files made by real tools


def _reportlab_canvas(lines: list[str], *, pages: int = 1, compress: bool = True) -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter, pageCompression=compress)
    pdf.setTitle("Resume")
    for page in range(1, pages + 1):
        y = 740
        for line in lines:
            pdf.drawString(72, y, line.replace("{page}", str(page)))
            y -= 18
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _reportlab_platypus() -> bytes:
    """A designed resume: headings, paragraphs and a two-column table, laid out by platypus."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    story = [
        Paragraph("Grace Okafor", styles["Title"]),
        Paragraph("Experience", styles["Heading2"]),
        Paragraph(
            "Customer Support Lead at Brightdesk since March 2020. Ran a 12-person team on "
            "Zendesk; cut first-response time by 40%.",
            styles["BodyText"],
        ),
        Spacer(1, 12),
        Table([["Tools", "Zendesk, Salesforce, SQL"], ["Languages", "English, Spanish"]]),
    ]
    SimpleDocTemplate(buffer).build(story)
    return buffer.getvalue()


def _handwritten_pdf(lines: list[str]) -> bytes:
    """A minimal PDF with one uncompressed text stream, xref offsets computed by hand."""
    text_ops = " ".join(
        f"1 0 0 1 72 {740 - 18 * index} Tm ({line.encode('latin-1', 'replace').decode()}) Tj"
        for index, line in enumerate(lines)
    )
    stream = f"BT /F1 11 Tf {text_ops} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def _rewritten_by_pypdf(data: bytes, *, password: str | None = None, **encrypt) -> bytes:
    """The same document written again by pypdf's writer (compressed, optionally encrypted)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        page.compress_content_streams()
    writer.add_metadata({"/Producer": "pypdf test"})
    if password is not None:
        writer.encrypt(password, **encrypt)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _scanned_pdf() -> bytes:
    """A page photographed or scanned: an image with text drawn into it, and no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (850, 1100), "white")
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(LINES):
        draw.text((60, 60 + 30 * index), line, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=100.0)
    return buffer.getvalue()


def _docx() -> bytes:
    """A Word resume: header, paragraphs, a skills table, a merged cell and a layout table."""
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Grace Okafor · grace@example.com"
    document.add_heading("Experience", level=1)
    document.add_paragraph("Customer Support Lead, Brightdesk, Mar 2020 – Present")
    document.add_paragraph("Ran a 12-person team on Zendesk.", style="List Bullet")
    skills = document.add_table(rows=2, cols=3)
    skills.rows[0].cells[0].text = "Tools"
    skills.rows[0].cells[1].text = "Zendesk"
    skills.rows[0].cells[2].text = "SQL"
    merged = skills.rows[1].cells[0].merge(skills.rows[1].cells[2])
    merged.text = "Languages: English, Spanish"
    layout = document.add_table(rows=1, cols=2)
    left, right = layout.rows[0].cells
    left.text = "Education"
    left.add_paragraph("B.A. Communication, 2017")
    right.text = "Certifications"
    right.add_paragraph("Zendesk Support Administrator")
    document.add_paragraph("References available on request.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_pdfs_made_by_different_tools_are_read() -> None:
    made = {
        "reportlab canvas": _reportlab_canvas(LINES),
        "reportlab canvas, uncompressed": _reportlab_canvas(LINES, compress=False),
        "written by hand": _handwritten_pdf(LINES),
        "rewritten by pypdf": _rewritten_by_pypdf(_handwritten_pdf(LINES)),
        "junk before the header": b"\xef\xbb\xbf\r\n" + _reportlab_canvas(LINES),
    }
    for tool, data in made.items():
        text = resumes.extract_text("Grace Okafor resume.PDF", data)
        for line in LINES[2:]:
            assert line in text, (tool, text)
        assert "Customer Support Lead, Brightdesk (Austin, TX), Mar 2020" in text, tool

    designed = resumes.extract_text("cv.pdf", _reportlab_platypus())
    assert "Grace Okafor" in designed and "Zendesk" in designed
    assert "Customer Support Lead at Brightdesk since March 2020." in designed
    assert "Languages" in designed and "English, Spanish" in designed


def test_a_pdf_saved_from_chrome_is_read_with_its_accents_and_columns() -> None:
    """Chrome's "Save as PDF" (Skia, subset TrueType fonts): the file most people make.

    ``tests/fixtures/resume-chrome-two-columns.pdf`` was printed by Debian's Chromium from the
    HTML beside it (``chromium --headless --print-to-pdf``): a sidebar and a main column.
    """
    from heymilo_app.services.scoring.resume_screening import screen

    data = (FIXTURES / "resume-chrome-two-columns.pdf").read_bytes()
    assert b"Skia/PDF" in data
    text = resumes.extract_text("Amélie Durand CV.pdf", data)
    assert text.splitlines()[0] == "Amélie Durand"
    assert "Montréal, QC" in text and "“Remboursement rapide”" in text
    # The sidebar is read whole before the main column, not line by line across both.
    assert (
        text.index("SQL reporting")
        < text.index("Bachelor of Commerce")
        < text.index("Customer Support Lead")
    )
    screening = screen(
        text, {"must_have": ["Zendesk"], "min_years": 5, "education": "Bachelor's degree"}
    )
    assert [c.met for c in screening.checks] == [True, True, True]
    assert screening.years is not None and screening.years >= 9


def test_a_pdf_is_read_by_its_bytes_whatever_its_name() -> None:
    for name in ("resume", "resume.pdf.download", "cv.docx", ""):
        assert "Zendesk" in resumes.extract_text(name, _reportlab_canvas(LINES))


def test_a_word_file_is_read_in_order_with_its_header_and_tables() -> None:
    text = resumes.extract_text("cv.docx", _docx())
    lines = text.split("\n")

    assert lines[0] == "Grace Okafor · grace@example.com"
    assert "Customer Support Lead, Brightdesk, Mar 2020 – Present" in lines
    assert "Tools | Zendesk | SQL" in lines
    assert "Languages: English, Spanish" in lines  # a merged cell once, not three times
    assert lines.index("Education") < lines.index("B.A. Communication, 2017")
    assert "Zendesk Support Administrator" in lines
    assert lines[-1] == "References available on request."
    assert lines.index("Ran a 12-person team on Zendesk.") < lines.index("Tools | Zendesk | SQL")


def test_text_boxes_in_a_word_file_are_read_once() -> None:
    import docx
    from docx.oxml import parse_xml

    box = (
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>'
        '<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r>'
        "<w:t>Sidebar: Zendesk certified since 2021</w:t></w:r></w:p></w:txbxContent>"
        "</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>"
        "<w:p><w:r><w:t>Sidebar: Zendesk certified since 2021</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    document = docx.Document()
    paragraph = document.add_paragraph("Grace Okafor, Customer Support Lead at Brightdesk")
    paragraph._p.append(parse_xml(box))
    buffer = io.BytesIO()
    document.save(buffer)

    text = resumes.extract_text("cv.docx", buffer.getvalue())
    assert text.count("Sidebar: Zendesk certified since 2021") == 1


def test_plain_text_in_the_encodings_people_save_it_in() -> None:
    resume = "Zoë Müller — Café manager; résumé in “smart quotes”, 5 years’ experience\nSQL"
    for encoding in ("utf-8", "utf-8-sig", "cp1252", "utf-16"):
        assert resumes.extract_text("cv.txt", resume.encode(encoding)) == resume, encoding
    windows = "Name: Zoë\r\n\r\nSkills:\tSQL,\u00a0Zendesk\r\nproﬁcient in Excel\x00?".encode()
    assert resumes.extract_text("cv.txt", windows.replace(b"\x00", b"")) == (
        "Name: Zoë\nSkills: SQL, Zendesk\nproficient in Excel?"
    )


# ---------------------------------------------------------------- files that cannot be read


def test_an_encrypted_pdf_says_it_is_password_protected_and_what_to_do() -> None:
    plain = _reportlab_canvas(LINES)
    for algorithm in ("RC4-128", "AES-128", "AES-256"):
        locked = _rewritten_by_pypdf(plain, password="s3cret", algorithm=algorithm)
        message = _refused("cv.pdf", locked, "password-protected", "without the password")
        assert "could not be read" not in message

    # Locked only against editing (empty open password): it opens, so it is read.
    restricted = _rewritten_by_pypdf(
        plain, password="", owner_password="owner", algorithm="AES-128"
    )
    assert "Zendesk" in resumes.extract_text("cv.pdf", restricted)


def test_a_scanned_image_pdf_says_no_text_could_be_read() -> None:
    _refused("scan.pdf", _scanned_pdf(), "No text could be read", "scanned image")


@pytest.mark.parametrize(
    ("filename", "data", "said"),
    [
        ("cv.pdf", b"", "The file is empty."),
        ("cv.txt", b"", "The file is empty."),
        (
            "cv.pdf",
            b"<!DOCTYPE html><html><body>Grace Okafor, Support Lead</body></html>",
            "named .pdf but is not a PDF",
        ),
        ("cv.pdf", random.Random(7).randbytes(5000), "named .pdf but is not a PDF"),
        ("cv.pdf", b"Grace Okafor. Support lead with ten years at Brightdesk.", "not a PDF"),
        ("cv.docx", b"Grace Okafor. Support lead with ten years at Brightdesk.", "not a Word"),
        ("cv.docx", b"PK\x03\x04 not really a zip", "Word file could not be read"),
        ("cv.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "older Word (.doc)"),
        ("cv.rtf", b"{\\rtf1\\ansi Grace Okafor, Support Lead at Brightdesk}", "PDF, DOCX or TXT"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "PDF, DOCX or TXT"),
        ("cv.html", b"<html><body>Grace Okafor, Support Lead</body></html>", "PDF, DOCX or TXT"),
        ("cv.txt", b"<!doctype html><p>Grace Okafor, Support Lead at Brightdesk</p>", "web page"),
        ("cv.bin", random.Random(8).randbytes(5000), "PDF, DOCX or TXT"),
        ("cv.txt", b"Grace", "Too little text"),
        ("cv.pdf", b"%PDF-1.4 garbage", "could not be read"),
    ],
)
def test_unreadable_files_get_a_message_that_says_what_to_do(
    filename: str, data: bytes, said: str
) -> None:
    _refused(filename, data, said)


def test_a_file_over_10_mb_is_refused_before_it_is_parsed() -> None:
    pdf = _reportlab_canvas(LINES)
    padded = pdf + b"%" * (resumes.MAX_BYTES + 1 - len(pdf))
    _refused("cv.pdf", padded, "larger than 10 MB")
    assert "Zendesk" in resumes.extract_text("cv.pdf", pdf + b"%" * (1024 * 1024))


def test_other_zip_files_are_not_taken_for_word_files() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office:document>Grace Okafor</office:document>")
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    _refused("cv.odt", buffer.getvalue(), "PDF, DOCX or TXT")
    _refused("cv.docx", buffer.getvalue(), "Word file could not be read")


def test_a_word_file_that_unpacks_too_large_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resumes, "MAX_UNPACKED_BYTES", 2000)
    _refused("cv.docx", _docx(), "too large to read")


def test_truncated_and_corrupted_pdfs_are_refused_cleanly() -> None:
    pdf = _reportlab_canvas(LINES * 3, pages=3)
    for fraction in (0.1, 0.5, 0.9):
        _refused("cv.pdf", pdf[: int(len(pdf) * fraction)], "could not be read", "damaged")


def _damaged_files() -> list[tuple[str, int, bytes]]:
    """Every damaged file of the fuzz test, as (name, which original, bytes), seed 2024."""
    rng = random.Random(2024)
    originals = {
        "cv.pdf": [_reportlab_canvas(LINES), _handwritten_pdf(LINES), _reportlab_platypus()],
        "cv.docx": [_docx()],
    }
    cases = []
    index = 0
    for name, files in originals.items():
        for original in files:
            for _ in range(40):
                damaged = bytearray(original)
                for _ in range(rng.randint(1, 40)):
                    damaged[rng.randrange(len(damaged))] = rng.randrange(256)
                cut = bytes(damaged[: rng.randint(1, len(damaged))])
                cases += [(name, index, bytes(damaged)), (name, index, cut)]
            index += 1
    return cases


# The same damaged files as one run would make, tried in four tests (one per original) so
# parallel workers share them.
@pytest.mark.parametrize("original", range(4))
def test_nothing_but_invalid_ever_leaves_on_a_damaged_file(original: int) -> None:
    """Bytes flipped and files cut anywhere: the answer is text or Invalid, never a crash."""
    for name, index, data in _damaged_files():
        if index != original:
            continue
        try:
            text = resumes.extract_text(name, data)
        except Invalid as error:
            assert "Paste the text" in error.errors["resume"]
        else:
            assert isinstance(text, str) and len(text) <= resumes.MAX_CHARACTERS


# ---------------------------------------------------------------- pathological files


def test_only_the_first_30_pages_are_read() -> None:
    pdf = _reportlab_canvas(["Page marker {page} of a very long resume with many pages"], pages=45)

    text = resumes.extract_text("cv.pdf", pdf)
    assert "Page marker 30 of" in text
    assert "Page marker 31 of" not in text


def test_extracted_text_is_capped_at_200_000_characters() -> None:
    line = "Handled billing questions and refunds for enterprise customers.\n"
    text = resumes.extract_text("cv.txt", (line * 5000).encode())

    assert len(text) == resumes.MAX_CHARACTERS == 200_000
    assert text.startswith("Handled billing questions")
