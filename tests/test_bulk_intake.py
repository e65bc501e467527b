"""Bulk intake (``bulk_intake.add_applications``): the rows of adding people one by one, in
a few statements, with the person-by-person fallback when a concurrent writer gets in the way.

Every check reads the committed rows back through a fresh session: the bulk path writes with
Core statements, which leave the test session's own ORM objects as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, func, select

from heymilo_app import demo
from heymilo_app.models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    Branding,
    Candidate,
    Channel,
    Interview,
    InterviewStatus,
    Job,
    JobStatus,
    Organization,
    OutboundMessage,
    Role,
    Stage,
    StageType,
    User,
    utcnow,
)
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.intake import bulk_intake, csv_columns, csv_file, csv_import, intake
from heymilo_app.services.jobs import jobs
from heymilo_app.services.messaging import messaging_policy
from heymilo_app.services.pipeline import invitations, links

INVITATION_DAYS = 9  # not the default (14), so the organization's own setting shows


@dataclass
class Workspace:
    """An organization set up for intake: its recruiter, the job, its first stage."""

    recruiter: User
    job: Job
    first_stage_id: int


def _workspace(session: Session, slug: str) -> Workspace:
    """An organization with a published job (texts on) and three candidates it already has.

    Two calls give two organizations that differ only in their ids, slugs and logins, so the
    messages they queue read the same.
    """
    organization = Organization(
        name="Northwind Staffing", slug=slug, invitation_days=INVITATION_DAYS
    )
    session.add(organization)
    session.flush()
    session.add(Branding(organization_id=organization.id, primary_color="#0F766E"))
    recruiter = User(
        organization_id=organization.id,
        email=f"rita@{slug}.example.com",
        full_name="Rita Recruiter",
        role=Role.RECRUITER,
        password_hash="-",
    )
    job = Job(
        organization_id=organization.id,
        title="Warehouse Lead",
        slug=f"warehouse-lead-{slug}",
        sms_invitations=True,
    )
    other_job = Job(organization_id=organization.id, title="Driver", slug=f"driver-{slug}")
    session.add_all([recruiter, job, other_job])
    session.flush()
    interview = Interview(
        job_id=job.id, version=1, status=InterviewStatus.PUBLISHED, published_at=utcnow()
    )
    other_interview = Interview(
        job_id=other_job.id, version=1, status=InterviewStatus.PUBLISHED, published_at=utcnow()
    )
    session.add_all([interview, other_interview])
    session.flush()
    # The later stage gets the lower id: the first stage is the first by position.
    session.add(Stage(interview_id=interview.id, type=StageType.SMS, position=1, title="Texts"))
    session.flush()
    first = Stage(interview_id=interview.id, type=StageType.FORM, position=0, title="Form")
    session.add(first)
    session.flush()
    kim = Candidate(
        organization_id=organization.id,
        first_name="Kim",
        last_name="Known",
        email="kim.known@example.net",
        phone="+14155550111",
    )
    pat = Candidate(
        organization_id=organization.id,
        first_name="Pat",
        last_name="Phoned",
        email="pat@example.net",
        phone="+14155550112",
    )
    olu = Candidate(
        organization_id=organization.id,
        first_name="Olu",
        last_name="Quiet",
        email="olu.quiet@example.net",
        phone="+14155550114",
        sms_opt_out=True,
    )
    session.add_all([kim, pat, olu])
    session.flush()
    # Kim is in the organization's other job: that does not keep her out of this one.
    session.add(
        Application(
            organization_id=organization.id,
            job_id=other_job.id,
            interview_id=other_interview.id,
            candidate_id=kim.id,
            invited_at=utcnow(),
        )
    )
    session.commit()
    return Workspace(recruiter=recruiter, job=job, first_stage_id=first.id)


# As typed: new people, the organization's known candidates (with and without a phone in the
# input), one who opted out of texts, and a name with HTML in it.
TYPED = [
    intake.Person(" Maya ", "Lopez", "Maya.Lopez@Example.NET", "(415) 555-0199"),
    intake.Person("Noor", "", "noor@example.net"),
    intake.Person("<b>Bold</b>", "O'Neil & <i>Co</i>", "bold@example.net", "+351 912 345 678"),
    intake.Person("Kimberly", "Known", "KIM.KNOWN@example.net"),
    intake.Person("Pat", "Phoned-Again", "pat@example.net", "+1 415 555 0113"),
    intake.Person("Olu", "Quiet", "olu.quiet@example.net", "+1 415 555 0115"),
]

# Email: (first name, last name, phone, opted out of texts) once they are in.
EXPECTED_CANDIDATES = {
    "maya.lopez@example.net": ("Maya", "Lopez", "+14155550199", False),
    "noor@example.net": ("Noor", "", "", False),
    "bold@example.net": ("<b>Bold</b>", "O'Neil & <i>Co</i>", "+351912345678", False),
    "kim.known@example.net": ("Kimberly", "Known", "+14155550111", False),  # keeps her phone
    "pat@example.net": ("Pat", "Phoned-Again", "+14155550113", False),  # the new phone
    "olu.quiet@example.net": ("Olu", "Quiet", "+14155550115", True),
}
# Who gets a text, at which number (Noor has no phone, Olu opted out).
EXPECTED_SMS = {
    "maya.lopez@example.net": "+14155550199",
    "bold@example.net": "+351912345678",
    "kim.known@example.net": "+14155550111",
    "pat@example.net": "+14155550113",
}


def _replace(value: Any, replacements: dict[str, str]) -> Any:
    """A value with each per-application string swapped for a placeholder (recursively)."""
    if isinstance(value, str):
        for old, new in replacements.items():
            value = value.replace(old, new)
        return value
    if isinstance(value, dict):
        return {key: _replace(item, replacements) for key, item in value.items()}
    if isinstance(value, list):
        return [_replace(item, replacements) for item in value]
    return value


def _snapshot(engine: sa.Engine, workspace: Workspace) -> dict[str, Any]:
    """What a job's intake left in the database, keyed by email, ids and links abstracted.

    Also checks what must hold in every run: each message carries its own application's link
    and dedupe key, the emails share one batch, the deadline is the organization's.
    """
    job_id, organization_id = workspace.job.id, workspace.job.organization_id
    with Session(engine) as fresh:
        organization = fresh.get(Organization, organization_id)
        days = messaging_policy.invitation_days(organization)
        published = jobs.published_interview(session=fresh, job=fresh.get(Job, job_id))
        candidates = fresh.exec(
            select(Candidate).where(Candidate.organization_id == organization_id)
        ).all()
        email_of = {candidate.id: candidate.email for candidate in candidates}
        applications = fresh.exec(select(Application).where(Application.job_id == job_id)).all()
        messages = fresh.exec(
            select(OutboundMessage)
            .where(OutboundMessage.organization_id == organization_id)
            .order_by(OutboundMessage.id)
        ).all()
    by_id = {application.id: application for application in applications}
    tokens = {application.token for application in applications}
    assert len(tokens) == len(applications)
    assert days == INVITATION_DAYS
    application_rows = {}
    for application in applications:
        assert application.interview_id == published.id
        assert application.current_stage_id == workspace.first_stage_id
        assert application.expires_at - application.invited_at == timedelta(days=days)
        application_rows[email_of[application.candidate_id]] = {
            "status": application.status,
            "first_stage": application.current_stage_id == workspace.first_stage_id,
            "source": application.source,
            "external_id": application.external_id,
            "resume_text": application.resume_text,
            "valid_for": application.expires_at - application.invited_at,
            "started": (application.started_at, application.finished_at),
            "stage_entered_at": application.stage_entered_at,
        }
    message_rows: dict[str, list[dict[str, Any]]] = {}
    batch_keys = set()
    for message in messages:
        application = by_id[message.application_id]
        link = links.candidate_link(application)
        assert link in message.body
        # Nobody else's link is in it.
        assert not [t for t in tokens - {application.token} if t in message.body]
        assert message.dedupe_key == f"invitation:{application.id}:1:{message.channel}"
        if message.channel == Channel.EMAIL:
            assert links.unsubscribe_link(application) in message.body
            assert message.payload["substitutions"]["%interview_link%"] == link
            batch_keys.add(message.batch_key)
        placeholders = {
            link: "<link>",
            links.unsubscribe_link(application): "<unsubscribe>",
            links.one_click_unsubscribe_link(application): "<one-click unsubscribe>",
            links.format_deadline(application): "<deadline>",
        }
        message_rows.setdefault(email_of[application.candidate_id], []).append(
            {
                "channel": message.channel,
                "kind": message.kind,
                "status": message.status,
                "to_address": message.to_address,
                "subject": message.subject,
                "body": _replace(message.body, placeholders),
                "html": message.html,
                "payload": _replace(message.payload, placeholders),
                "dedupe_key": message.dedupe_key.replace(f":{application.id}:", ":<id>:"),
                "batch_key": message.batch_key,
                "attempts": message.attempts,
            }
        )
    assert len(batch_keys) == 1 and "" not in batch_keys
    return {
        "candidates": {
            candidate.email: (
                candidate.first_name,
                candidate.last_name,
                candidate.phone,
                candidate.sms_opt_out,
                candidate.email_unsubscribed,
            )
            for candidate in candidates
        },
        "applications": application_rows,
        "messages": {
            email: sorted(rows, key=lambda row: row["channel"])
            for email, rows in message_rows.items()
        },
        "batch_key": batch_keys.pop(),
    }


def test_bulk_intake_leaves_the_rows_of_adding_one_by_one(
    session: Session, engine: sa.Engine
) -> None:
    bulk = _workspace(session, "bulk")
    single = _workspace(session, "single")
    context = invitations.invitation_context(session=session, job=bulk.job)
    outcomes = bulk_intake.add_applications(
        session=session,
        job=bulk.job,
        people=[intake.validate_person(person) for person in TYPED],
        source=ApplicationSource.CSV,
        context=context,
        sender=bulk.recruiter,
    )
    session.commit()
    assert outcomes == [None] * len(TYPED)
    for person in TYPED:
        intake.add_application(
            session=session,
            job=single.job,
            person=person,
            source=ApplicationSource.CSV,
            sender=single.recruiter,
        )

    by_bulk, one_by_one = _snapshot(engine, bulk), _snapshot(engine, single)
    assert by_bulk == one_by_one
    # And what both are, spelled out.
    assert by_bulk["batch_key"] == context.batch_key
    assert {
        email: (first, last, phone, opted_out)
        for email, (first, last, phone, opted_out, _) in by_bulk["candidates"].items()
    } == EXPECTED_CANDIDATES
    assert set(by_bulk["applications"]) == set(EXPECTED_CANDIDATES)
    for row in by_bulk["applications"].values():
        assert row["status"] == ApplicationStatus.INVITED
        assert row["source"] == ApplicationSource.CSV
        assert row["valid_for"] == timedelta(days=INVITATION_DAYS)
    for email, rows in by_bulk["messages"].items():
        email_row = rows[0]
        assert email_row["channel"] == Channel.EMAIL and email_row["to_address"] == email
        assert email_row["subject"] == "Your interview for Warehouse Lead at Northwind Staffing"
        assert email_row["dedupe_key"] == "invitation:<id>:1:email"
        assert "before <deadline>:\n\n<link>\n\n" in email_row["body"]
        assert "Rita Recruiter" in email_row["body"]
        texts = [(row["to_address"], row["dedupe_key"]) for row in rows[1:]]
        expected = [(EXPECTED_SMS[email], "invitation:<id>:1:sms")] if email in EXPECTED_SMS else []
        assert texts == expected
        assert all(row["batch_key"] == "" and "<link>" in row["body"] for row in rows[1:])
    assert set(by_bulk["messages"]) == set(EXPECTED_CANDIDATES)
    bold = by_bulk["messages"]["bold@example.net"][0]
    # A name is text: as typed in the text part, escaped in the HTML part.
    assert bold["body"].startswith("Hi <b>Bold</b>,")
    substitutions = bold["payload"]["substitutions"]
    assert substitutions["%candidate_first_name_html%"] == "&lt;b&gt;Bold&lt;/b&gt;"
    assert "<b>" not in bold["html"]


def test_someone_already_in_the_job_is_reported_like_add_application_and_left_alone(
    session: Session, engine: sa.Engine
) -> None:
    demo.seed_demo(session=session)
    user = session.exec(select(User).where(User.email == demo.RECRUITER_EMAIL)).one()
    job = session.exec(select(Job)).one()
    ada = session.exec(select(Candidate).where(Candidate.email == "ada.moreno@example.net")).one()
    [ada_application] = session.exec(
        select(Application).where(Application.candidate_id == ada.id)
    ).all()
    people = [
        intake.validate_person(
            intake.Person("Adaline", "Diaz", "ADA.MORENO@example.net", "+1 415 555 0177")
        ),
        intake.validate_person(intake.Person("Zed", "New", "zed@example.net", "+14155550170")),
    ]

    def ada_messages(reader: Session) -> list[int]:
        """Messages of Ada's application or to her (or the newcomer's) address."""
        return sorted(
            reader.exec(
                select(OutboundMessage.id).where(
                    (OutboundMessage.application_id == ada_application.id)
                    | (OutboundMessage.to_address.in_(["ada.moreno@example.net", "+14155550177"]))
                )
            ).all()
        )

    ada_before = ada_messages(session)  # the demo's invitation of weeks ago
    with pytest.raises(Invalid) as raised:
        intake.add_application(
            session=session,
            job=job,
            person=people[0],
            source=ApplicationSource.CSV,
            sender=user,
            commit=False,
        )
    session.rollback()
    assert raised.value.errors == {"email": intake.ALREADY_IN_JOB}
    candidates_before = session.exec(select(func.count(Candidate.id))).one()

    outcomes = bulk_intake.add_applications(
        session=session,
        job=job,
        people=people,
        source=ApplicationSource.CSV,
        context=invitations.invitation_context(session=session, job=job),
        sender=user,
    )
    session.commit()

    assert outcomes == [raised.value.errors["email"], None]
    with Session(engine) as fresh:
        ada_now = fresh.get(Candidate, ada.id)
        assert (ada_now.first_name, ada_now.last_name, ada_now.phone) == (
            "Ada",
            "Moreno",
            "+14155550101",
        )
        assert [
            a.id
            for a in fresh.exec(select(Application).where(Application.job_id == job.id)).all()
            if a.candidate_id == ada.id
        ] == [ada_application.id]
        assert fresh.get(Application, ada_application.id).status == ApplicationStatus.INVITED
        assert ada_messages(fresh) == ada_before
        assert fresh.exec(select(func.count(Candidate.id))).one() == candidates_before + 1
        zed = fresh.exec(select(Candidate).where(Candidate.email == "zed@example.net")).one()
        [zed_application] = fresh.exec(
            select(Application).where(Application.candidate_id == zed.id)
        ).all()
        assert zed_application.job_id == job.id
        sent = fresh.exec(
            select(OutboundMessage.channel, OutboundMessage.to_address)
            .where(OutboundMessage.application_id == zed_application.id)
            .order_by(OutboundMessage.id)
        ).all()
        assert [tuple(row) for row in sent] == [
            ("email", "zed@example.net"),
            ("sms", "+14155550170"),
        ]


def test_a_job_that_cannot_take_candidates_is_reported_like_add_application(
    session: Session, engine: sa.Engine
) -> None:
    demo.seed_demo(session=session)
    user = session.exec(select(User).where(User.email == demo.RECRUITER_EMAIL)).one()
    published = session.exec(select(Job)).one()
    draft = jobs.create_job(session=session, user=user, title="Not published yet")
    people = [
        intake.Person("Amy", "A", "amy@example.net"),
        intake.Person("Bo", "B", "bo@example.net"),
    ]

    def counts() -> tuple[int, int, int]:
        with Session(engine) as fresh:
            return (
                fresh.exec(select(func.count(Candidate.id))).one(),
                fresh.exec(select(func.count(Application.id))).one(),
                fresh.exec(select(func.count(OutboundMessage.id))).one(),
            )

    before = counts()
    published.status = JobStatus.ARCHIVED
    session.commit()
    for job in (published, draft):
        with pytest.raises(Invalid) as raised:
            intake.add_application(
                session=session, job=job, person=people[0], source=ApplicationSource.CSV
            )
        session.rollback()
        outcomes = bulk_intake.add_applications(
            session=session,
            job=job,
            people=people,
            source=ApplicationSource.CSV,
            context=invitations.invitation_context(session=session, job=job),
            sender=user,
        )
        session.commit()
        assert outcomes == [raised.value.errors["job"]] * 2
        assert raised.value.errors["job"] in (intake.ARCHIVED, intake.UNPUBLISHED)
    assert counts() == before


def _insert_as_another_writer(session: Session, engine: sa.Engine, row: dict[str, Any]) -> int:
    """Insert and commit a candidate as a concurrent writer would, in the middle of a chunk.

    PostgreSQL: through a connection of its own, committed at once; the chunk's transaction
    (read committed) then sees it, and its own insert of the same email hits the unique key.

    SQLite cannot run that race: writers take turns (the app's sessions begin with BEGIN
    IMMEDIATE, see ``db.writer``). From another connection the insert would either wait out
    ``busy_timeout`` behind our write lock or, since the chunk has only read so far, commit
    and leave the chunk's WAL snapshot stale so its insert fails with "database is locked"
    (an OperationalError, not the IntegrityError of a real conflict). So the row goes in
    through the chunk's own connection, but outside the chunk's savepoint (released, then
    opened again under the same name) so that rolling the chunk back keeps it, as it would
    keep a row another writer committed.
    """
    statement = sa.insert(Candidate.__table__).values(**row).returning(Candidate.__table__.c.id)
    if engine.dialect.name != "sqlite":
        with engine.begin() as other:
            return other.execute(statement).scalar_one()
    connection = session.connection()
    savepoint = connection.get_nested_transaction()._savepoint
    connection.exec_driver_sql(f"RELEASE SAVEPOINT {savepoint}")
    candidate_id = connection.execute(statement).scalar_one()
    connection.exec_driver_sql(f"SAVEPOINT {savepoint}")
    return candidate_id


def test_a_candidate_added_concurrently_makes_the_chunk_go_person_by_person(
    session: Session, engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo.seed_demo(session=session)
    user = session.exec(select(User).where(User.email == demo.RECRUITER_EMAIL)).one()
    job = session.exec(select(Job)).one()
    known = Candidate(
        organization_id=job.organization_id,
        first_name="Kay",
        email="known@example.net",
        phone="+14155550160",
    )
    session.add(known)
    session.commit()
    people = [
        intake.Person("Rae", "Racer", "racer@example.net", "+14155550161"),
        intake.Person("Fran", "Fresh", "fresh@example.net", ""),
        intake.Person("Alan", "Schmidt", "alan.schmidt@example.net", ""),  # already in the job
        intake.Person("Kay", "Known", "known@example.net", ""),
    ]
    context = invitations.invitation_context(session=session, job=job)
    with Session(engine) as fresh:
        candidates_before = fresh.exec(select(func.count(Candidate.id))).one()
        last_before = fresh.exec(select(func.max(OutboundMessage.id))).one() or 0

    # The chunk has read the organization's candidates and builds the rows of the new ones:
    # that is when the other writer commits "racer@example.net".
    raced: dict[str, int] = {}
    real_row = bulk_intake._row

    def row_after_a_race(model: type, **fields: Any) -> dict[str, Any]:
        if model is Candidate and not raced:
            raced["id"] = _insert_as_another_writer(
                session,
                engine,
                real_row(
                    Candidate,
                    organization_id=job.organization_id,
                    first_name="Other",
                    last_name="Writer",
                    email="racer@example.net",
                ),
            )
        return real_row(model, **fields)

    monkeypatch.setattr(bulk_intake, "_row", row_after_a_race)
    one_by_one: list[str] = []
    real_add = intake.add_application

    def add_application(**kwargs: Any) -> Application:
        one_by_one.append(kwargs["person"].email)
        return real_add(**kwargs)

    monkeypatch.setattr(intake, "add_application", add_application)

    outcomes = bulk_intake.add_applications(
        session=session,
        job=job,
        people=people,
        source=ApplicationSource.CSV,
        context=context,
        sender=user,
    )
    session.commit()

    assert raced, "the race was not staged"
    assert one_by_one == [person.email for person in people]  # the fallback ran
    assert outcomes == [None, None, intake.ALREADY_IN_JOB, None]
    emails = [person.email for person in people]
    with Session(engine) as fresh:
        candidates = fresh.exec(select(Candidate).where(Candidate.email.in_(emails))).all()
        # One candidate per email: the racer's row is the one the other writer committed.
        assert sorted(c.email for c in candidates) == sorted(emails)
        by_email = {c.email: c for c in candidates}
        racer = by_email["racer@example.net"]
        assert racer.id == raced["id"]
        assert (racer.first_name, racer.last_name, racer.phone) == ("Rae", "Racer", "+14155550161")
        assert by_email["known@example.net"].id == known.id
        assert by_email["known@example.net"].phone == "+14155550160"
        assert fresh.exec(select(func.count(Candidate.id))).one() == candidates_before + 2
        applications = fresh.exec(select(Application).where(Application.job_id == job.id)).all()
        per_candidate: dict[int, list[Application]] = {}
        for application in applications:
            per_candidate.setdefault(application.candidate_id, []).append(application)
        assert all(len(rows) == 1 for rows in per_candidate.values())
        for email in emails:
            assert len(per_candidate[by_email[email].id]) == 1
        alan_application = per_candidate[by_email["alan.schmidt@example.net"].id][0]
        assert alan_application.status == ApplicationStatus.IN_PROGRESS  # the demo's, untouched
        messages = fresh.exec(
            select(OutboundMessage)
            .where(OutboundMessage.id > last_before)
            .order_by(OutboundMessage.id)
        ).all()
        assert len(messages) == 5
        assert len({m.dedupe_key for m in messages}) == len(messages)
        queued = sorted((m.application_id, m.channel, m.to_address, m.dedupe_key) for m in messages)
        racer_id = per_candidate[racer.id][0].id
        fresh_id = per_candidate[by_email["fresh@example.net"].id][0].id
        known_id = per_candidate[known.id][0].id
        assert queued == sorted(
            [
                (racer_id, "email", "racer@example.net", f"invitation:{racer_id}:1:email"),
                (racer_id, "sms", "+14155550161", f"invitation:{racer_id}:1:sms"),
                (fresh_id, "email", "fresh@example.net", f"invitation:{fresh_id}:1:email"),
                (known_id, "email", "known@example.net", f"invitation:{known_id}:1:email"),
                (known_id, "sms", "+14155550160", f"invitation:{known_id}:1:sms"),
            ]
        )
        assert not [m for m in messages if m.application_id == alan_application.id]


def test_twelve_hundred_rows_go_in_by_chunks_with_one_email_each(
    session: Session, engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo.seed_demo(session=session)
    user = session.exec(select(User).where(User.email == demo.RECRUITER_EMAIL)).one()
    job = session.exec(select(Job)).one()
    total = 1200
    data = "first_name,last_name,email\n" + "".join(
        f"Person{index},Bulk,person{index}@example.net\n" for index in range(total)
    )
    chunks: list[int] = []
    real_bulk = bulk_intake.add_applications

    def add_applications(**kwargs: Any) -> list[str | None]:
        chunks.append(len(kwargs["people"]))
        return real_bulk(**kwargs)

    monkeypatch.setattr(bulk_intake, "add_applications", add_applications)
    fallback: list[str] = []
    real_add = intake.add_application
    monkeypatch.setattr(
        intake, "add_application", lambda **kw: fallback.append(kw) or real_add(**kw)
    )
    progress: list[tuple[int, int]] = []
    parsed = csv_file.read_csv(data.encode())
    report = csv_import.import_candidates(
        session=session,
        user=user,
        job_id=job.id,
        parsed=parsed,
        mapping=csv_columns.guess_mapping(parsed.headers),
        progress=lambda done, of: progress.append((done, of)),
    )

    assert (report.total, report.added, report.skipped) == (total, total, [])
    # Chunks of 60 (1/20 of the file, under the cap of 500), so progress moves every 5 %.
    assert chunks == [60] * 20 and not fallback
    assert progress == [(60 * step, total) for step in range(1, 21)]
    with Session(engine) as fresh:
        rows = fresh.exec(
            select(Candidate.email, Application.id, Application.token, Application.source)
            .join(Application, Application.candidate_id == Candidate.id)
            .where(Application.job_id == job.id, Candidate.email.like("person%@example.net"))
        ).all()
        assert sorted(row[0] for row in rows) == sorted(
            f"person{index}@example.net" for index in range(total)
        )
        assert {row[3] for row in rows} == {ApplicationSource.CSV}
        messages = fresh.exec(
            select(
                OutboundMessage.application_id,
                OutboundMessage.channel,
                OutboundMessage.to_address,
                OutboundMessage.dedupe_key,
                OutboundMessage.batch_key,
                OutboundMessage.body,
            ).where(OutboundMessage.application_id.in_([row[1] for row in rows]))
        ).all()
    assert len(messages) == total
    by_application = {message[0]: message for message in messages}
    assert len(by_application) == total
    base = links.candidate_link(SimpleNamespace(token=""))
    for email, application_id, token, _ in rows:
        _, channel, to_address, dedupe_key, _, body = by_application[application_id]
        assert (channel, to_address) == ("email", email)
        assert dedupe_key == f"invitation:{application_id}:1:email"
        assert base + token in body
    assert len({message[4] for message in messages}) == 1
