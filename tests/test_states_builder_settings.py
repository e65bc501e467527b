"""The builder's and the settings' handlers, sent by hand by people who may not use them.

Each handler is called with the victim organization's ids forced into the state (as a forged
event would), as a visitor with no login, as a recruiter of another organization and as a
hiring manager of the same one. Nothing in the database may change.
"""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from heymilo_app.models import Question, Stage, StageType
from heymilo_app.services.jobs import interviews, jobs, question_edits, versions
from heymilo_app.services.org import authentication, knowledge
from heymilo_app.state.branding import BrandingState
from heymilo_app.state.builder import BuilderState
from heymilo_app.state.builder_draft import DraftState
from heymilo_app.state.builder_stage import StageEditorState
from heymilo_app.state.knowledge import KnowledgeState
from heymilo_app.state.message_templates import TemplatesState
from heymilo_app.state.preview import PreviewState
from heymilo_app.state.team import TeamState
from tests.support import PASSWORD, add_manager, make_org_user
from tests.test_states import _redirect_path, _root, _state

WATCHED = (
    "organization",
    "branding",
    "job",
    "interview",
    "stage",
    "question",
    "knowledge_item",
    "message_template",
    "team_invite",
)


def _snapshot(engine: sa.Engine) -> dict:
    tables = SQLModel.metadata.tables
    with engine.connect() as connection:
        return {
            name: sorted(
                tuple(str(value) for value in row)
                for row in connection.execute(sa.select(tables[name])).all()
            )
            for name in WATCHED
        }


@pytest.fixture
def victim(session: Session) -> dict:
    owner = make_org_user(session)
    manager = add_manager(session, owner)
    make_org_user(session, org="Other", email="o@other.example.com")
    job = jobs.create_job(session=session, user=owner, title="Secret role")
    draft = versions.get_or_create_draft(session=session, user=owner, job_id=job.id)
    view = interviews.describe(session=session, user=owner, interview=draft)
    form = next(item.stage for item in view.stages if item.stage.type == StageType.FORM)
    question = question_edits.add_question(
        session=session, user=owner, stage_id=form.id, kind="yes_no"
    )
    item = knowledge.save_item(session=session, user=owner, question="Pay?", answer="Good.")
    return {
        "owner": owner,
        "manager": manager,
        "job": job,
        "draft": draft,
        "form": form,
        "question": question,
        "item": item,
    }


def _token(session: Session, who: str) -> str:
    email = {
        "other_org": "o@other.example.com",
        "manager": "hm@acme.example.com",
        "owner": "rec@acme.example.com",
    }.get(who)
    if email is None:
        return ""
    return authentication.log_in(session=session, email=email, password=PASSWORD).token


def _prepared_root(token: str, victim: dict):
    job = victim["job"]
    root = _root(
        token,
        path=f"/jobs/{job.id}/builder",
        route="/jobs/[job_id]/builder",
        query={"job_id": str(job.id)},
    )
    builder = _state(root, BuilderState)
    builder.interview_id = victim["draft"].id
    builder.current_job_id = job.id
    builder.selected_id = victim["form"].id
    return root


def _calls(victim: dict) -> list:
    q = victim["question"].id
    stage = victim["form"].id
    e = StageEditorState
    return [
        (BuilderState, "add_stage", ("form",)),
        (BuilderState, "move_stage", (stage, 1)),
        (BuilderState, "delete_stage", (stage,)),
        (BuilderState, "undo", ()),
        (BuilderState, "publish", ()),
        (BuilderState, "edit_published", ()),
        (BuilderState, "discard_draft", ()),
        (BuilderState, "select_stage", (stage,)),
        (e, "save_stage_field", ("title", "Hacked")),
        (e, "set_dealbreakers_enabled", (False,)),
        (e, "save_config_field", ("opening", "Hacked")),
        (e, "toggle_resume_dealbreaker", ("min_years", True)),
        (e, "add_criterion", ()),
        (e, "remove_criterion", (0,)),
        (e, "add_question", ("yes_no",)),
        (e, "save_question_field", (q, "prompt", "Hacked")),
        (e, "set_question_flag", (q, "required", False)),
        (e, "delete_question", (q,)),
        (TeamState, "send_invite", ({"email": "spy@evil.example.com"},)),
        (BrandingState, "save_branding", ()),
        (BrandingState, "remove_logo", ()),
        (BrandingState, "save_language", ()),
        (KnowledgeState, "save_entry", ({"question": "Hacked", "answer": "Hacked"},)),
        (KnowledgeState, "delete_entry", (str(victim["item"].id),)),
        (DraftState, "clone", ()),
        (TemplatesState, "save", ()),
        (TemplatesState, "reset_wording", ()),
    ]


# Settings handlers act on the acting user's own organization and carry no foreign id.
OWN_ORGANIZATION = {
    "send_invite",
    "save_branding",
    "remove_logo",
    "save_language",
    "save",
    "reset_wording",
}


def _get(root, cls):
    if cls in (StageEditorState, DraftState):
        return _state(root, BuilderState).substates[cls.get_name()]
    return _state(root, cls)


@pytest.mark.parametrize("who", ["stranger", "other_org", "manager"])
def test_no_handler_changes_anything_for_someone_who_may_not(
    session: Session, engine: sa.Engine, victim: dict, who: str
) -> None:
    before = _snapshot(engine)
    token = _token(session, who)
    for cls, handler, args in _calls(victim):
        if who == "other_org" and handler in OWN_ORGANIZATION:
            continue  # acts on the caller's own organization, which is allowed
        root = _prepared_root(token, victim)
        state = _get(root, cls)
        if cls is BrandingState:
            state.primary_color, state.accent_color = "#111111", "#222222"
            state.language, state.voice = "fr", ""
        if cls is TemplatesState:
            state.kind, state.subject, state.body = "ai_disclosure", "", "Hacked"
        if cls is DraftState:
            state.clone_source = str(victim["job"].id)
        if cls is KnowledgeState:
            state.editing_id = str(victim["item"].id)
        result = getattr(state, handler)(*args)
        if asyncio.iscoroutine(result):
            result = asyncio.run(result)
        if who == "stranger" and result is not None:
            # Handlers that need nothing from the database may simply do nothing.
            assert _redirect_path(result).startswith("/login"), (handler, result)
        assert _snapshot(engine) == before, (who, handler)


@pytest.mark.parametrize("who", ["stranger", "other_org"])
def test_loaders_show_nothing_of_another_organization(
    session: Session, victim: dict, who: str
) -> None:
    root = _prepared_root(_token(session, who), victim)
    builder = _state(root, BuilderState)
    builder.stages, builder.selected_id = [], 0
    builder.load_builder()
    assert builder.stages == [] and builder.job_title == ""
    if who == "other_org":
        assert builder.not_found
    preview = _state(root, PreviewState)
    preview.load_preview()
    assert preview.summaries == [] and preview.job_title == ""
    for cls, loader, attribute in (
        (KnowledgeState, "load_knowledge", "items"),
        (TeamState, "load_team", "invites"),
    ):
        state = _state(root, cls)
        getattr(state, loader)()
        assert getattr(state, attribute) == []


def test_hiring_manager_sees_the_builder_read_only(session: Session, victim: dict) -> None:
    root = _prepared_root(_token(session, "manager"), victim)
    builder = _state(root, BuilderState)
    builder.load_builder()
    assert builder.read_only and not builder.is_draft
    assert [card.type for card in builder.stages][:2] == ["resume", "form"]
    assert session.exec(select(Stage).where(Stage.title == "Hacked")).first() is None
    assert session.exec(select(Question).where(Question.prompt == "Hacked")).first() is None


def test_recruiter_edits_through_the_builder_state(session: Session, victim: dict) -> None:
    token = authentication.log_in(
        session=session, email="rec@acme.example.com", password=PASSWORD
    ).token
    job = victim["job"]
    root = _root(
        token,
        path=f"/jobs/{job.id}/builder",
        route="/jobs/[job_id]/builder",
        query={"job_id": str(job.id)},
    )
    builder = _state(root, BuilderState)
    builder.load_builder()
    assert builder.is_draft and len(builder.stages) == 5
    builder.select_stage(victim["form"].id)
    editor = builder.substates[StageEditorState.get_name()]
    editor.save_stage_field("title", "Eligibility")
    editor.toggle_dealbreaker(victim["question"].id, True)
    assert builder.sel.title == "Eligibility"
    assert builder.questions[0].has_dealbreaker and builder.questions[0].rule_value == "yes"
    builder.drag_start(builder.stages[4].id)
    builder.drop_on(0)
    assert builder.stages[0].type == "assessment"
    builder.publish()
    assert builder.checking and builder.problem_messages
    session.expire_all()
    assert session.get(Stage, victim["form"].id).title == "Eligibility"


SETTERS_FEEDING_COMPUTED_VARS = [
    (TemplatesState, "set_subject", ("{job_title:>20000000}",), "subject"),
    (TemplatesState, "set_body", ("{job_title:>20000000}",), "body"),
    (BrandingState, "set_primary_color", ("#FF0000",), "primary_color"),
    (BrandingState, "set_accent_color", ("#FF0000",), "accent_color"),
    (BrandingState, "set_language", ("fr",), "language"),
]


@pytest.mark.parametrize("who", ["stranger", "manager"])
@pytest.mark.parametrize(("cls", "setter", "args", "var"), SETTERS_FEEDING_COMPUTED_VARS)
def test_setters_that_feed_computed_vars_do_nothing_for_someone_who_may_not(
    session: Session, victim: dict, who: str, cls, setter: str, args: tuple, var: str
) -> None:
    state = _get(_prepared_root(_token(session, who), victim), cls)
    before = getattr(state, var)
    getattr(state, setter)(*args)
    assert getattr(state, var) == before


@pytest.mark.parametrize(("cls", "setter", "args", "var"), SETTERS_FEEDING_COMPUTED_VARS)
def test_a_recruiters_setter_changes_its_var(
    session: Session, victim: dict, cls, setter: str, args: tuple, var: str
) -> None:
    state = _get(_prepared_root(_token(session, "owner"), victim), cls)
    getattr(state, setter)(*args)
    assert getattr(state, var) == args[0]


def test_a_format_spec_in_a_template_is_refused_and_never_renders(
    session: Session, victim: dict
) -> None:
    state = _get(_prepared_root(_token(session, "owner"), victim), TemplatesState)
    state.set_body("Hi {candidate_first_name:>20000000} {job_title!r} {job_title.__class__}")
    # The preview neither pads nor runs anything: nothing shows until the text is fixed.
    assert state.preview_body == ""
    assert "without a format or a conversion" in state.live_problems
    assert "{job_title.__class__}" in state.live_problems
