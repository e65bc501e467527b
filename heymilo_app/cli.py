"""The command-line tool: migrate, seed the demo, create users and API keys.

It reads the same settings as the app, so ``DATABASE_URL=... python -m heymilo_app api-key``
works on any database.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import logging
import sys

from sqlmodel import select

from heymilo_app import db, demo
from heymilo_app.models import Organization, Role
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.org import accounts, api_keys
from heymilo_app.settings import get_settings

logger = logging.getLogger("heymilo_app")


def _print_logins(logins: demo.DemoLogins) -> None:
    print("Demo logins:")
    print(f"  recruiter       {logins.recruiter_email} / {logins.recruiter_password}")
    print(f"  hiring manager  {logins.manager_email} / {logins.manager_password}")


def cmd_migrate(_args: argparse.Namespace) -> int:
    """Upgrade the database to the newest schema."""
    db.migrate()
    print("Database is up to date.")
    return 0


def cmd_seed_demo(_args: argparse.Namespace) -> int:
    """Seed the demo organization when the database is empty."""
    db.migrate()
    with db.session_scope() as session:
        logins = demo.seed_demo(session=session)
        has_demo = session.exec(
            select(Organization.id).where(Organization.slug == demo.DEMO_ORG_SLUG)
        ).first()
    if logins is not None:
        print("Seeded the demo organization.")
        _print_logins(logins)
    elif has_demo:
        print("The database already holds data; the demo organization is there.")
        _print_logins(demo.DemoLogins())
    else:
        print("The database already holds data; no demo was added.")
    return 0


def cmd_setup(args: argparse.Namespace) -> int:
    """Migrate, seed the demo when empty, and print where the app runs."""
    cmd_seed_demo(args)
    print(f"App: {get_settings().public_base_url}")
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    """Create a user: in a new organization (--org-name) or an existing one (--org)."""
    password = args.password or getpass.getpass("Password (at least 10 characters): ")
    with db.session_scope() as session:
        try:
            if args.org_name:
                user = accounts.sign_up(
                    session=session,
                    organization_name=args.org_name,
                    full_name=args.name,
                    email=args.email,
                    password=password,
                )
                if args.role != Role.RECRUITER:
                    print("The first user of a new organization is a recruiter.", file=sys.stderr)
            else:
                organization = api_keys.find_organization(session=session, slug=args.org)
                user = accounts.add_user(
                    session=session,
                    organization=organization,
                    full_name=args.name,
                    email=args.email,
                    password=password,
                    role=Role(args.role),
                )
        except Invalid as error:
            for field, message in error.errors.items():
                print(f"{field}: {message}", file=sys.stderr)
            return 2
        except NotFound as error:
            print(error, file=sys.stderr)
            return 2
        organization = session.get(Organization, user.organization_id)
    print(f"Created {user.role} {user.email} in {organization.name} ({organization.slug}).")
    return 0


def cmd_api_key(args: argparse.Namespace) -> int:
    """Create an API key for an organization and print it alone on the last line."""
    with db.session_scope() as session:
        try:
            organization = api_keys.find_organization(session=session, slug=args.org)
        except NotFound as error:
            print(error, file=sys.stderr)
            return 2
        key = api_keys.create_api_key(session=session, organization=organization, name=args.name)
        print(f"API key for {organization.name} ({organization.slug}); it is shown only once:")
    print(key)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    """Run the periodic work (deliver, schedule, rescore): one pass, or until stopped."""
    import asyncio

    from heymilo_app import worker

    db.migrate()
    if args.once:
        report = worker.run_once()
        print(f"sent {report.sent}, retrying {report.retried}, failed {report.failed}")
        return 0
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(worker.run())
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand.

    Returns:
        The parser.
    """
    parser = argparse.ArgumentParser(prog="python -m heymilo_app", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="upgrade the database schema").set_defaults(
        func=cmd_migrate
    )
    commands.add_parser("seed-demo", help="seed the demo organization when empty").set_defaults(
        func=cmd_seed_demo
    )
    commands.add_parser("setup", help="migrate, seed when empty, print logins").set_defaults(
        func=cmd_setup
    )
    create_user = commands.add_parser("create-user", help="create a user")
    create_user.add_argument("--email", required=True)
    create_user.add_argument("--name", required=True, help="full name")
    create_user.add_argument("--password", help="asked for when left out")
    create_user.add_argument(
        "--role", choices=[role.value for role in Role], default=Role.RECRUITER.value
    )
    where = create_user.add_mutually_exclusive_group()
    where.add_argument("--org", help="slug of an existing organization")
    where.add_argument("--org-name", help="create a new organization with this name")
    create_user.set_defaults(func=cmd_create_user)
    api_key = commands.add_parser("api-key", help="create an organization API key")
    api_key.add_argument("--org", help="organization slug; optional when there is one")
    api_key.add_argument("--name", default="command line", help="a label for the key")
    api_key.set_defaults(func=cmd_api_key)
    for name, help_text in (
        ("worker", "run the periodic work: deliver messages, reminders, rescoring"),
        ("send-outbox", "the worker, by its older name"),
    ):
        work = commands.add_parser(name, help=help_text)
        work.add_argument("--once", action="store_true", help="one pass, then exit")
        work.set_defaults(func=cmd_worker)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: Arguments without the program name; sys.argv by default.

    Returns:
        The process exit code.
    """
    logging.basicConfig(
        level=get_settings().log_level, format="%(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    args = build_parser().parse_args(argv)
    return args.func(args)
