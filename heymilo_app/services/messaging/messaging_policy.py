"""An organization's rules for reaching candidates: reminders, deadline and quiet hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from heymilo_app.models import Application, ApplicationStatus, Organization, User, utcnow
from heymilo_app.services.common.access import require_recruiter
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.common.text import normalize_email
from heymilo_app.services.messaging.quiet_hours import valid_zone
from heymilo_app.settings import get_settings

MAX_REMINDERS = 5
MAX_REMINDER_HOURS = 24 * 30
MAX_INVITATION_DAYS = 180


def lapsed(application: Application, now: datetime | None = None) -> bool:
    """Whether an invitation can no longer be used because of its deadline.

    Args:
        application: The application.
        now: The current time.

    Returns:
        True when it is expired, or still open (invited, in progress) past its deadline.
    """
    if application.status == ApplicationStatus.EXPIRED:
        return True
    return (
        application.status in (ApplicationStatus.INVITED, ApplicationStatus.IN_PROGRESS)
        and application.expires_at is not None
        and application.expires_at <= (now or utcnow())
    )


def invitation_days(organization: Organization) -> int:
    """How many days an invitation link of the organization stays valid.

    Args:
        organization: The organization.

    Returns:
        Its own setting, or INVITATION_DAYS.
    """
    return organization.invitation_days or get_settings().invitation_days


@dataclass(frozen=True)
class Policy:
    """The values of the form, as typed."""

    reminder_hours: str  # "24, 72"
    max_reminders_per_stage: str
    invitation_days: str
    business_hours_start: str
    business_hours_end: str
    business_days: list[int]
    timezone: str
    # Where candidates may write ("" for the sender's address).
    contact_email: str = ""


def _whole(value: str, field: str, low: int, high: int, errors: dict[str, str]) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        errors[field] = "Enter a whole number."
        return low
    if not low <= number <= high:
        errors[field] = f"Enter a number from {low} to {high}."
    return number


def parse_hours(text: str, errors: dict[str, str]) -> list[int]:
    """Read reminder delays like "24, 72" or "24 72".

    Args:
        text: What the recruiter typed.
        errors: Collects the message for "reminder_hours".

    Returns:
        Sorted distinct hours.
    """
    hours: set[int] = set()
    for part in text.replace(";", ",").replace(" ", ",").split(","):
        if not part.strip():
            continue
        try:
            value = int(part)
        except ValueError:
            errors["reminder_hours"] = f'"{part.strip()}" is not a number of hours.'
            return []
        if not 1 <= value <= MAX_REMINDER_HOURS:
            errors["reminder_hours"] = f"Each delay is from 1 to {MAX_REMINDER_HOURS} hours."
            return []
        hours.add(value)
    return sorted(hours)


def update(*, session: Session, user: User, policy: Policy) -> Organization:
    """Save the organization's reminder, deadline and quiet-hours rules.

    Nothing is saved unless every value is valid.

    Args:
        session: Database session.
        user: The acting recruiter.
        policy: The values.

    Returns:
        The organization.

    Raises:
        Invalid: Field name to message.
        PermissionDenied: For hiring managers.
    """
    require_recruiter(user)
    errors: dict[str, str] = {}
    hours = parse_hours(policy.reminder_hours, errors)
    most = _whole(
        policy.max_reminders_per_stage, "max_reminders_per_stage", 0, MAX_REMINDERS, errors
    )
    days = _whole(policy.invitation_days, "invitation_days", 1, MAX_INVITATION_DAYS, errors)
    start = _whole(policy.business_hours_start, "business_hours_start", 0, 23, errors)
    end = _whole(policy.business_hours_end, "business_hours_end", 1, 24, errors)
    if "business_hours_start" not in errors and "business_hours_end" not in errors and end <= start:
        errors["business_hours_end"] = "End after the start."
    weekdays = sorted({int(d) for d in policy.business_days if 0 <= int(d) <= 6})
    if not weekdays:
        errors["business_days"] = "Pick at least one day, or texts will never be sent."
    if not valid_zone(policy.timezone):
        errors["timezone"] = "Pick a time zone from the list."
    contact = ""
    if policy.contact_email.strip():
        try:
            contact = normalize_email(policy.contact_email)
        except ValueError as error:
            errors["contact_email"] = str(error)
    if errors:
        raise Invalid(errors)
    organization = session.get(Organization, user.organization_id)
    organization.reminder_hours = hours
    organization.max_reminders_per_stage = most
    organization.invitation_days = days
    organization.business_hours_start = start
    organization.business_hours_end = end
    organization.business_days = weekdays
    organization.timezone = policy.timezone
    organization.contact_email = contact
    session.commit()
    return organization


NOTICES = ("specific", "generic")


def set_disqualification_notice(*, session: Session, user: User, notice: str) -> Organization:
    """Choose what a disqualified candidate sees.

    Args:
        session: Database session.
        user: The acting recruiter.
        notice: "specific" (the requirement not met, and a way to ask for a human review) or
            "generic" (the plain thank-you page).

    Returns:
        The organization.

    Raises:
        Invalid: For another value.
        PermissionDenied: For hiring managers.
    """
    require_recruiter(user)
    if notice not in NOTICES:
        raise Invalid({"disqualification_notice": "Choose one of the two options."})
    organization = session.get(Organization, user.organization_id)
    organization.disqualification_notice = notice
    session.commit()
    return organization
