"""The command-line tool, run as a real process against the test database."""

from __future__ import annotations

import os
import subprocess
import sys

import sqlalchemy as sa
from sqlmodel import Session, select

from heymilo_app.models import Organization, Role, User
from heymilo_app.services.org import api_keys


def _cli(db_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": db_url}
    return subprocess.run(
        [sys.executable, "-m", "heymilo_app", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_seed_demo_then_api_key_prints_a_working_key_last(db_url: str, engine: sa.Engine) -> None:
    seeded = _cli(db_url, "seed-demo")
    assert seeded.returncode == 0, seeded.stderr
    assert "recruiter@example.com" in seeded.stdout
    again = _cli(db_url, "seed-demo")
    assert "already holds data" in again.stdout
    result = _cli(db_url, "api-key")
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip().splitlines()[-1]
    with Session(engine) as session:
        organization = api_keys.organization_for_key(session=session, key=key)
        assert organization.slug == "demo-acme"


def test_api_key_needs_org_when_there_are_several(db_url: str, engine: sa.Engine) -> None:
    for name, email in (("One", "a@one.example.com"), ("Two", "b@two.example.com")):
        created = _cli(
            db_url,
            "create-user",
            "--org-name",
            name,
            "--name",
            "Pat",
            "--email",
            email,
            "--password",
            "long enough pw",
        )
        assert created.returncode == 0, created.stderr
    refused = _cli(db_url, "api-key")
    assert refused.returncode == 2
    assert "--org" in refused.stderr
    chosen = _cli(db_url, "api-key", "--org", "two")
    assert chosen.returncode == 0
    with Session(engine) as session:
        key = chosen.stdout.strip().splitlines()[-1]
        assert api_keys.organization_for_key(session=session, key=key).name == "Two"


def test_create_user_adds_a_hiring_manager_and_refuses_bad_input(
    db_url: str, engine: sa.Engine
) -> None:
    assert (
        _cli(
            db_url,
            "create-user",
            "--org-name",
            "Acme",
            "--name",
            "Rita",
            "--email",
            "rita@acme.example.com",
            "--password",
            "long enough pw",
        ).returncode
        == 0
    )
    added = _cli(
        db_url,
        "create-user",
        "--org",
        "acme",
        "--name",
        "Hank",
        "--role",
        "hiring_manager",
        "--email",
        "hank@acme.example.com",
        "--password",
        "long enough pw",
    )
    assert added.returncode == 0, added.stderr
    weak = _cli(
        db_url,
        "create-user",
        "--org",
        "acme",
        "--name",
        "Weak",
        "--email",
        "weak@acme.example.com",
        "--password",
        "short",
    )
    assert weak.returncode == 2 and "password" in weak.stderr
    with Session(engine) as session:
        users = {u.email: u.role for u in session.exec(select(User)).all()}
        assert users == {
            "rita@acme.example.com": Role.RECRUITER,
            "hank@acme.example.com": Role.HIRING_MANAGER,
        }
        assert len(session.exec(select(Organization)).all()) == 1
