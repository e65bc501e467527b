"""The Reflex app: registers every page and mounts the HTTP API. No logic lives here."""

from __future__ import annotations

import logging

import reflex as rx

from heymilo_app import routes, worker
from heymilo_app.api.app import create_api
from heymilo_app.components.shell import PRODUCT_NAME
from heymilo_app.pages.apply import apply_page
from heymilo_app.pages.auth import index_page, join_page, login_page, signup_page
from heymilo_app.pages.builder import builder_page
from heymilo_app.pages.candidate_link import candidate_link_page, unsubscribe_page
from heymilo_app.pages.candidate_report import candidate_report_page
from heymilo_app.pages.candidates import candidates_page
from heymilo_app.pages.dashboard import dashboard_page
from heymilo_app.pages.dev_inbox import dev_inbox_page
from heymilo_app.pages.job_detail import job_detail_page
from heymilo_app.pages.jobs import jobs_page
from heymilo_app.pages.password import forgot_password_page, reset_password_page
from heymilo_app.pages.preview import preview_page
from heymilo_app.pages.settings import settings_page
from heymilo_app.services.org import passwords
from heymilo_app.settings import get_settings
from heymilo_app.state.apply import ApplyState
from heymilo_app.state.auth import AuthState
from heymilo_app.state.branding import BrandingState
from heymilo_app.state.builder import BuilderState
from heymilo_app.state.candidate_link import CandidateLinkState
from heymilo_app.state.candidate_report import CandidateReportState
from heymilo_app.state.candidate_requests import CandidateRequestsState
from heymilo_app.state.candidates import CandidatesState
from heymilo_app.state.dashboard import DashboardState
from heymilo_app.state.dev_inbox import DevInboxState
from heymilo_app.state.job_detail import JobDetailState, JobEditState
from heymilo_app.state.jobs import JobsState
from heymilo_app.state.join import JoinState
from heymilo_app.state.knowledge import KnowledgeState
from heymilo_app.state.login import LoginState, SignupState
from heymilo_app.state.message_templates import TemplatesState
from heymilo_app.state.messaging_settings import MessagingSettingsState
from heymilo_app.state.password import ForgotPasswordState, ResetPasswordState
from heymilo_app.state.preview import PreviewState
from heymilo_app.state.review_queue import ReviewQueueState
from heymilo_app.state.score_alert import ScoreAlertState
from heymilo_app.state.settings import SettingsState
from heymilo_app.state.team import TeamState
from heymilo_app.state.unsubscribe import UnsubscribeState

logging.basicConfig(
    level=get_settings().log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
)

logger = logging.getLogger("heymilo_app")


INVALID_FIELD_CSS = (
    '.rt-TextFieldRoot:has(input[aria-invalid="true"]),'
    '.rt-TextAreaRoot:has(textarea[aria-invalid="true"]),'
    'textarea.rt-TextAreaInput[aria-invalid="true"]'
    "{box-shadow: inset 0 0 0 1px var(--red-9); background-color: var(--red-a2);}"
)

app = rx.App(
    api_transformer=create_api(),
    head_components=[
        rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml"),
        # A field the page marks invalid (aria-invalid) shows it by its border too, not only
        # by the message under it.
        rx.el.style(INVALID_FIELD_CSS),
    ],
)

app.add_page(index_page, route=routes.HOME, title=PRODUCT_NAME, on_load=AuthState.redirect_home)
app.add_page(
    login_page, route=routes.LOGIN, title=f"Log in · {PRODUCT_NAME}", on_load=LoginState.load_login
)
app.add_page(
    signup_page,
    route=routes.SIGNUP,
    title=f"Sign up · {PRODUCT_NAME}",
    on_load=SignupState.load_signup,
)
app.add_page(
    forgot_password_page,
    route=passwords.FORGOT_PASSWORD_ROUTE,
    title=f"Reset your password · {PRODUCT_NAME}",
    on_load=ForgotPasswordState.load_forgot,
)
app.add_page(
    reset_password_page,
    route=passwords.RESET_PASSWORD_ROUTE,
    title=f"Set a new password · {PRODUCT_NAME}",
    on_load=ResetPasswordState.load_reset,
)
app.add_page(
    jobs_page, route=routes.JOBS, title=f"Jobs · {PRODUCT_NAME}", on_load=JobsState.load_jobs
)
app.add_page(
    job_detail_page,
    route=routes.JOB_DETAIL,
    title=f"Job · {PRODUCT_NAME}",
    on_load=[
        JobDetailState.load_job,
        JobEditState.load_job_extras,
        ReviewQueueState.load_queue,
        ScoreAlertState.load_alert,
    ],
)
app.add_page(
    builder_page,
    route=routes.BUILDER,
    title=f"Interview builder · {PRODUCT_NAME}",
    on_load=BuilderState.load_builder,
)
app.add_page(
    preview_page,
    route=routes.PREVIEW,
    title=f"Preview · {PRODUCT_NAME}",
    on_load=PreviewState.load_preview,
)
app.add_page(
    candidates_page,
    route=routes.CANDIDATES,
    title=f"Candidates · {PRODUCT_NAME}",
    on_load=CandidatesState.load_candidates,
)
app.add_page(
    candidate_report_page,
    route=routes.CANDIDATE_REPORT,
    title=f"Candidate · {PRODUCT_NAME}",
    on_load=CandidateReportState.load_report,
)
app.add_page(
    dashboard_page,
    route=routes.DASHBOARD,
    title=f"Dashboard · {PRODUCT_NAME}",
    on_load=DashboardState.load_dashboard,
)
app.add_page(
    settings_page,
    route=routes.SETTINGS,
    title=f"Settings · {PRODUCT_NAME}",
    on_load=[
        SettingsState.load_settings,
        TeamState.load_team,
        BrandingState.load_branding,
        KnowledgeState.load_knowledge,
        TemplatesState.load_templates,
        MessagingSettingsState.load_messaging,
    ],
)
app.add_page(
    candidate_link_page,
    route=routes.CANDIDATE_LINK,
    title="Your interview",
    # The tab may have shown another link before: its forms start closed.
    on_load=[CandidateLinkState.load_link, CandidateRequestsState.reset_requests],
)
app.add_page(
    join_page,
    route=routes.JOIN,
    title=f"Join your team · {PRODUCT_NAME}",
    on_load=JoinState.load_join,
)
app.add_page(
    unsubscribe_page,
    route=routes.UNSUBSCRIBE,
    title="Reminders",
    on_load=UnsubscribeState.load_unsubscribe,
)
app.add_page(
    dev_inbox_page,
    route=routes.DEV_INBOX,
    title=f"Dev inbox · {PRODUCT_NAME}",
    on_load=DevInboxState.load_inbox,
)
app.add_page(
    apply_page,
    route=routes.APPLY,
    title="Apply",
    on_load=ApplyState.load_apply,
)
# The periodic work (deliver, schedule, rescore) runs beside the pages (see worker.py).
app.register_lifespan_task(worker.serve)
