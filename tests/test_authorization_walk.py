"""Every event handler of every recruiter state, sent by people who may not use it.

Any browser can send any event with any payload to any state. This walk finds the handlers
itself (every state under ``AuthState``, every handler it defines), calls each with the victim
organization's ids where an id is asked for and plain dummy values elsewhere, as a visitor
with no login, as a recruiter of another organization and as the victim's hiring manager,
and checks that no row of the database changed. A handler left out is listed below with the
reason; a new handler is walked without anyone having to remember it.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import io
from pathlib import Path
from typing import Any

import pytest
import reflex as rx
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

import heymilo_app.heymilo_app  # noqa: F401 - registers every page and state
from heymilo_app import demo
from heymilo_app.models import Application, KnowledgeItem, Question, Stage, StageType
from heymilo_app.services.jobs import interviews, versions
from heymilo_app.state.auth import AuthState, acting
from tests.support import PASSWORD, demo_recruiter_and_job, make_org_user
from tests.test_states import _root

# Rows that change on any request and say nothing about authorization.
UNWATCHED = {"rate_limit_hit", "login_attempt", "auth_session"}

# Handlers that change nothing whoever calls them, or only the caller's own things.
EVERYONE_MAY = {
    # Session and navigation: the caller's own login, or nothing stored.
    "log_out",
    "require_login",
    "redirect_home",
    "setvar",
}
# What another organization's recruiter may do: these act on their own organization only
# (they carry no id of the victim's), which is what they are for.
OWN_ORGANIZATION = {
    "send_invite",
    "confirm_invite",
    "save_branding",
    "remove_logo",
    "upload_logo",
    "save_language",
    "save",
    "reset_wording",
    "save_policy",
    "set_disqualification_notice",
    "save_webhook",
    "rotate_secret",
    "create_key",
    "save_entry",
    "import_csv",
    "create_job",
    "change_password",
}
# What the victim's hiring manager may do: read, and write notes and ratings on reports.
MANAGER_MAY = {"add_note", "rate", "save_note", "set_rating", "change_password"}


# Background tasks cannot be called outside Reflex's event loop; what they do happens in a
# function of their module, run in a thread as the user of the login token, walked below.
BACKGROUND = {"CsvImportState.start_import", "DraftState.generate"}
# Handlers that raise on a payload no page sends (a column index as a number, a job id as
# words): Reflex answers with an error and nothing changes.
RAISES_ON_FORGED = {"CsvImportState.set_column_field", "DashboardState.set_job"}


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return list(dict.fromkeys(found))


RECRUITER_STATES = _subclasses(AuthState)
HANDLERS = sorted(
    (cls.__name__, name)
    for cls in [AuthState, *RECRUITER_STATES]
    for name in cls.event_handlers
    if name in vars(cls)
)
STATE_BY_NAME = {cls.__name__: cls for cls in [AuthState, *RECRUITER_STATES]}


def _snapshot(engine: sa.Engine) -> dict[str, list[tuple[str, ...]]]:
    with engine.connect() as connection:
        return {
            name: sorted(
                tuple(str(value) for value in row)
                for row in connection.execute(sa.select(table)).all()
            )
            for name, table in SQLModel.metadata.tables.items()
            if name not in UNWATCHED
        }


@pytest.fixture
def victim(session: Session) -> dict[str, Any]:
    """The demo organization: jobs, stages, candidates, notes, a knowledge base."""
    recruiter, job = demo_recruiter_and_job(session)
    make_org_user(session, org="Other", email="o@other.example.com")
    view = interviews.describe(
        session=session,
        user=recruiter,
        interview=versions.get_or_create_draft(session=session, user=recruiter, job_id=job.id),
    )
    form = next(item for item in view.stages if item.stage.type == StageType.FORM)
    application = session.exec(select(Application).where(Application.job_id == job.id)).first()
    item = session.exec(select(KnowledgeItem)).first()
    return {
        "job": job.id,
        "stage": form.stage.id,
        "question": form.questions[0].id,
        "application": application.id,
        "item": item.id if item else 1,
        "interview": view.interview.id,
    }


def _value(name: str, annotation: Any, victim: dict[str, Any]) -> Any:
    """A forged argument: the victim's id where an id is asked for, else a plain dummy."""
    ids = {
        "stage_id": victim["stage"],
        "question_id": victim["question"],
        "application_id": victim["application"],
        "item_id": str(victim["item"]),
        "job_id": victim["job"],
    }
    if name in ids:
        return ids[name]
    if name.endswith("_id") or name in ("index", "to_index", "delta"):
        return victim["application"] if "application" in name else 1
    text = str(annotation)
    if "UploadFile" in text:
        return [
            rx.UploadFile(file=io.BytesIO(b"question,answer\nHacked,Hacked\n"), path=Path("x.csv"))
        ]
    if "bool" in text:
        return True
    if "int" in text or "float" in text:
        return 1
    if "list" in text:
        return [str(victim["application"])]
    if "dict" in text:
        return {
            "email": "spy@evil.example.com",
            "name": "Hacked",
            "title": "Hacked",
            "question": "Hacked",
            "answer": "Hacked",
            "first_name": "Hacked",
            "last_name": "Hacked",
            "message": "Hacked",
            "note": "Hacked",
            "details": "Hacked",
            "resume_text": "Hacked " * 20,
        }
    return "Hacked"


def _state(root, cls: type):
    chain = []
    current = cls
    while current is not None and current.get_parent_state() is not None:
        chain.append(current)
        current = current.get_parent_state()
    state = root
    for step in reversed(chain):
        state = state.substates[step.get_name()]
    return state


def _prepare(state, victim: dict[str, Any]) -> None:
    """Force the victim's ids into the state's own vars, as a forged page would have them."""
    for name, value in (
        ("interview_id", victim["interview"]),
        ("current_job_id", victim["job"]),
        ("selected_id", victim["stage"]),
        ("editing_id", str(victim["item"])),
        ("clone_source", str(victim["job"])),
        ("application_id", victim["application"]),
    ):
        if name in type(state).vars or name in getattr(type(state), "base_vars", {}):
            with contextlib.suppress(Exception):
                setattr(state, name, value)


def _call(state, name: str, victim: dict[str, Any]) -> None:
    handler = getattr(state, name)
    parameters = [
        p for p in inspect.signature(type(state).event_handlers[name].fn).parameters.values()
    ][1:]
    args = [_value(p.name, p.annotation, victim) for p in parameters if p.default is p.empty]
    result = handler(*args)

    async def drain_async(generator) -> None:
        async for _ in generator:
            pass

    if hasattr(result, "__anext__"):
        asyncio.run(drain_async(result))
    elif hasattr(result, "__next__"):
        list(result)
    elif asyncio.iscoroutine(result):
        asyncio.run(result)


def _token(session: Session, who: str) -> str:
    email = {
        "other_org": "o@other.example.com",
        "manager": demo.MANAGER_EMAIL,
        "owner": demo.RECRUITER_EMAIL,
    }.get(who)
    if email is None:
        return ""
    password = {"manager": demo.MANAGER_PASSWORD, "owner": demo.RECRUITER_PASSWORD}.get(
        who, PASSWORD
    )
    from heymilo_app.services.org import authentication

    return authentication.log_in(session=session, email=email, password=password).token


def test_the_walk_finds_every_handler() -> None:
    assert len(RECRUITER_STATES) >= 24 and len(HANDLERS) >= 200


def test_every_handler_of_every_recruiter_state_is_walked() -> None:
    """Mixins' handlers too (Reflex copies them into each state): none is left out of the walk;
    the ones it calls but does not judge are listed above, each with its reason."""
    walked = set(HANDLERS)
    left_out = {
        (cls.__name__, name)
        for cls in [AuthState, *RECRUITER_STATES]
        for name in cls.event_handlers
        if (cls.__name__, name) not in walked
    }
    assert left_out == set()


def test_acting_refuses_what_would_hold_its_session_across_an_await_or_a_yield() -> None:
    async def coroutine(self, session, user):
        return None

    def generator(self, session, user):
        yield None

    def no_session(self, value: str):
        return None

    for method in (coroutine, generator, no_session):
        with pytest.raises(TypeError):
            acting(method)


def test_no_handler_takes_the_session_or_the_user_from_the_event() -> None:
    """``acting`` passes them; Reflex sees only the payload, so a browser cannot send them."""
    for state_name, name in HANDLERS:
        handler = STATE_BY_NAME[state_name].event_handlers[name]
        arguments = set(inspect.signature(handler.fn).parameters) | set(handler._get_type_hints())
        assert not arguments & {"session", "user"}, f"{state_name}.{name}"


def _walk(session: Session, engine: sa.Engine, victim: dict[str, Any], who: str):
    """Every handler as ``who``; the handlers through which rows changed, and those that
    raised."""
    token = _token(session, who)
    before = _snapshot(engine)
    changed: list[str] = []
    raised: list[str] = []
    for state_name, name in HANDLERS:
        if name in EVERYONE_MAY:
            continue
        if who == "other_org" and name in OWN_ORGANIZATION:
            continue
        if who == "manager" and name in MANAGER_MAY:
            continue
        job = victim["job"]
        root = _root(
            token,
            path=f"/jobs/{job}",
            route="/jobs/[job_id]",
            query={"job_id": str(job), "application_id": str(victim["application"])},
        )
        state = _state(root, STATE_BY_NAME[state_name])
        _prepare(state, victim)
        try:
            _call(state, name, victim)
        except Exception as error:
            raised.append(f"{state_name}.{name}: {type(error).__name__}: {error}"[:160])
        after = _snapshot(engine)
        if after != before:
            changed.append(f"{state_name}.{name}")
            before = after
    return changed, raised


@pytest.mark.parametrize("who", ["stranger", "other_org", "manager"])
def test_no_handler_changes_a_row_for_someone_who_may_not(
    session: Session, engine: sa.Engine, victim: dict[str, Any], who: str
) -> None:
    changed, raised = _walk(session, engine, victim, who)
    assert changed == [], f"{who} changed rows through: {changed}"
    # Raising is a refusal too (Reflex shows an error); the background tasks are walked
    # through the work they hand to a thread, below.
    assert {entry.split(":")[0] for entry in raised} <= BACKGROUND | RAISES_ON_FORGED, raised


def test_the_forged_ids_are_the_victims(session: Session, victim: dict[str, Any]) -> None:
    """The walk forges ids that exist: a refusal is the handler's, not a missing row."""
    assert session.get(Stage, victim["stage"]) is not None
    assert session.get(Question, victim["question"]) is not None
    assert session.get(Application, victim["application"]) is not None


@pytest.mark.parametrize("who", ["stranger", "other_org", "manager"])
def test_the_background_tasks_work_is_refused_too(
    session: Session, engine: sa.Engine, victim: dict[str, Any], who: str, tmp_path: Path
) -> None:
    from heymilo_app.services.common.errors import NotFound, PermissionDenied
    from heymilo_app.state.builder_draft import _draft
    from heymilo_app.state.csv_import import _run_import

    token = _token(session, who)
    before = _snapshot(engine)
    upload = tmp_path / "upload.csv"
    upload.write_text("First name,Last name,Email\nSpy,One,spy@evil.example.com\n")
    mapping = {"first_name": 0, "last_name": 1, "email": 2}
    for work, args in (
        (_run_import, (token, victim["job"], str(upload), mapping, True, {})),
        (_draft, (token, victim["job"], "Hacked posting", "auto")),
    ):
        with pytest.raises((PermissionDenied, NotFound)):
            work(*args)
    assert _snapshot(engine) == before


def test_the_walk_sees_the_changes_the_owner_may_make(
    session: Session, engine: sa.Engine, victim: dict[str, Any]
) -> None:
    """The same walk as the organization's own recruiter changes rows: it can see a change."""
    changed, _raised = _walk(session, engine, victim, "owner")
    # Among them, handlers that act on the forged ids the others were refused with.
    assert {
        "BuilderState.delete_stage",
        "CandidateMessagesState.resend",
        "CandidateReportState.resend_invitation",
        "SettingsState.revoke_key",
    } <= set(changed)
