"""Importing candidates from CSV files as people really save them."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from heymilo_app import demo
from heymilo_app.models import Application, Candidate, Job, Organization, OutboundMessage, User
from heymilo_app.services.common.errors import Invalid, NotFound, PermissionDenied
from heymilo_app.services.intake import csv_columns, csv_file, csv_import
from heymilo_app.services.messaging import messaging_policy
from tests.support import add_manager, make_org_user


@pytest.fixture
def demo_job(session: Session) -> tuple[User, Job]:
    demo.seed_demo(session=session)
    user = session.exec(select(User).where(User.email == demo.RECRUITER_EMAIL)).one()
    return user, session.exec(select(Job)).one()


MESSY = (
    "\ufeffFirst Name;Last Name;E-mail;Mobile\r\n"
    "Ana;Silva;ana.silva@example.net;+351 912 345 678\r\n"
    "Ben;Okoro;not-an-email;\r\n"
    ";;;\r\n"
    "Chloé;Martin;chloe@example.net;12\r\n"
    "Dev;Patel;ANA.SILVA@example.net;\r\n"
    "Ada;Moreno;ada.moreno@example.net;\r\n"
    '"Eve, Jr.";"O\'Neil";eve@example.net;(415) 555-0142\r\n'
).encode("utf-8")


def _import(session: Session, user: User, job: Job, data: bytes, progress=None):
    parsed = csv_file.read_csv(data)
    mapping = csv_columns.guess_mapping(parsed.headers)
    return csv_import.import_candidates(
        session=session,
        user=user,
        job_id=job.id,
        parsed=parsed,
        mapping=mapping,
        progress=progress,
    )


def test_messy_file_imports_valid_rows_and_explains_the_rest(
    session: Session, demo_job: tuple
) -> None:
    user, job = demo_job
    parsed = csv_file.read_csv(MESSY)
    assert csv_columns.guess_mapping(parsed.headers) == {
        "first_name": 0,
        "last_name": 1,
        "email": 2,
        "phone": 3,
    }
    progress: list[tuple[int, int]] = []
    report = _import(session, user, job, MESSY, lambda done, total: progress.append((done, total)))
    assert report.total == 6 and report.added == 2
    reasons = dict(report.skipped)
    # Line numbers are the file's own: the blank line 4 is skipped, not renumbered.
    assert "Email" in reasons[3] and "Phone" in reasons[5]
    assert "Duplicate in the file" in reasons[6]
    assert reasons[7] == "This candidate is already in this job."
    assert 4 not in reasons
    assert progress[-1] == (6, 6)
    eve = session.exec(select(Candidate).where(Candidate.email == "eve@example.net")).one()
    assert (eve.first_name, eve.last_name, eve.phone) == ("Eve, Jr.", "O'Neil", "+14155550142")
    ana = session.exec(select(Candidate).where(Candidate.email == "ana.silva@example.net")).one()
    assert ana.phone == "+351912345678"
    application = session.exec(select(Application).where(Application.candidate_id == ana.id)).one()
    assert application.source == "csv"
    assert (
        session.exec(
            select(func.count(OutboundMessage.id)).where(
                OutboundMessage.application_id == application.id
            )
        ).one()
        == 2
    )


def test_windows_1252_and_a_full_name_column(session: Session, demo_job: tuple) -> None:
    user, job = demo_job
    data = "Name,Email Address,Phone Number\nJosé Álvarez Ruiz,jose@example.net,\n".encode("cp1252")
    report = _import(session, user, job, data)
    assert report.added == 1
    jose = session.exec(select(Candidate).where(Candidate.email == "jose@example.net")).one()
    assert (jose.first_name, jose.last_name) == ("José", "Álvarez Ruiz")


def test_importing_the_same_file_twice_adds_nobody_twice(session: Session, demo_job: tuple) -> None:
    user, job = demo_job
    data = b"first_name,last_name,email\nZoe,Kim,zoe@example.net\nYan,Li,yan@example.net\n"
    assert _import(session, user, job, data).added == 2
    again = _import(session, user, job, data)
    assert (
        again.added == 0
        and [r for _, r in again.skipped] == ["This candidate is already in this job."] * 2
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"first_name,email\n", "no candidates"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a text file"),
    ],
)
def test_unreadable_files_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(Invalid) as error:
        csv_file.read_csv(data)
    assert message in error.value.errors["file"]


def test_a_mapping_without_email_is_refused(session: Session, demo_job: tuple) -> None:
    user, job = demo_job
    parsed = csv_file.read_csv(b"first,last,contact\nA,B,c@example.net\n")
    with pytest.raises(Invalid) as error:
        csv_import.import_candidates(
            session=session,
            user=user,
            job_id=job.id,
            parsed=parsed,
            mapping=csv_columns.guess_mapping(parsed.headers),
        )
    assert "email" in error.value.errors["mapping"]
    report = csv_import.import_candidates(
        session=session,
        user=user,
        job_id=job.id,
        parsed=parsed,
        mapping={"first_name": 0, "last_name": 1, "email": 2},
    )
    assert report.added == 1


def test_only_the_organization_recruiters_import(session: Session, demo_job: tuple) -> None:
    user, job = demo_job
    parsed = csv_file.read_csv(b"first_name,email\nA,a@example.net\n")
    mapping = csv_columns.guess_mapping(parsed.headers)
    with pytest.raises(PermissionDenied):
        csv_import.import_candidates(
            session=session,
            user=add_manager(session, user),
            job_id=job.id,
            parsed=parsed,
            mapping=mapping,
        )
    with pytest.raises(NotFound):
        csv_import.import_candidates(
            session=session,
            user=make_org_user(session, org="O", email="o@o.example.com"),
            job_id=job.id,
            parsed=parsed,
            mapping=mapping,
        )


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            ["Candidate name", "Emergency contact phone", "Candidate Email", "Cell Phone Number"],
            {"full_name": 0, "email": 2, "phone": 3},
        ),
        (
            ["Vorname", "Nachname", "E-Mail-Adresse", "Telefonnummer"],
            {"first_name": 0, "last_name": 1, "email": 2, "phone": 3},
        ),
        (
            ["Given name", "Surname", "Email (required)", "Mobile"],
            {"first_name": 0, "last_name": 1, "email": 2, "phone": 3},
        ),
        (
            ["Full name", "Email address", "Reference email", "Work phone", "Home phone"],
            {"full_name": 0, "email": 1, "phone": 3},
        ),
        (
            ["Candidate First Name", "Family name", "Mailing address", "Email", "Contact email"],
            # The exact "Email" wins over the looser "Contact email" before it.
            {"first_name": 0, "last_name": 1, "email": 3},
        ),
        (
            ["Company name", "Recruiter email", "Last contacted", "Mobility", "Manager phone"],
            {},
        ),
    ],
)
def test_headers_are_matched_loosely_but_never_to_someone_else(
    headers: list[str], expected: dict[str, int]
) -> None:
    mapping = csv_columns.guess_mapping(headers)
    assert mapping == expected
    assert len(set(mapping.values())) == len(mapping)  # one column, one field


def test_a_messy_header_imports_with_the_guessed_mapping(session: Session, demo_job: tuple) -> None:
    user, job = demo_job
    data = (
        b"Candidate name;Emergency contact phone;Candidate Email;Cell Phone Number\n"
        b"Lina Haddad;+1 415 555 0199;lina@example.net;+1 415 555 0143\n"
    )
    report = _import(session, user, job, data)
    assert (report.added, report.skipped) == (1, [])
    lina = session.exec(select(Candidate).where(Candidate.email == "lina@example.net")).one()
    assert (lina.first_name, lina.last_name, lina.phone) == ("Lina", "Haddad", "+14155550143")


def test_an_import_of_sixty_rows_reports_progress_every_five_percent(
    session: Session, demo_job: tuple
) -> None:
    user, job = demo_job
    data = "first_name,email\n" + "".join(f"P{i},p{i}@example.net\n" for i in range(60))
    progress: list[tuple[int, int]] = []
    report = _import(
        session, user, job, data.encode(), lambda done, total: progress.append((done, total))
    )
    assert report.added == 60
    done = [step for step, _ in progress]
    assert len(done) >= 10 and done == sorted(set(done))  # several, always moving forward
    assert {total for _, total in progress} == {60} and done[-1] == 60
    assert max(b - a for a, b in zip([0, *done], done, strict=False)) <= 3  # 5 % of 60


def test_chunks_are_small_for_small_files_and_at_most_500() -> None:
    assert csv_import.chunk_size(1) == 1
    assert csv_import.chunk_size(60) == 3
    assert csv_import.chunk_size(2_000) == 100
    assert csv_import.chunk_size(10_000) == csv_import.chunk_size(50_000) == 500


SIX_COLUMNS = (
    "First name,Last name,Email,Phone,Source,Resume\n"
    "Rosa,Diaz,rosa@example.net,+1 415 555 0101,LinkedIn,"
    '"Support lead, 5 years.\nZendesk and Salesforce."\n'
    "Omar,Haddad,omar@example.net,,job_board,Call center agent\n"
    "Lea,Roux,lea@example.net,,,\n"
)


def _applications(session: Session, job: Job) -> dict[str, Application]:
    session.expire_all()  # the bulk path writes with Core statements
    rows = session.exec(
        select(Candidate.email, Application)
        .join(Application, Application.candidate_id == Candidate.id)
        .where(Application.job_id == job.id)
    ).all()
    return dict(rows)


def _messages(session: Session, application: Application) -> int:
    return session.exec(
        select(func.count(OutboundMessage.id)).where(
            OutboundMessage.application_id == application.id
        )
    ).one()


def test_source_and_resume_columns_are_stored_as_the_ats_api_stores_them(
    session: Session, demo_job: tuple
) -> None:
    user, job = demo_job
    parsed = csv_file.read_csv(SIX_COLUMNS.encode())
    assert csv_columns.guess_mapping(parsed.headers) == {
        "first_name": 0,
        "last_name": 1,
        "email": 2,
        "phone": 3,
        "source": 4,
        "resume": 5,
    }
    assert csv_file.samples(parsed)[4:] == [
        "LinkedIn",
        "Support lead, 5 years. Zendesk and Salesforce.",
    ]
    report = _import(session, user, job, SIX_COLUMNS.encode())
    assert (report.added, report.skipped) == (3, [])
    assert report.summary() == "Added and invited 3 candidates."
    found = _applications(session, job)
    rosa, omar, lea = (found[f"{n}@example.net"] for n in ("rosa", "omar", "lea"))
    # A source's own name is kept beside the CSV channel; a channel's name is that channel.
    assert (rosa.source, rosa.source_name) == ("csv", "LinkedIn")
    assert (omar.source, omar.source_name) == ("job_board", "")
    assert (lea.source, lea.source_name) == ("csv", "")
    assert rosa.resume_text == "Support lead, 5 years.\nZendesk and Salesforce."
    assert omar.resume_text == "Call center agent" and lea.resume_text == ""
    assert all(_messages(session, a) >= 1 and a.invited_at for a in (rosa, omar, lea))


def test_the_person_by_person_path_stores_the_same_source_and_resume(
    session: Session, demo_job: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlalchemy as sa

    from heymilo_app.services.intake import bulk_intake

    def conflict(**_: object) -> None:
        raise sa.exc.IntegrityError("INSERT", {}, Exception("a concurrent writer"))

    monkeypatch.setattr(bulk_intake, "_insert_applications", conflict)
    user, job = demo_job
    parsed = csv_file.read_csv(SIX_COLUMNS.encode())
    report = csv_import.import_candidates(
        session=session,
        user=user,
        job_id=job.id,
        parsed=parsed,
        mapping=csv_columns.guess_mapping(parsed.headers),
        invite=False,
    )
    assert report.added == 3
    found = _applications(session, job)
    rosa, omar, lea = (found[f"{n}@example.net"] for n in ("rosa", "omar", "lea"))
    assert (rosa.source, rosa.source_name) == ("csv", "LinkedIn")
    assert rosa.resume_text == "Support lead, 5 years.\nZendesk and Salesforce."
    assert (omar.source, omar.source_name) == ("job_board", "")
    assert all(_messages(session, a) == 0 and a.invited_at is None for a in (rosa, omar, lea))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("referral", ("csv", "referral")),
        ("  Job board ", ("job_board", "")),
        ("ATS", ("ats", "")),
        ("x" * 60, ("csv", "x" * 40)),
        ("", ("csv", "")),
    ],
)
def test_a_source_cell_is_a_channel_or_a_source_name(cell: str, expected: tuple) -> None:
    assert csv_import.source_of(cell) == expected


def test_adding_without_inviting_queues_no_message_and_no_reminder(
    session: Session, demo_job: tuple
) -> None:
    from datetime import timedelta

    from heymilo_app.models import utcnow
    from heymilo_app.services.pipeline import reminders

    user, job = demo_job
    before = session.exec(select(func.count(OutboundMessage.id))).one()
    parsed = csv_file.read_csv((SIX_COLUMNS + "Bad,Row,not-an-email,,,\n").encode())
    report = csv_import.import_candidates(
        session=session,
        user=user,
        job_id=job.id,
        parsed=parsed,
        mapping=csv_columns.guess_mapping(parsed.headers),
        invite=False,
    )
    assert report.summary() == "Added 3 of 4 candidates; no invitations sent; skipped 1."
    found = _applications(session, job)
    assert {"rosa@example.net", "omar@example.net", "lea@example.net"} <= set(found)
    added = [found[f"{n}@example.net"] for n in ("rosa", "omar", "lea")]
    assert all(a.status == "invited" and a.invited_at is None for a in added)
    assert all(a.expires_at is None for a in added)  # no deadline runs before an invitation
    assert session.exec(select(func.count(OutboundMessage.id))).one() == before
    reminders.queue_due(session=session, now=utcnow() + timedelta(days=30))
    session.commit()
    assert session.exec(select(func.count(OutboundMessage.id))).one() == before


def test_the_summary_says_what_was_done() -> None:
    report = csv_import.ImportReport(total=12, added=12, invited=False)
    assert report.summary() == "Added 12 candidates; no invitations sent."
    report = csv_import.ImportReport(total=51, added=50, skipped=[(52, "Email: ...")])
    assert report.summary() == "Added and invited 50 of 51 candidates; skipped 1."
    assert csv_import.ImportReport(total=1, added=1).summary() == "Added and invited 1 candidate."


def test_a_resume_too_long_skips_its_row_only(session: Session, demo_job: tuple) -> None:
    from heymilo_app.services.scoring import resumes

    user, job = demo_job
    long = "word " * (resumes.MAX_CHARACTERS // 5 + 10)
    data = f'first_name,email,resume\nKai,kai@example.net,"{long}"\nMia,mia@example.net,Short\n'
    report = _import(session, user, job, data.encode())
    assert report.added == 1
    assert report.skipped == [(2, "Resume: The resume is too long; paste its main part.")]
    assert set(_applications(session, job)) >= {"mia@example.net"}
    assert "kai@example.net" not in _applications(session, job)


def test_a_candidate_added_without_inviting_gets_a_deadline_when_first_invited(
    session: Session, demo_job: tuple
) -> None:
    from heymilo_app.services.pipeline import resends

    user, job = demo_job
    parsed = csv_file.read_csv(SIX_COLUMNS.encode())
    csv_import.import_candidates(
        session=session,
        user=user,
        job_id=job.id,
        parsed=parsed,
        mapping=csv_columns.guess_mapping(parsed.headers),
        invite=False,
    )
    rosa = _applications(session, job)["rosa@example.net"]
    assert rosa.invited_at is None and rosa.expires_at is None
    resends.resend_as(session=session, user=user, application_id=rosa.id)
    session.refresh(rosa)
    assert rosa.invited_at is not None and rosa.expires_at is not None
    assert (rosa.expires_at - rosa.invited_at).days == messaging_policy.invitation_days(
        session.get(Organization, user.organization_id)
    )
    assert _messages(session, rosa) >= 1
