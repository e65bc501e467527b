"""The schema comes from Alembic migrations that match the models, on SQLite and PostgreSQL."""

from __future__ import annotations

from types import SimpleNamespace

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import Session, SQLModel, select

from heymilo_app import db
from heymilo_app.models import Application, Organization, Score
from tests.support import make_org_user


def test_migrated_schema_matches_the_models(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_every_table_exists_after_migration(engine: sa.Engine) -> None:
    names = set(sa.inspect(engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= names
    assert "alembic_version" in names


def test_upgrading_again_keeps_existing_rows(db_url: str, engine: sa.Engine) -> None:
    with Session(engine) as session:
        session.add(Organization(name="Keep me", slug="keep-me"))
        session.commit()
    db.migrate(db_url)
    with Session(engine) as session:
        assert session.exec(select(Organization.name)).all() == ["Keep me"]


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_a_database_at_the_first_revision_upgrades_without_loss(tmp_path) -> None:
    from alembic import command

    url = f"sqlite:///{tmp_path / 'old.db'}"
    db.make_engine(url).dispose()
    command.upgrade(db.alembic_config(url), "0001")
    engine = db.make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO organization (name, slug, language, voice, created_at) "
                "VALUES ('Old Co', 'old-co', 'en', '', '2026-01-01 00:00:00')"
            )
        )
    db.migrate(url)
    with Session(engine) as session:
        assert session.exec(select(Organization.name)).all() == ["Old Co"]
    assert "deleted_at" in {c["name"] for c in sa.inspect(engine).get_columns("stage")}
    engine.dispose()


def test_the_derived_score_columns_are_filled_for_existing_rows(db_url: str) -> None:
    """Revision 0009 adds each score's criteria profile and each application's overall score,
    computed for the rows already there as the session events compute them from then on."""
    from alembic import command

    from heymilo_app.services.scoring import score_alerts
    from tests.test_bulk_actions import apply, complete, make_job

    engine = db.make_engine(db_url)
    with Session(engine, expire_on_commit=False) as session:
        recruiter = make_org_user(session)
        world = make_job(session, recruiter)
        ids = [
            complete(session, world, apply(session, world["job"], name)).id
            for name in ("Ann", "Ben")
        ]
        invited = apply(session, world["job"], "Cy").id
        session.commit()
        expected = {
            i: score_alerts.overall_score(score_alerts.current_scores(session, i)) for i in ids
        }
        profiles = dict(session.exec(select(Score.id, Score.criteria_scores)).all())
    assert all(value is not None for value in expected.values())
    assert any(profile != "[]" for profile in profiles.values())
    config = db.alembic_config(db_url)
    command.downgrade(config, "0008")
    assert "overall_score" not in {c["name"] for c in sa.inspect(engine).get_columns("application")}
    command.upgrade(config, "head")
    with Session(engine) as session:
        stored = dict(session.exec(select(Application.id, Application.overall_score)).all())
        assert stored == {**expected, invited: None}
        assert dict(session.exec(select(Score.id, Score.criteria_scores)).all()) == profiles
    engine.dispose()


def test_the_opt_out_list_starts_with_the_numbers_of_opted_out_candidates(db_url: str) -> None:
    """Revision 0010 adds the opt-out list by number, holding each organization's numbers
    whose candidates had opted out until then (the only record of a STOP before it)."""
    from alembic import command

    from heymilo_app.models import Candidate, SmsOptOut

    engine = db.make_engine(db_url)
    config = db.alembic_config(db_url)
    command.downgrade(config, "0009")
    assert "sms_opt_out" not in sa.inspect(engine).get_table_names()
    with Session(engine) as session:
        # Rows as revision 0009 knew them: the models of today have columns added since.
        old = sa.Table("organization", sa.MetaData(), autoload_with=engine)
        made = [
            session.execute(
                sa.insert(old)
                .values(
                    name=name,
                    slug=slug,
                    language="en",
                    voice="",
                    reminder_hours=[24, 72],
                    max_reminders_per_stage=2,
                    business_hours_start=9,
                    business_hours_end=19,
                    business_days=[0, 1, 2, 3, 4],
                    timezone="UTC",
                    webhook_url="",
                    webhook_secret="",
                    disqualification_notice="specific",
                    created_at=Organization().created_at,
                )
                .returning(old.c.id)
            ).scalar_one()
            for name, slug in (("Acme", "acme"), ("O", "o"))
        ]
        acme, other = (SimpleNamespace(id=made_id) for made_id in made)
        for organization, email, phone, opted_out in (
            (acme, "a@x.io", "+14155550101", True),
            (acme, "b@x.io", "+14155550101", True),  # the same number twice: listed once
            (acme, "c@x.io", "+14155550102", False),
            (acme, "d@x.io", "", True),  # no number: nothing to list
            (other, "e@x.io", "+14155550103", True),
        ):
            session.execute(
                sa.insert(Candidate.__table__).values(
                    organization_id=organization.id,
                    first_name="A",
                    last_name="",
                    email=email,
                    phone=phone,
                    sms_opt_out=opted_out,
                    email_unsubscribed=False,
                    timezone="",
                    created_at=Organization().created_at,
                )
            )
        session.commit()
        ids = (acme.id, other.id)
    command.upgrade(config, "head")
    with Session(engine) as session:
        listed = session.exec(select(SmsOptOut.organization_id, SmsOptOut.phone)).all()
        assert sorted(listed) == sorted([(ids[0], "+14155550101"), (ids[1], "+14155550103")])
        assert {row.source for row in session.exec(select(SmsOptOut)).all()} == {"candidate flag"}
    engine.dispose()
