"""What a new recruiter or candidate meets first: sentences, status codes, exports."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlmodel import Session

from heymilo_app import demo
from heymilo_app.models import (
    Application,
    Candidate,
    Interview,
    InterviewStatus,
    OutboundMessage,
    StageType,
)
from heymilo_app.services.analytics import exports
from heymilo_app.services.common import i18n
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.common.text import spreadsheet_safe
from heymilo_app.services.jobs import interviews, jobs, versions
from heymilo_app.services.messaging import message_log, messaging_policy, sms_inbound, templates
from heymilo_app.services.org import authentication
from heymilo_app.services.pipeline import candidate_requests, decisions, journey
from heymilo_app.services.review import report
from heymilo_app.services.stages.stage_config import validated_config
from heymilo_app.settings import get_settings
from heymilo_app.state.auth import AuthState
from heymilo_app.state.builder_view import stage_form
from heymilo_app.state.job_detail import JobDetailState
from heymilo_app.state.jobs import JobsState
from heymilo_app.state.messaging_settings import MessagingSettingsState
from tests.support import PASSWORD, demo_recruiter_and_job
from tests.test_link_status import _client
from tests.test_pipeline import _apply, world  # noqa: F401 - the job fixture
from tests.test_states import _root


def test_a_company_name_ending_in_a_period_ends_the_sentence_once() -> None:
    values = {"company_name": "Acme Support Co.", "job_title": "Agent"}
    text = templates.render("You applied at {company_name}. Next: {job_title}.", values)
    assert text == "You applied at Acme Support Co. Next: Agent."
    assert templates.render("at {company_name}.", {"company_name": "Acme"}) == "at Acme."
    assert templates.render("{company_name}...", {"company_name": "Co."}) == "Co..."


def test_fixed_page_texts_do_not_double_the_period_either() -> None:
    key = next(k for k, v in i18n.CATALOGS["en"].items() if "{company}." in v)
    assert ".." not in i18n.t("en", key, company="Acme Support Co.")


def test_an_unknown_job_board_slug_is_a_404(session: Session, engine: sa.Engine) -> None:
    demo.seed_demo(session=session)
    client = _client()
    assert client.get("/apply/customer-support-specialist-demo").status_code == 200
    assert client.get("/apply/no-such-job").status_code == 404
    assert client.get("/apply/no-such-job/").status_code == 404


def test_exports_keep_phone_numbers_as_typed_and_still_stop_formulas() -> None:
    assert spreadsheet_safe("+1 415 555 0100") == "+1 415 555 0100"
    assert spreadsheet_safe("+14155550100") == "+14155550100"
    assert spreadsheet_safe("-3") == "-3"
    assert spreadsheet_safe("+1+cmd|' /C calc'!A0") == "'+1+cmd|' /C calc'!A0"
    assert spreadsheet_safe("=1+1") == "'=1+1"
    frame = pd.DataFrame({"Phone": ["+14155550100"], "Name": ["=HYPERLINK(1)"]})
    data = exports.to_csv(frame).decode("utf-8-sig")
    assert "+14155550100," in data and "'=HYPERLINK(1)" in data


def test_the_timeline_names_adjustments_in_words_not_codes(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _apply(session, world, email="ines@example.net")
    journey.start(session=session, token=application.token)
    request = candidate_requests.request_accommodation(
        session=session,
        token=application.token,
        kind="text_instead_of_voice",
        details="I am hard of hearing.",
    )
    decisions.decide_accommodation(
        session=session, user=world["recruiter"], accommodation_id=request.id, grant=True
    )
    found = report.candidate_report(
        session=session, user=world["recruiter"], application_id=application.id
    )
    texts = [entry.what for entry in found.timeline]
    assert (
        "Candidate asked for an accommodation (Text instead of voice: I am hard of hearing.)"
        in (texts)
    )
    assert any(
        t.startswith("Accommodation granted by ") and t.endswith(": Text instead of voice")
        for t in texts
    )
    assert not any("text_instead_of_voice" in t for t in texts)


def test_help_names_the_organizations_own_contact_address(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _apply(session, world, email="help@example.net")
    phone = session.get(Candidate, application.candidate_id).phone
    before = sms_inbound.handle_inbound(session=session, from_number=phone, body="HELP").reply
    assert get_settings().email_from in before  # none set yet: the sender's address
    policy = messaging_policy.Policy(
        reminder_hours="24",
        max_reminders_per_stage="1",
        invitation_days="14",
        business_hours_start="9",
        business_hours_end="19",
        business_days=[0, 1, 2, 3, 4],
        timezone="Europe/Madrid",
        contact_email="Jobs@Acme.example.com",
    )
    messaging_policy.update(session=session, user=world["recruiter"], policy=policy)
    after = sms_inbound.handle_inbound(session=session, from_number=phone, body="HELP").reply
    assert "email jobs@acme.example.com." in after
    with pytest.raises(Invalid) as refused:
        messaging_policy.update(
            session=session,
            user=world["recruiter"],
            policy=dataclasses.replace(policy, contact_email="jobs at acme"),
        )
    assert refused.value.errors["contact_email"].startswith("Enter a valid email address")


def test_an_organization_on_utc_is_offered_the_browsers_zone(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    state = _messaging_state(session, world)
    assert state.timezone == "UTC"
    state.offer_zone("Europe/Lisbon")
    assert state.timezone == "Europe/Lisbon" and state.zone_from_browser
    state.offer_zone("Not/AZone")  # a forged zone changes nothing
    assert state.timezone == "Europe/Lisbon"
    state.set_timezone("Asia/Tokyo")
    assert not state.zone_from_browser
    # A zone already chosen is kept whatever the browser says.
    state.save_policy()
    again = _messaging_state(session, world)
    assert again.timezone == "Asia/Tokyo"
    again.offer_zone("Europe/Lisbon")
    assert again.timezone == "Asia/Tokyo"


def _messaging_state(session: Session, world: dict):  # noqa: F811
    token = authentication.log_in(
        session=session, email="rec@acme.example.com", password=PASSWORD
    ).token
    root = _root(token, path="/settings", route="/settings")
    state = root.substates[AuthState.get_name()].substates[MessagingSettingsState.get_name()]
    state.load_messaging()
    return state


def test_opening_the_builder_on_a_published_job_creates_nothing(session: Session) -> None:
    recruiter, job = demo_recruiter_and_job(session)
    count = sa.select(sa.func.count()).select_from(Interview).where(Interview.job_id == job.id)
    before = session.execute(count).scalar_one()
    shown = versions.interview_to_open(session=session, user=recruiter, job_id=job.id)
    assert shown.status == InterviewStatus.PUBLISHED
    assert session.execute(count).scalar_one() == before
    # Editing is a choice: the draft is made then, and opened from then on.
    draft = versions.get_or_create_draft(session=session, user=recruiter, job_id=job.id)
    assert versions.interview_to_open(session=session, user=recruiter, job_id=job.id) == draft
    assert session.execute(count).scalar_one() == before + 1


def test_stage_settings_out_of_range_read_as_a_person_would_say_them() -> None:
    with pytest.raises(ValueError) as refused:
        validated_config(StageType.ASSESSMENT, {"time_limit_minutes": 2})
    assert str(refused.value) == "The time limit must be from 5 to 120 minutes."
    with pytest.raises(ValueError) as refused:
        validated_config(StageType.ASSESSMENT, {"time_limit_minutes": "soon"})
    assert str(refused.value) == "The time limit must be a whole number of minutes."
    with pytest.raises(ValueError) as refused:
        validated_config(StageType.RESUME, {"min_years": 70})
    assert str(refused.value) == "The minimum years of experience must be from 0 to 50 years."
    for message in (str(refused.value),):
        assert "Input should" not in message and "_" not in message


def test_a_stage_voice_is_one_of_the_voices_settings_offers() -> None:
    assert validated_config(StageType.VOICE, {"voice": "Polly.Lupe"})["voice"] == "Polly.Lupe"
    assert validated_config(StageType.VOICE, {"voice": ""})["voice"] == ""
    with pytest.raises(ValueError) as refused:
        validated_config(StageType.VOICE, {"voice": "a robot"})
    assert str(refused.value) == "Choose the voice from the list."


def test_the_stage_dealbreaker_control_counts_its_rules(session: Session) -> None:
    recruiter, job = demo_recruiter_and_job(session)
    draft = versions.get_or_create_draft(session=session, user=recruiter, job_id=job.id)
    view = interviews.describe(session=session, user=recruiter, interview=draft)
    counts = {item.stage.type: stage_form(item, []).dealbreaker_count for item in view.stages}
    assert counts[StageType.FORM] == 2  # work authorization and years, in the demo
    assert counts[StageType.SMS] == 0  # no control shown there


def test_the_jobs_list_shows_what_to_act_on_and_where_each_interview_stands(
    session: Session,
) -> None:
    recruiter, job = demo_recruiter_and_job(session)
    waiting_one = session.exec(sa.select(Application).where(Application.job_id == job.id)).first()
    waiting_one[0].status = "in_review"
    session.commit()
    fresh = jobs.create_job(session=session, user=recruiter, title="Night Porter")
    versions.get_or_create_draft(session=session, user=recruiter, job_id=fresh.id)
    token = authentication.log_in(
        session=session, email=recruiter.email, password=demo.RECRUITER_PASSWORD
    )
    root = _root(token.token, path="/jobs", route="/jobs")
    state = root.substates[AuthState.get_name()].substates[JobsState.get_name()]
    state.load_jobs()
    rows = {row["title"]: row for row in state.jobs}
    waiting = session.execute(
        sa.select(sa.func.count())
        .select_from(Application)
        .where(Application.job_id == job.id, Application.status == "in_review")
    ).scalar_one()
    assert waiting > 0 and rows[job.title]["in_review"] == str(waiting)
    assert rows[job.title]["interview"] == "Live"
    assert rows["Night Porter"]["interview"] == "Draft: not published"


def test_the_apply_link_is_absolute_and_offline_messages_say_nothing_went_out() -> None:
    root = _root("", path="/jobs/1", route="/jobs/[job_id]", query={"job_id": "1"})
    state = root.substates[AuthState.get_name()].substates[JobDetailState.get_name()]
    state.slug = "night-porter"
    assert state.apply_url == (get_settings().public_base_url.rstrip("/") + "/apply/night-porter")
    row = OutboundMessage(kind="invitation", channel="email", status="delivered_offline")
    delivery = message_log.delivery(row)
    assert delivery.label == "Not sent: no email or SMS service" and "dev inbox" not in (
        delivery.label + delivery.detail
    )
