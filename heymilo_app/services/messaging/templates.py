"""Message templates: what invitations, reminders and other messages say.

Every organization starts with good defaults in its language; a recruiter may reword any of
them. Placeholders are written ``{name}``; a template with an unknown placeholder (or a stray
brace) is refused with the placeholder's name, so no message ever goes out with a hole in it.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from sqlmodel import Session, select

from heymilo_app.models import MessageTemplate, Organization, User, utcnow
from heymilo_app.services.common.access import require_recruiter
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.common.i18n import language_or_default
from heymilo_app.services.common.text import no_double_period
from heymilo_app.services.messaging.template_defaults import DEFAULTS

# The longest a message and a subject may be.
MAX_BODY = 10_000
MAX_SUBJECT = 300

PLACEHOLDERS: dict[str, tuple[str, str]] = {
    # name: (what it is, sample value for previews)
    "candidate_first_name": ("The candidate's first name", "Alex"),
    "candidate_last_name": ("The candidate's last name", "Rivera"),
    "job_title": ("The job's title", "Customer Support Specialist"),
    "company_name": ("Your organization's name", "Acme Support Co."),
    "interview_link": (
        "The candidate's personal interview link",
        "https://jobs.example.com/i/8f3c…",
    ),
    "deadline": ("When the invitation lapses", "December 9, 2026"),
    "stage_name": ("The stage the message is about", "Conversation"),
    "recruiter_name": ("The recruiter's name", "Riley Recruiter"),
    "unsubscribe_link": (
        "Stops reminders (email only; added at the end of an email that lacks it)",
        "https://jobs.example.com/u/…",
    ),
}


@dataclass(frozen=True)
class TemplateKind:
    """One kind of message a template words."""

    kind: str
    label: str
    channel: str  # "email", "sms" or "script"
    description: str

    @property
    def has_subject(self) -> bool:
        """Whether the message has a subject line (emails)."""
        return self.channel == "email"


KINDS: dict[str, TemplateKind] = {
    kind.kind: kind
    for kind in (
        TemplateKind(
            "invitation_email", "Invitation email", "email", "Sent to every invited candidate."
        ),
        TemplateKind(
            "invitation_sms",
            "Invitation text message",
            "sms",
            "Sent as well when SMS invitations are on and the candidate has a phone.",
        ),
        TemplateKind(
            "reminder_email",
            "Reminder email",
            "email",
            "Sent to candidates who have not started or finished.",
        ),
        TemplateKind(
            "reminder_sms", "Reminder text message", "sms", "The text version of the reminder."
        ),
        TemplateKind(
            "next_stage_email",
            "Next-stage invitation email",
            "email",
            "Sent when a candidate passes a stage and the next one starts elsewhere.",
        ),
        TemplateKind(
            "next_stage_sms",
            "Next-stage text message",
            "sms",
            "Sent before a text or phone stage starts.",
        ),
        TemplateKind(
            "thank_you_email",
            "Thank-you email",
            "email",
            "Sent when a candidate finishes the interview.",
        ),
        TemplateKind(
            "not_advancing_email",
            "Not-advancing email",
            "email",
            "Sent when a candidate does not move forward.",
        ),
        TemplateKind(
            "ai_disclosure",
            "AI disclosure script",
            "script",
            "Read or shown before the AI starts asking questions.",
        ),
    )
}
SMS_SEGMENT = 160


@dataclass(frozen=True)
class Template:
    """A template as used: the organization's wording or the default."""

    kind: TemplateKind
    subject: str
    body: str
    is_default: bool


def placeholder_problems(text: str) -> list[str]:
    """Find what is wrong with the placeholders of a text.

    Args:
        text: A subject or body.

    Returns:
        Messages, empty when every placeholder is known and well formed.
    """
    problems: list[str] = []
    try:
        list(string.Formatter().parse(text))
    except ValueError:
        return ["A brace is not closed: write placeholders as {name}, or remove the brace."]
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if spec or conversion:
            shown = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            problems.append(
                f"“{{{shown[:40]}}}” is not a placeholder: write it as {{{name[:40]}}}, "
                "without a format or a conversion."
            )
        elif not re.fullmatch(r"[a-z_]+", name):
            problems.append(
                f"“{{{name[:40]}}}” is not a placeholder: use names like {{job_title}}."
            )
        elif name not in PLACEHOLDERS:
            problems.append(f"Unknown placeholder {{{name[:40]}}}.")
    return list(dict.fromkeys(problems))


def _organization(session: Session, user: User) -> Organization:
    return session.get(Organization, user.organization_id)


def get_template(*, session: Session, organization: Organization, kind: str) -> Template:
    """The wording of one message for an organization.

    Args:
        session: Database session.
        organization: The organization.
        kind: One of KINDS.

    Returns:
        Its own wording, or the default in its language.
    """
    info = KINDS[kind]
    own = session.exec(
        select(MessageTemplate).where(
            MessageTemplate.organization_id == organization.id, MessageTemplate.kind == kind
        )
    ).first()
    if own is not None:
        return Template(info, own.subject, own.body, is_default=False)
    subject, body = DEFAULTS[language_or_default(organization.language)][kind]
    return Template(info, subject, body, is_default=True)


def list_templates(*, session: Session, user: User) -> list[Template]:
    """Every template of the acting user's organization, in a fixed order.

    Args:
        session: Database session.
        user: The acting user.

    Returns:
        One per kind.
    """
    organization = _organization(session, user)
    return [get_template(session=session, organization=organization, kind=kind) for kind in KINDS]


def save_template(*, session: Session, user: User, kind: str, subject: str, body: str) -> Template:
    """Save the organization's wording of a message.

    Args:
        session: Database session.
        user: The acting recruiter.
        kind: One of KINDS.
        subject: Subject line (emails only).
        body: The message.

    Returns:
        The saved template.

    Raises:
        Invalid: For an unknown kind, an empty body, a subject on a text message, or any
            unknown placeholder (named in the message); nothing is saved.
    """
    require_recruiter(user)
    if kind not in KINDS:
        raise Invalid({"kind": "Unknown message."})
    info = KINDS[kind]
    subject, body = (subject or "").strip(), (body or "").strip()
    errors: dict[str, str] = {}
    if not body:
        errors["body"] = "Write the message."
    elif len(body) > MAX_BODY:
        errors["body"] = f"Keep the message under {MAX_BODY:,} characters."
    elif problems := placeholder_problems(body):
        errors["body"] = " ".join(problems)
    if info.has_subject:
        if not subject:
            errors["subject"] = "Write a subject line."
        elif len(subject) > MAX_SUBJECT:
            errors["subject"] = f"Keep the subject under {MAX_SUBJECT} characters."
        elif problems := placeholder_problems(subject):
            errors["subject"] = " ".join(problems)
    else:
        subject = ""
    if errors:
        raise Invalid(errors)
    own = session.exec(
        select(MessageTemplate).where(
            MessageTemplate.organization_id == user.organization_id, MessageTemplate.kind == kind
        )
    ).first()
    if own is None:
        own = MessageTemplate(organization_id=user.organization_id, kind=kind)
        session.add(own)
    own.subject, own.body, own.updated_at = subject, body, utcnow()
    session.commit()
    return Template(info, subject, body, is_default=False)


def reset_template(*, session: Session, user: User, kind: str) -> Template:
    """Go back to the default wording of a message.

    Args:
        session: Database session.
        user: The acting recruiter.
        kind: One of KINDS.

    Returns:
        The default template.
    """
    require_recruiter(user)
    if kind not in KINDS:
        raise Invalid({"kind": "Unknown message."})
    own = session.exec(
        select(MessageTemplate).where(
            MessageTemplate.organization_id == user.organization_id, MessageTemplate.kind == kind
        )
    ).first()
    if own is not None:
        session.delete(own)
        session.commit()
    return get_template(session=session, organization=_organization(session, user), kind=kind)


def render(text: str, values: dict[str, str]) -> str:
    """Fill a template's placeholders, by replacement.

    Only a plain ``{name}`` of ``PLACEHOLDERS`` is filled; ``{{`` and ``}}`` are braces. Never
    ``str.format``: a recruiter's text is not code, and a format spec such as
    ``{job_title:>20000000}`` would pad the message to 20 million characters. Anything else in
    braces (a format, a conversion, an attribute; ``placeholder_problems`` refuses them on
    save) is left out; a text whose braces do not pair is returned as written.

    Args:
        text: A template text.
        values: A value for every placeholder it uses.

    Returns:
        The message.
    """
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        return text
    out: list[str] = []
    for literal, name, spec, conversion in parts:
        out.append(literal)
        if name is not None and not spec and not conversion and name in PLACEHOLDERS:
            out.append(str(values.get(name, "")))
    return no_double_period("".join(out), values.values())


def sample_values(organization: Organization, recruiter_name: str = "") -> dict[str, str]:
    """Sample data for live previews, with the organization's own name.

    Args:
        organization: The organization.
        recruiter_name: The acting user's name.

    Returns:
        A value per placeholder.
    """
    values = {name: sample for name, (_, sample) in PLACEHOLDERS.items()}
    values["company_name"] = organization.name
    if recruiter_name:
        values["recruiter_name"] = recruiter_name
    return values
