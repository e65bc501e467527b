"""Resumes to text, and applying from the public job board."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlmodel import Session, func, select

from heymilo_app import demo
from heymilo_app.models import Application, Candidate, Job, OutboundMessage, User, utcnow
from heymilo_app.services.common import i18n
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.intake import job_board
from heymilo_app.services.jobs import jobs
from heymilo_app.services.scoring import resumes
from heymilo_app.settings import get_settings

RESUME = (
    "Grace Okafor. Customer Support Lead at Brightdesk 2020-2025. Zendesk, SQL, "
    "Spanish. Trained five agents."
)


def _pdf(text: str) -> bytes:
    """A one-page PDF with a line of text, written by hand (valid xref offsets)."""
    stream = f"BT /F1 12 Tf 40 780 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
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


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Tools"
    table.rows[0].cells[1].text = "Zendesk"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_text_is_read_from_pdf_docx_and_txt() -> None:
    assert "Customer Support Lead" in resumes.extract_text("cv.pdf", _pdf(RESUME))
    from_docx = resumes.extract_text("cv.docx", _docx(RESUME))
    assert "Trained five agents" in from_docx and "Tools | Zendesk" in from_docx
    assert resumes.extract_text("cv.txt", RESUME.encode("cp1252")) == RESUME


def test_encrypted_image_only_and_other_files_say_what_to_do() -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    blank = io.BytesIO()
    writer.write(blank)
    writer.encrypt("secret")
    locked = io.BytesIO()
    writer.write(locked)
    cases = [
        ("locked.pdf", locked.getvalue(), "password-protected"),
        ("scan.pdf", blank.getvalue(), "scanned image"),
        ("cv.pdf", b"%PDF-1.4 garbage", "could not be read"),
        ("cv.docx", b"PK\x03\x04 not really a zip", "could not be read"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "PDF, DOCX or TXT"),
        ("empty.txt", b"", "empty"),
        ("big.txt", b"a" * (10 * 1024 * 1024 + 1), "10 MB"),
    ]
    for name, data, message in cases:
        with pytest.raises(Invalid) as error:
            resumes.extract_text(name, data)
        assert message in error.value.errors["resume"], name
        assert "Paste the text" in error.value.errors["resume"]


@pytest.fixture
def slug(session: Session) -> str:
    demo.seed_demo(session=session)
    return session.exec(select(Job.slug)).one()


def _apply(session: Session, slug: str, **changes):
    values = {
        "first_name": "Lena",
        "last_name": "Berg",
        "email": "lena@example.net",
        "phone": "+14155550160",
        "resume_text": RESUME,
        "sms_consent": True,
    } | changes
    return job_board.apply(session=session, slug=slug, **values).application


def test_a_resume_too_long_is_refused_and_nobody_is_added(session: Session, slug: str) -> None:
    before = session.exec(select(func.count(Application.id))).one()
    with pytest.raises(Invalid) as raised:
        _apply(session, slug, resume_text="x" * (resumes.MAX_CHARACTERS + 1))
    assert raised.value.errors == {"resume": "The resume is too long; paste its main part."}
    assert session.exec(select(func.count(Application.id))).one() == before


def test_applying_opens_an_application_and_invites(session: Session, slug: str) -> None:
    application = _apply(session, slug)
    assert application.source == "job_board" and application.resume_text == RESUME
    channels = session.exec(
        select(OutboundMessage.channel).where(OutboundMessage.application_id == application.id)
    ).all()
    assert sorted(channels) == ["email", "sms"]


def test_no_texts_without_consent(session: Session, slug: str) -> None:
    application = _apply(session, slug, sms_consent=False)
    channels = session.exec(
        select(OutboundMessage.channel).where(OutboundMessage.application_id == application.id)
    ).all()
    assert channels == ["email"]
    assert session.get(Candidate, application.candidate_id).sms_opt_out


def _invitation_emails(session: Session, email: str) -> int:
    return session.exec(
        select(func.count(OutboundMessage.id)).where(
            OutboundMessage.to_address == email,
            OutboundMessage.kind == "invitation",
            OutboundMessage.channel == "email",
        )
    ).one()


def test_applying_twice_emails_the_link_again_and_never_shows_it(
    session: Session, slug: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _apply(session, slug)
    assert _invitation_emails(session, "lena@example.net") == 1
    values = {
        "first_name": "Impostor",
        "last_name": "Berg",
        "email": "Lena@Example.net",
        "phone": "",
        "resume_text": RESUME,
        "sms_consent": False,
    }
    again = job_board.apply(session=session, slug=slug, **values)
    # No link, no "you have applied": the page says the link went to the address given.
    assert again.application is None and again.email == "Lena@Example.net"
    # Just sent: not again within RESEND_EVERY (the page cannot be used to flood the inbox).
    assert _invitation_emails(session, "lena@example.net") == 1
    later = utcnow() + job_board.RESEND_EVERY + timedelta(minutes=1)
    monkeypatch.setattr(job_board, "utcnow", lambda: later)
    assert job_board.apply(session=session, slug=slug, **values).application is None
    assert _invitation_emails(session, "lena@example.net") == 2
    candidate = session.exec(select(Candidate).where(Candidate.email == "lena@example.net")).one()
    assert candidate.first_name == "Lena"  # the second form changed nothing
    assert (
        session.exec(
            select(func.count(Application.id))
            .join(Candidate)
            .where(Candidate.email == "lena@example.net")
        ).one()
        == 1
    )


def test_applications_are_limited_per_address_and_per_email(session: Session, slug: str) -> None:
    before = session.exec(select(func.count(Application.id))).one()
    for n in range(get_settings().apply_limit_per_address):
        job_board.apply(
            session=session,
            slug=slug,
            first_name="P",
            last_name=str(n),
            email=f"p{n}@example.net",
            phone="",
            resume_text=RESUME,
            sms_consent=False,
            client_address="203.0.113.9",
        )
    with pytest.raises(Invalid) as busy:
        _apply(session, slug, email="one-more@example.net", client_address="203.0.113.9")
    assert busy.value.errors == {"form": i18n.t("en", "apply_too_many")}
    created = session.exec(select(func.count(Application.id))).one() - before
    assert created == get_settings().apply_limit_per_address
    # Another address still applies; one email, from many addresses, is limited too.
    assert _apply(session, slug, email="q@example.net", client_address="198.51.100.1")
    for n in range(get_settings().apply_limit_per_email - 1):
        _apply(session, slug, email="q@example.net", client_address=f"198.51.100.{n + 2}")
    with pytest.raises(Invalid):
        _apply(session, slug, email="Q@example.net", client_address="198.51.100.99")
    assert _invitation_emails(session, "one-more@example.net") == 0
    assert _invitation_emails(session, "q@example.net") == 1


def test_bad_fields_create_nothing(session: Session, slug: str) -> None:
    before = session.exec(select(func.count(Application.id))).one()
    with pytest.raises(Invalid) as error:
        _apply(session, slug, email="nope", phone="12")
    assert {"email", "phone"} <= set(error.value.errors)
    assert session.exec(select(func.count(Application.id))).one() == before


def test_jobs_that_take_no_applications(session: Session, slug: str) -> None:
    with pytest.raises(NotFound):
        job_board.public_job(session=session, slug="no-such-job")
    user = session.exec(select(User).where(User.email == demo.RECRUITER_EMAIL)).one()
    draft_only = jobs.create_job(session=session, user=user, title="Not yet")
    with pytest.raises(NotFound):
        job_board.public_job(session=session, slug=draft_only.slug)
    job = session.exec(select(Job).where(Job.slug == slug)).one()
    jobs.set_archived(session=session, user=user, job_id=job.id, archived=True)
    with pytest.raises(NotFound):
        _apply(session, slug)


def test_the_apply_page_says_the_link_was_emailed_when_the_email_applied_before(
    session: Session, slug: str
) -> None:
    import asyncio

    import heymilo_app.heymilo_app  # noqa: F401 - registers the pages and their route vars
    from heymilo_app.state.apply import ApplyState
    from tests.test_states import _root

    form = {
        "first_name": "Lena",
        "last_name": "Berg",
        "email": "lena@example.net",
        "phone": "",
        "resume_text": RESUME,
    }

    def page() -> ApplyState:
        root = _root("", path=f"/apply/{slug}", route="/apply/[slug]", query={"slug": slug})
        state = root.substates[ApplyState.get_name()]
        asyncio.run(state.load_apply())
        assert state.open_for_applications and state.job_title
        return state

    first = page()
    redirect = asyncio.run(first.submit(form))
    assert first.link_sent_to == "" and first.errors == {}
    assert "/i/" in str(redirect)
    again = page()
    result = asyncio.run(again.submit({**form, "first_name": "Someone else"}))
    assert "/i/" not in str(result)
    assert again.link_sent_to == "lena@example.net"
    assert again.link_sent_text.startswith("We have sent the link to your interview to lena@")
