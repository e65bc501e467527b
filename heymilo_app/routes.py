"""Every page URL of the app, so no page spells another page's URL by hand."""

from __future__ import annotations

from urllib.parse import quote, urlencode

HOME = "/"
LOGIN = "/login"
SIGNUP = "/signup"
JOBS = "/jobs"
JOB_DETAIL = "/jobs/[job_id]"
BUILDER = "/jobs/[job_id]/builder"
PREVIEW = "/jobs/[job_id]/preview"
CANDIDATES = "/candidates"
CANDIDATE_REPORT = "/candidates/[application_id]"
DASHBOARD = "/dashboard"
SETTINGS = "/settings"
CANDIDATE_LINK = "/i/[token]"
JOIN = "/join/[token]"
UNSUBSCRIBE = "/u/[token]"
DEV_INBOX = "/dev/inbox"
APPLY = "/apply/[slug]"


def login(next_path: str = "") -> str:
    """URL of the login page, returning to ``next_path`` afterwards.

    Args:
        next_path: A path of this app to go to after logging in.

    Returns:
        The URL.
    """
    # The production server serves pages with a trailing slash (/jobs/).
    next_path = next_path.rstrip("/")
    if next_path and is_safe_next(next_path) and next_path not in (LOGIN, HOME):
        return f"{LOGIN}?{urlencode({'next': next_path})}"
    return LOGIN


def is_safe_next(path: str) -> bool:
    """Whether a ``next`` path stays inside this app (no open redirect).

    Args:
        path: The requested path.

    Returns:
        True for a local absolute path.
    """
    # Browsers drop tabs and newlines from URLs and read "\\" as "/": "/\t/evil.example"
    # becomes "//evil.example". Any control character, space or backslash is refused.
    return (
        path.startswith("/")
        and not path.startswith("//")
        and len(path) <= 2000
        and not any(ch == "\\" or ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in path)
    )


def job(job_id: int | str) -> str:
    """URL of a job's page.

    Args:
        job_id: The job's id.

    Returns:
        The URL.
    """
    return f"/jobs/{job_id}"


def candidate_link(token: str) -> str:
    """Path of a candidate's interview link.

    Args:
        token: The application's token.

    Returns:
        The path.
    """
    return f"/i/{quote(token)}"


def builder(job_id: int | str) -> str:
    """URL of a job's interview builder.

    Args:
        job_id: The job's id.

    Returns:
        The URL.
    """
    return f"/jobs/{job_id}/builder"


def preview(job_id: int | str, stage_id: int | str) -> str:
    """URL of the candidate's-eye preview of one stage.

    Args:
        job_id: The job's id.
        stage_id: The stage.

    Returns:
        The URL.
    """
    return f"/jobs/{job_id}/preview?{urlencode({'stage': stage_id})}"


def join(token: str) -> str:
    """Path of a team invitation link.

    Args:
        token: The invitation token.

    Returns:
        The path.
    """
    return f"/join/{quote(token)}"


def unsubscribe(token: str) -> str:
    """Path of the link in emails that stops reminders.

    Args:
        token: The application's token.

    Returns:
        The path.
    """
    return f"/u/{quote(token)}"


def apply(slug: str) -> str:
    """Path of a job's public apply page.

    Args:
        slug: The job's slug.

    Returns:
        The path.
    """
    return f"/apply/{quote(slug)}"


def candidate_report(application_id: int | str) -> str:
    """URL of a candidate's report.

    Args:
        application_id: The application's id.

    Returns:
        The URL.
    """
    return f"/candidates/{application_id}"
