"""Helpers for tests: PostgreSQL URLs and small factories."""

from __future__ import annotations

import contextlib
import functools
import os
import secrets
import socket
from collections.abc import Iterator
from urllib.parse import quote

from sqlmodel import Session, select

from heymilo_app import demo
from heymilo_app.models import Application, Job, Role, User
from heymilo_app.services.intake import intake
from heymilo_app.services.org import accounts

POSTGRES_BASE = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def postgres_url(schema: str | None = None) -> str:
    """URL of the test PostgreSQL database, confined to a schema when given.

    Args:
        schema: Schema to put first on the search path.

    Returns:
        SQLAlchemy URL.
    """
    if not schema:
        return POSTGRES_BASE
    separator = "&" if "?" in POSTGRES_BASE else "?"
    return f"{POSTGRES_BASE}{separator}options={quote(f'-csearch_path={schema}')}"


@functools.cache
def postgres_available() -> bool:
    """Whether PostgreSQL answers on its test port.

    Returns:
        True when a connection and a query succeed.
    """
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            pass
    except OSError:
        return False
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(POSTGRES_BASE, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


@contextlib.contextmanager
def postgres_schema(prefix: str) -> Iterator[str]:
    """A schema of its own on the test PostgreSQL, dropped with everything in it afterwards.

    Args:
        prefix: Start of its name (the process id and a random suffix follow).

    Yields:
        The URL of the database confined to that schema.
    """
    import sqlalchemy as sa

    schema = f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"
    admin = sa.create_engine(postgres_url())
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield postgres_url(schema)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


PASSWORD = "correct horse battery"


def make_org_user(
    session: Session, *, org: str = "Acme", email: str = "rec@acme.example.com"
) -> User:
    """Sign up an organization with its first recruiter.

    Args:
        session: Database session.
        org: Organization name.
        email: Recruiter email.

    Returns:
        The recruiter.
    """
    return accounts.sign_up(
        session=session,
        organization_name=org,
        full_name="Rita Recruiter",
        email=email,
        password=PASSWORD,
    )


def add_manager(session: Session, recruiter: User, email: str = "hm@acme.example.com") -> User:
    """Add a hiring manager to a recruiter's organization.

    Args:
        session: Database session.
        recruiter: A recruiter of the organization.
        email: Manager email.

    Returns:
        The hiring manager.
    """
    from heymilo_app.models import Organization

    return accounts.add_user(
        session=session,
        organization=session.get(Organization, recruiter.organization_id),
        full_name="Hank Manager",
        email=email,
        password=PASSWORD,
        role=Role.HIRING_MANAGER,
        acting_user=recruiter,
    )


def demo_recruiter_and_job(session: Session) -> tuple[User, Job]:
    """Seed the demo organization and give its recruiter and its one job.

    Args:
        session: Database session.

    Returns:
        The demo recruiter and the demo job.
    """
    demo.seed_demo(session=session)
    user = session.exec(select(User).where(User.email == demo.RECRUITER_EMAIL)).one()
    job = session.exec(select(Job)).one()
    return user, job


def add_to_job(
    session: Session,
    user: User,
    job: Job,
    email: str,
    *,
    phone: str = "",
    first_name: str = "Ivy",
    last_name: str = "Ng",
) -> Application:
    """Add a candidate to a job by hand, as the recruiter does; the invitation goes out.

    Args:
        session: Database session.
        user: The recruiter adding them.
        job: The job.
        email: Candidate email.
        phone: Candidate phone, none when empty.
        first_name: Candidate first name.
        last_name: Candidate last name.

    Returns:
        The candidate's application.
    """
    return intake.add_candidate(
        session=session,
        user=user,
        job_id=job.id,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
    )


def cookie_headers(token: str) -> dict[str, str]:
    """Handshake headers of a browser holding a login cookie (as ``AuthState`` reads them).

    Args:
        token: The login session token ("" for none).

    Returns:
        A ``cookie`` header with the instance's cookie, plus another site's cookie.
    """
    from heymilo_app.api.session import cookie_name

    if not token:
        return {}
    return {"cookie": f"theme=dark; {cookie_name()}={token}; other=1"}


def handed_over(result) -> tuple[str, str]:
    """The login ticket and next page of ``state.auth.hand_over``'s event.

    Args:
        result: What a login, sign-up or join handler returned.

    Returns:
        (ticket, next path).
    """
    import re

    assert result is not None, "expected the hand-over to the cookie endpoint"
    code = str(
        dict((str(name._js_expr), value) for name, value in result.args)[
            "javascript_code"
        ]._var_value
    )
    ticket = re.search(r'"/api/session/([A-Za-z0-9_-]+)"', code)
    next_path = re.search(r'window\.location\.origin \+ "([^"]*)"', code)
    assert ticket and next_path, code
    return ticket.group(1), next_path.group(1)


def redeem(ticket: str) -> str:
    """The session token the cookie endpoint would set for a ticket ("" when refused)."""
    from heymilo_app import db
    from heymilo_app.services.org import login_sessions

    with db.session_scope() as session:
        return login_sessions.redeem_ticket(session=session, ticket=ticket) or ""


async def ticks_while(work) -> tuple[int, object]:
    """How often a 10 ms ticker ran on the event loop while ``work`` was awaited.

    Args:
        work: An awaitable (an event handler's coroutine).

    Returns:
        (ticks, what ``work`` returned): about 10 ticks per 100 ms when the loop stays free.
    """
    import asyncio

    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    task = asyncio.create_task(ticker())
    try:
        result = await work
    finally:
        task.cancel()
    return ticks, result
