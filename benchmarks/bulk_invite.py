"""Bulk invitation figure: 10,000 candidates from a CSV file to every invitation accepted.

Seeds the demo organization into a fresh SQLite file, imports a CSV of N candidates into its
job (email only), and runs the outbox sender against a local server speaking SendGrid's
/v3/mail/send until every invitation is accepted. Prints the seconds of each step and the HTTP
requests made. Then does the same in a schema of its own on the test PostgreSQL
(postgresql+psycopg://postgres@127.0.0.1:5432/test, dropped afterwards) when it answers.

Usage: .venv/bin/python benchmarks/bulk_invite.py [N]   (target: under 30 s, at most 11
requests for 10,000 emails)
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def run(url: str, count: int) -> None:
    """Import and invite ``count`` candidates on the database at ``url``; print the figures.

    Args:
        url: SQLAlchemy URL of an empty database (or schema).
        count: Candidates in the CSV file.
    """
    from sqlmodel import select

    from heymilo_app import db, demo
    from heymilo_app.models import Job, MessageStatus, OutboundMessage, User
    from heymilo_app.providers.email import SendGridMailer
    from heymilo_app.providers.sms import OfflineSms
    from heymilo_app.services.intake import csv_columns, csv_file, csv_import
    from heymilo_app.services.messaging import outbox_delivery
    from tests.fakes.providers import FakeSendGrid

    db.migrate(url)
    engine = db.make_engine(url)
    with db.session_scope(engine) as session:
        demo.seed_demo(session=session)
        job = session.exec(select(Job)).one()
        job.sms_invitations = False
        session.commit()
        user = session.exec(select(User).where(User.email == demo.RECRUITER_EMAIL)).one()
        job_id = job.id
    lines = ["First Name,Last Name,Email,Phone"] + [
        f"Cand{index},Bench,cand{index}@bench.example.net," for index in range(count)
    ]
    data = ("\n".join(lines) + "\n").encode()
    server = FakeSendGrid()
    mailer = SendGridMailer(api_key="SG.bench", host=server.url)

    started = time.perf_counter()
    with db.session_scope(engine) as session:
        user = session.get(User, user.id)
        parsed = csv_file.read_csv(data)
        report = csv_import.import_candidates(
            session=session,
            user=user,
            job_id=job_id,
            parsed=parsed,
            mapping=csv_columns.guess_mapping(parsed.headers),
        )
    imported = time.perf_counter()
    sent = 0
    while True:
        result = outbox_delivery.deliver_due(
            engine=engine, mailer=mailer, sms=OfflineSms(), limit=10_000
        )
        sent += result.sent
        if not (result.sent or result.retried):
            break
    finished = time.perf_counter()
    with db.session_scope(engine) as session:
        pending = len(
            session.exec(
                select(OutboundMessage.id).where(
                    OutboundMessage.to_address.like("%@bench.example.net"),
                    OutboundMessage.status != MessageStatus.SENT,
                )
            ).all()
        )
    server.close()
    print(f"database: {url.split(':', 1)[0]}")
    print(
        f"candidates imported and invited: {report.added} of {report.total} "
        f"in {imported - started:.1f} s"
    )
    print(
        f"emails accepted by the SendGrid-protocol server: {len(server.delivered)} "
        f"in {len(server.requests)} HTTP requests, {finished - imported:.1f} s"
    )
    print(
        f"total: {finished - started:.1f} s (target under 30 s, at most 11 requests); "
        f"not sent: {pending}"
    )

    engine.dispose()


def main() -> None:
    """Run the benchmark on SQLite, then on PostgreSQL when it answers."""
    from tests.support import postgres_available, postgres_schema

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    os.environ.setdefault("PASSWORD_HASH_MEMORY_KIB", "1024")
    workdir = tempfile.mkdtemp(prefix="bulk-invite-")
    try:
        run(f"sqlite:///{workdir}/bench.db", count)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if not postgres_available():
        print("database: postgresql — not answering on 127.0.0.1:5432, skipped")
        return
    with postgres_schema("bench") as url:
        run(url, count)


if __name__ == "__main__":
    main()
