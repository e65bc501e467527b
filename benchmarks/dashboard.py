"""Dashboard figure: everything the dashboard shows for 100,000 applications, against plain SQL.

Seeds one organization with 4 jobs (70,000 + 3 x 10,000 applications) whose interviews have 5
stages (resume, form with a voluntary self-ID question, text screen, voice, assessment), with
stage attempts, current scores with rubric criteria and the invitations' outbox rows, and the
columns the app derives on every write (each score's criteria profile, each application's
overall score, as services/score_alerts computes them), into a fresh SQLite file and, when it
answers, into a schema of its own on the test PostgreSQL
(postgresql+psycopg://postgres@127.0.0.1:5432/test, dropped afterwards). Then times
``dashboard.dashboard_data``, ``scores.median_overall`` and the first page of
``ranked_table.ranked`` for the biggest job and for all jobs, next to the plain SQL ``GROUP BY``
statements that read the same rows and columns and give the same counts (the funnel, the
histogram bins, the criteria averages, the stage times as count and mean, the rates per channel
and source, the days, the self-ID groups per stage, the 25 best overall scores and every
overall score). Each figure is the median of 5 runs after a warm-up.

Usage: .venv/bin/python benchmarks/dashboard.py [N]   (target: under 1 s for 100,000
applications, within 3x of the plain queries)
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

os.environ.setdefault("PASSWORD_HASH_MEMORY_KIB", "1024")
os.environ.setdefault("PASSWORD_HASH_TIME_COST", "1")

import numpy as np
import sqlalchemy as sa

RUNS = 5
EVIDENCE = "I called the customer back the same day and fixed the billing error myself."
STAGE_TYPES = ("resume", "form", "sms", "voice", "assessment")
GROUPS = ("Woman", "Man", "Non-binary", "Prefer not to say")
CRITERIA = {
    "resume": ("Relevant experience", "Tools"),
    "sms": ("Clarity", "Empathy", "Problem solving"),
    "voice": ("Communication", "Ownership", "Customer focus"),
    "assessment": ("Accuracy", "Structure", "Judgement"),
}


def _organization(engine: sa.Engine) -> tuple[int, int]:
    """Sign up the benchmark's organization; returns (organization id, user id)."""
    from sqlmodel import Session

    from heymilo_app.services.org import accounts

    with Session(engine) as session:
        user = accounts.sign_up(
            session=session,
            organization_name="Bench Co",
            full_name="Bench Recruiter",
            email="bench@bench.example.net",
            password="correct horse battery",
        )
        return user.organization_id, user.id


def _value(value, sqlite: bool):
    """A Python value as the driver stores it (what the app's column types would send)."""
    if isinstance(value, dict | list):
        return json.dumps(value)
    if isinstance(value, datetime) and sqlite:
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def _insert(connection: sa.Connection, table: sa.Table, rows: list[dict]) -> None:
    """Insert dict rows through the driver's executemany (no per-row ORM or type objects).

    Small tables go through SQLAlchemy Core, which fills the columns' Python defaults.
    """
    if len(rows) < 100:
        connection.execute(table.insert(), rows)
        return
    sqlite = connection.dialect.name == "sqlite"
    columns = list(rows[0])
    marks = ", ".join(["?" if sqlite else "%s"] * len(columns))
    names = ", ".join(f'"{column}"' for column in columns)
    sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'
    for start in range(0, len(rows), 20_000):
        batch = [
            tuple(_value(row[column], sqlite) for column in columns)
            for row in rows[start : start + 20_000]
        ]
        connection.exec_driver_sql(sql, batch)


def seed(engine: sa.Engine, count: int) -> dict:
    """Seed the benchmark's data with bulk core inserts.

    Args:
        engine: The database.
        count: Applications to create.

    Returns:
        Ids: organization, user, the biggest job.
    """
    from heymilo_app.models import (
        Application,
        Candidate,
        Interview,
        Job,
        OutboundMessage,
        Question,
        Score,
        Stage,
        StageAttempt,
    )
    from heymilo_app.models.derived import criteria_profile, mean_total

    org_id, user_id = _organization(engine)
    rng = np.random.default_rng(6)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    sizes = [count - 3 * (count // 10), count // 10, count // 10, count // 10]
    jobs, interviews, stages, questions = [], [], [], []
    stage_ids: dict[int, list[int]] = {}
    self_id: dict[int, int] = {}
    for j, _size in enumerate(sizes, start=1):
        jobs.append(
            {
                "id": j,
                "organization_id": org_id,
                "title": f"Bench job {j}",
                "slug": f"bench-job-{j}-{secrets.token_hex(3)}",
                "sms_invitations": j % 2 == 1,
                "created_at": now,
                "updated_at": now,
            }
        )
        interviews.append(
            {"id": j, "job_id": j, "version": 1, "status": "published", "published_at": now}
        )
        stage_ids[j] = []
        for position, kind in enumerate(STAGE_TYPES):
            stage_id = (j - 1) * 5 + position + 1
            stage_ids[j].append(stage_id)
            stages.append(
                {
                    "id": stage_id,
                    "interview_id": j,
                    "type": kind,
                    "position": position,
                    "title": f"{kind.capitalize()} of job {j}" if j > 1 else "",
                    "pass_threshold": 60,
                    "config": {},
                    "rubric": [
                        {"name": name, "weight": 1, "low": "", "high": ""}
                        for name in CRITERIA.get(kind, ())
                    ],
                    "dealbreakers_enabled": True,
                    "intro_text": "",
                }
            )
        form_stage = stage_ids[j][1]
        self_id[j] = j
        questions.append(
            {
                "id": j,
                "stage_id": form_stage,
                "position": 0,
                "prompt": "How do you describe your gender? (voluntary)",
                "kind": "self_id",
                "options": list(GROUPS),
                "required": False,
                "scored": False,
                "weight": 1.0,
                "followups": 0,
            }
        )
    candidates, applications, attempts, scores, messages = [], [], [], [], []
    application_id = attempt_id = score_id = message_id = 0
    for j, size in enumerate(sizes, start=1):
        created = [
            now - timedelta(days=90, seconds=-int(offset))
            for offset in rng.integers(0, 90 * 86400, size)
        ]
        progress = rng.random((size, 5))
        group_of = rng.integers(0, len(GROUPS) + 1, size)
        totals = np.round(rng.normal(64, 15, (size, 5)).clip(0, 100), 1)
        minutes = rng.gamma(2.0, 6.0, (size, 5))
        for i in range(size):
            application_id += 1
            has_phone = i % 3 != 0
            candidates.append(
                {
                    "id": application_id,
                    "organization_id": org_id,
                    "first_name": f"Cand{application_id}",
                    "last_name": "Bench",
                    "email": f"cand{application_id}@bench.example.net",
                    "phone": f"+1555{application_id:07d}" if has_phone else "",
                    "sms_opt_out": False,
                    "email_unsubscribed": False,
                    "timezone": "",
                    "created_at": created[i],
                }
            )
            started = created[i] + timedelta(hours=2)
            clock = started
            status, finished_app, reached = "invited", None, 0
            scored: list[float] = []
            if progress[i, 0] > 0.15:
                status = "in_progress"
                for position in range(5):
                    reached = position + 1
                    attempt_id += 1
                    stage_id = stage_ids[j][position]
                    finished = progress[i, position] > 0.2 if position else True
                    passed = finished and totals[i, position] >= 45
                    took = timedelta(minutes=float(minutes[i, position]))
                    answers = {}
                    if position == 1 and group_of[i] < len(GROUPS):
                        answers[str(self_id[j])] = GROUPS[group_of[i]]
                    attempts.append(
                        {
                            "id": attempt_id,
                            "application_id": application_id,
                            "stage_id": stage_id,
                            "status": (
                                "passed" if passed else "failed" if finished else "in_progress"
                            ),
                            "answers": answers,
                            "transcript": [],
                            "started_at": clock,
                            "finished_at": clock + took if finished else None,
                        }
                    )
                    if finished:
                        score_id += 1
                        names = CRITERIA.get(STAGE_TYPES[position], ())
                        criteria = [
                            {
                                "name": name,
                                "weight": 1,
                                "score": int(1 + (totals[i, position] + 7 * k) % 5),
                                "evidence": EVIDENCE,
                            }
                            for k, name in enumerate(names)
                        ]
                        if names:
                            scored.append(float(totals[i, position]))
                        scores.append(
                            {
                                "id": score_id,
                                "application_id": application_id,
                                "stage_id": stage_id,
                                "attempt_id": attempt_id,
                                # A stage without criteria (the form of facts) scores 0.
                                "total": float(totals[i, position]) if names else 0.0,
                                "criteria": criteria,
                                # What the session events of score_alerts keep (no ORM here).
                                "criteria_scores": criteria_profile(criteria),
                                "summary": "",
                                "passed": passed,
                                "dealbreaker_passed": True,
                                "dealbreaker_failures": [],
                                "scorer": "offline-lexical-v1",
                                "rubric_version": "",
                                "is_current": True,
                                "created_at": clock + took,
                            }
                        )
                    clock += took + timedelta(hours=1)
                    if not passed:
                        status = "disqualified" if finished else "in_progress"
                        finished_app = clock if finished else None
                        break
                else:
                    status, finished_app = "completed", clock
            applications.append(
                {
                    "id": application_id,
                    "organization_id": org_id,
                    "job_id": j,
                    "interview_id": j,
                    "candidate_id": application_id,
                    "token": secrets.token_urlsafe(16),
                    "status": status,
                    "current_stage_id": stage_ids[j][max(reached - 1, 0)],
                    "source": ("manual", "csv", "ats", "job_board")[application_id % 4],
                    "resume_text": "",
                    "created_at": created[i],
                    "invited_at": created[i],
                    "started_at": started if status != "invited" else None,
                    "finished_at": finished_app,
                    "outcome_reason": "",
                    "overall_score": mean_total(scored),
                }
            )
            for channel in ("email", "sms") if (j % 2 == 1 and has_phone) else ("email",):
                message_id += 1
                messages.append(
                    {
                        "id": message_id,
                        "organization_id": org_id,
                        "application_id": application_id,
                        "channel": channel,
                        "kind": "invitation",
                        "to_address": "x",
                        "subject": "",
                        "body": "",
                        "html": "",
                        "payload": {},
                        "status": "sent",
                        "dedupe_key": f"invitation:{application_id}:1:{channel}",
                        "batch_key": "",
                        "claim_token": "",
                        "delivery_status": "",
                        "provider": "",
                        "provider_id": "",
                        "attempts": 1,
                        "last_error": "",
                        "created_at": created[i],
                        "send_after": created[i],
                    }
                )
    with engine.begin() as connection:
        for model, rows in (
            (Job, jobs),
            (Interview, interviews),
            (Stage, stages),
            (Question, questions),
            (Candidate, candidates),
            (Application, applications),
            (StageAttempt, attempts),
            (Score, scores),
            (OutboundMessage, messages),
        ):
            _insert(connection, model.__table__, rows)
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.exec_driver_sql("VACUUM ANALYZE")
    else:
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    return {
        "org": org_id,
        "user": user_id,
        "job": 1,
        "rows": {
            "applications": len(applications),
            "attempts": len(attempts),
            "scores": len(scores),
            "messages": len(messages),
        },
    }


def plain_statements(dialect: str, job: int | None) -> list[str]:
    """The plain GROUP BY statements reading the same rows as the dashboard.

    Written as one would by hand for the fastest answer: attempts and scores are limited to
    the job's (or the organization's) stages, which is the same set as joining their
    applications.

    Args:
        dialect: "sqlite" or "postgresql".
        job: The job, or None for all jobs.

    Returns:
        SQL texts (parameter :org).
    """
    scope = "a.organization_id = :org" + (f" AND a.job_id = {int(job)}" if job else "")
    stages = (
        "(SELECT s.id FROM stage s JOIN interview i ON i.id = s.interview_id "
        "JOIN job j ON j.id = i.job_id WHERE j.organization_id = :org"
        + (f" AND j.id = {int(job)})" if job else ")")
    )
    pg = dialect == "postgresql"
    day = (lambda c: f"date({c} AT TIME ZONE 'UTC')") if pg else (lambda c: f"substr({c}, 1, 10)")
    seconds = (
        "extract(epoch from t.finished_at - t.started_at)"
        if pg
        else "(julianday(t.finished_at) - julianday(t.started_at)) * 86400.0"
    )
    scored = "s.criteria_scores != '[]'"
    current = "s.is_current = true" if pg else "s.is_current = 1"
    answer = "f.answers->>'{q}'" if pg else "json_extract(f.answers, '$.\"{q}\"')"
    answers = "coalesce(" + ", ".join(answer.format(q=q) for q in range(1, 5)) + ")"
    statements = [
        # Applications, started and completed per source and invitation channel.
        "SELECT a.source, a.status, a.id IN (SELECT m.application_id FROM outbound_message m "
        "WHERE m.kind = 'invitation' AND m.channel = 'sms') AS sms, count(*), "
        f"count(a.started_at) FROM application a WHERE {scope} GROUP BY 1, 2, 3",
        # Funnel: finished and passed per stage.
        "SELECT t.stage_id, count(t.finished_at), "
        "sum(CASE WHEN t.status = 'passed' THEN 1 ELSE 0 END) "
        f"FROM stage_attempt t WHERE t.stage_id IN {stages} GROUP BY t.stage_id",
        # Histogram bins of the current scored totals per stage.
        "SELECT s.stage_id, CASE WHEN s.total >= 90 THEN 9 ELSE CAST(floor(s.total / 10) AS "
        f"INTEGER) END AS bin, count(*) FROM score s WHERE s.stage_id IN {stages} "
        f"AND {current} AND {scored} GROUP BY 1, 2",
        # Stage times: count and mean duration per stage.
        f"SELECT t.stage_id, count(*), avg({seconds}) FROM stage_attempt t "
        f"WHERE t.stage_id IN {stages} AND t.finished_at IS NOT NULL GROUP BY t.stage_id",
        # Over time.
        f"SELECT {day('a.created_at')}, count(*) FROM application a WHERE {scope} GROUP BY 1",
        f"SELECT {day('a.finished_at')}, count(*) FROM application a "
        f"WHERE {scope} AND a.status = 'completed' GROUP BY 1",
        # Self-ID groups per stage: reached and passed.
        f"SELECT {answers}, t.stage_id, count(*), "
        "sum(CASE WHEN t.status = 'passed' THEN 1 ELSE 0 END) FROM stage_attempt f "
        "JOIN stage_attempt t ON t.application_id = f.application_id "
        f"WHERE f.stage_id IN (2, 7, 12, 17) AND f.stage_id IN {stages} GROUP BY 1, 2",
        # The ranked table's total and first page; every overall score (for the median).
        f"SELECT count(*) FROM application a WHERE {scope}",
        f"SELECT a.id FROM application a WHERE {scope} "
        "ORDER BY a.overall_score DESC NULLS LAST, a.id LIMIT 25",
        f"SELECT a.overall_score FROM application a WHERE {scope} AND a.overall_score IS NOT NULL",
    ]
    if job:
        # Criteria averages (for one job: rubrics differ between jobs).
        statements.append(
            "SELECT s.stage_id, c.value->>0, avg((c.value->>1)::float), count(*) FROM score s, "
            f"json_array_elements(s.criteria_scores::json) c WHERE s.stage_id IN {stages} "
            f"AND {current} GROUP BY 1, 2"
            if pg
            else "SELECT s.stage_id, json_extract(c.value, '$[0]'), "
            "avg(json_extract(c.value, '$[1]')), count(*) FROM score s, "
            f"json_each(s.criteria_scores) c WHERE s.stage_id IN {stages} AND {current} "
            "GROUP BY 1, 2"
        )
    return statements


def _median_seconds(work) -> float:
    work()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(engine: sa.Engine, ids: dict) -> list[tuple[str, float, float, float]]:
    """Time the dashboard and the plain statements for one job and for all jobs.

    The dashboard is timed as the page runs it (its aggregates at once, on connections of
    their own) and, for the record, with every aggregate one after the other.

    Args:
        engine: The seeded database.
        ids: What seed() returned.

    Returns:
        (scope, dashboard seconds, one-after-the-other seconds, plain SQL seconds) per scope.
    """
    from sqlmodel import Session

    from heymilo_app.models import User
    from heymilo_app.services.analytics.dashboard import dashboard_data
    from heymilo_app.services.analytics.ranked_table import ranked
    from heymilo_app.services.analytics.scope import Filters
    from heymilo_app.services.analytics.scores import median_overall

    results = []
    for scope, job in (("one job", ids["job"]), ("all jobs", None)):
        filters = Filters(job_id=job)

        def dashboard(filters=filters, concurrent=True):
            with Session(engine) as session:
                user = session.get(User, ids["user"])
                # As the dashboard page asks: the aggregates at once (a fresh read session).
                dashboard_data(session=session, user=user, filters=filters, concurrent=concurrent)
                median_overall(session=session, user=user, filters=filters)
                ranked(session=session, user=user, filters=filters)

        statements = [sa.text(sql) for sql in plain_statements(engine.dialect.name, job)]

        def plain(statements=statements):
            with engine.connect() as connection:
                for statement in statements:
                    connection.execute(statement, {"org": ids["org"]}).all()

        serial = _median_seconds(lambda filters=filters: dashboard(filters, concurrent=False))
        results.append((scope, _median_seconds(dashboard), serial, _median_seconds(plain)))
    return results


def _report(name: str, ids: dict, seeded: float, results: list) -> None:
    rows = ", ".join(f"{count:,} {table}" for table, count in ids["rows"].items())
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"database: {name} — seeded {rows} in {seeded:.1f} s (load average {load})")
    for scope, dashboard, serial, plain in results:
        ratio = dashboard / plain if plain else float("inf")
        verdict = "ok" if dashboard < 1.0 and ratio <= 3.0 else "MISSED"
        print(
            f"  {scope:8}: dashboard + median + first ranked page {dashboard * 1000:5.0f} ms "
            f"({serial * 1000:.0f} ms one aggregate after the other), plain GROUP BY queries "
            f"{plain * 1000:5.0f} ms, ratio {ratio:.2f}x [{verdict}]"
        )


def run_sqlite(count: int) -> None:
    """Seed a temporary SQLite file and print its figures."""
    from heymilo_app import db

    workdir = tempfile.mkdtemp(prefix="dashboard-bench-")
    url = f"sqlite:///{workdir}/bench.db"
    db.migrate(url)
    engine = db.make_engine(url)
    started = time.perf_counter()
    ids = seed(engine, count)
    seeded = time.perf_counter() - started
    _report("sqlite", ids, seeded, measure(engine, ids))
    engine.dispose()
    shutil.rmtree(workdir, ignore_errors=True)


def run_postgres(count: int) -> None:
    """Seed a schema of its own on the test PostgreSQL, print its figures, drop the schema."""
    from heymilo_app import db
    from tests.support import postgres_available, postgres_schema

    if not postgres_available():
        print("database: postgresql — not answering on 127.0.0.1:5432, skipped")
        return
    with postgres_schema("bench") as url:
        db.migrate(url)
        engine = db.make_engine(url)
        started = time.perf_counter()
        ids = seed(engine, count)
        seeded = time.perf_counter() - started
        _report("postgresql", ids, seeded, measure(engine, ids))
        engine.dispose()


def main() -> None:
    """Run the benchmark on SQLite and PostgreSQL and print the figures."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(f"{count:,} applications, 5 stages; median of {RUNS} runs after a warm-up")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"load average before seeding: {load} on {os.cpu_count()} CPUs")
    run_sqlite(count)
    run_postgres(count)


if __name__ == "__main__":
    main()
