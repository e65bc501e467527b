"""Invitations: the email always, the text message too when SMS invitations are on.

Messages are worded by the organization's templates in its language and branded with its logo
and colors. Emails of the same template share a SendGrid batch: the content carries ``%name%``
substitution tags and each recipient brings its own values, so 1,000 invitations are one
request. Each invitation is a dedupe key in the outbox, so asking twice sends once; a resend is
a new invitation (``resends.py``); the links and numbers they carry are in ``links.py``.

Every email carries the unsubscribe link: a template without ``{unsubscribe_link}`` gets a
footer with it (``template_defaults.UNSUBSCRIBE_FOOTER``), and each email a
``List-Unsubscribe`` header with the same link. A text never goes to a number on the
organization's opt-out list (``sms_inbound``), nor to a candidate who opted out of texts.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field

from sqlmodel import Session

from heymilo_app.models import (
    Application,
    Branding,
    Candidate,
    Channel,
    Interview,
    Job,
    Organization,
    OutboundMessage,
    User,
    utcnow,
)
from heymilo_app.services.common.i18n import language_or_default
from heymilo_app.services.jobs.jobs import interview_stages, published_interview
from heymilo_app.services.messaging import outbox, sms_opt_outs, templates
from heymilo_app.services.messaging.template_defaults import UNSUBSCRIBE_FOOTER
from heymilo_app.services.org import branding as branding_service
from heymilo_app.services.org import logos
from heymilo_app.services.pipeline.links import (
    candidate_link,
    format_deadline,
    one_click_unsubscribe_link,
    sms_number,
    unsubscribe_link,
)
from heymilo_app.settings import get_settings

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
TAG = re.compile(r"%([a-z_]+)%")


def _tagged(text: str) -> str:
    """Turn {placeholders} into SendGrid substitution tags (%placeholder%)."""
    return PLACEHOLDER.sub(lambda m: f"%{m.group(1)}%", text)


def branded_html(
    *,
    body_text: str,
    organization: Organization,
    brand: Branding,
    link_tag: str = "%interview_link%",
) -> str:
    """An HTML email in the organization's look, from a plain-text template with tags.

    Args:
        body_text: The template text (with %tags% for the per-recipient values).
        organization: Who sends it.
        brand: Its logo and colors.
        link_tag: The tag of the link a button points to.

    Returns:
        The HTML (still with %tags%).
    """
    logo = logos.logo_url(brand)
    base = get_settings().public_base_url.rstrip("/")
    header = (
        f'<img src="{html.escape(base + logo)}" alt="{html.escape(organization.name)}" '
        'style="max-height:40px">'
        if logo
        else f'<strong style="font-size:18px">{html.escape(organization.name)}</strong>'
    )
    paragraphs = "".join(
        f'<p style="margin:0 0 14px">{html.escape(part).replace(chr(10), "<br>")}</p>'
        for part in body_text.split("\n\n")
        if part.strip()
    )
    button = (
        f'<p><a href="{link_tag}" style="display:inline-block;background:{brand.primary_color};'
        "color:#ffffff;padding:12px 20px;border-radius:8px;text-decoration:none;"
        'font-weight:600">Open your interview</a></p>'
        if link_tag in body_text
        else ""
    )
    return (
        '<div style="font-family:Arial,Helvetica,sans-serif;color:#1c2024;max-width:560px;'
        'margin:0 auto">'
        f'<div style="height:5px;background:{brand.primary_color}"></div>'
        f'<div style="padding:20px 0">{header}</div>{paragraphs}{button}</div>'
    )


def _values(
    application: Application,
    candidate: Candidate,
    job: Job,
    organization: Organization,
    sender: User | None,
) -> dict[str, str]:
    return {
        "candidate_first_name": candidate.first_name,
        "candidate_last_name": candidate.last_name,
        "job_title": job.title,
        "company_name": organization.name,
        "interview_link": candidate_link(application),
        "deadline": format_deadline(application),
        "stage_name": "",
        "recruiter_name": sender.full_name if sender else f"The {organization.name} team",
        "unsubscribe_link": unsubscribe_link(application),
    }


@dataclass
class InvitationContext:
    """Everything an invitation of one job needs besides the candidate, read once.

    Bulk imports build it once and reuse it for every row.
    """

    job: Job
    organization: Organization
    kind: str
    subject: str
    text: str
    text_template: str
    html_template: str
    sms_text: str
    from_email: str
    from_name: str
    batch_key: str
    # The published interview and its first stage, for bulk intake (None: look them up).
    interview: Interview | None = None
    first_stage_id: int | None = None
    # Numbers on the organization's opt-out list (read only when the message has a text).
    sms_opted_out: frozenset[str] = field(default_factory=frozenset)


def with_unsubscribe_link(body: str, organization: Organization) -> str:
    """An email template's text with the unsubscribe link, added as a footer when missing.

    Args:
        body: The template text (with {placeholders}).
        organization: Whose language the footer speaks.

    Returns:
        The text, ending with the footer unless it already has ``{unsubscribe_link}``.
    """
    if "{unsubscribe_link}" in body:
        return body
    footer = UNSUBSCRIBE_FOOTER[language_or_default(organization.language)]
    return body.rstrip() + "\n\n" + footer


def invitation_context(
    *, session: Session, job: Job, kind: str = "invitation"
) -> InvitationContext:
    """Read the templates and branding an invitation of a job uses.

    Args:
        session: Database session.
        job: The job.
        kind: "invitation" or "reminder".

    Returns:
        The context.
    """
    organization = session.get(Organization, job.organization_id)
    brand = branding_service.get_branding(session=session, organization_id=organization.id)
    settings = get_settings()
    interview = published_interview(session=session, job=job)
    stages = interview_stages(session=session, interview=interview) if interview else []
    email = templates.get_template(session=session, organization=organization, kind=f"{kind}_email")
    sms_kind = f"{kind}_sms"
    sms = (
        templates.get_template(session=session, organization=organization, kind=sms_kind)
        if sms_kind in templates.KINDS
        else None
    )
    # Every email carries the unsubscribe link, whatever the template says.
    text = with_unsubscribe_link(email.body, organization)
    text_template = _tagged(text)
    # The HTML part has its own tags whose values are escaped: a name is text, never markup.
    html_template = TAG.sub(
        lambda m: f"%{m.group(1)}_html%",
        branded_html(body_text=text_template, organization=organization, brand=brand),
    )
    from_name = settings.email_from_name or organization.name
    batch_key = hashlib.sha256(
        "\x00".join((settings.email_from, from_name, text_template, html_template)).encode()
    ).hexdigest()
    return InvitationContext(
        job=job,
        organization=organization,
        kind=kind,
        subject=email.subject,
        text=text,
        text_template=text_template,
        html_template=html_template,
        # Results (not advancing) go by email only.
        sms_text=sms.body if sms else "",
        sms_opted_out=(
            sms_opt_outs.opted_out_numbers(session=session, organization_id=organization.id)
            if sms and job.sms_invitations
            else frozenset()
        ),
        from_email=settings.email_from,
        from_name=from_name,
        batch_key=batch_key,
        interview=interview,
        first_stage_id=stages[0].id if stages else None,
    )


def invite(
    *,
    session: Session,
    application: Application,
    sender: User | None = None,
    kind: str = "invitation",
    number: int = 1,
    context: InvitationContext | None = None,
    candidate: Candidate | None = None,
    fresh: bool = False,
    key: str | None = None,
    stage_name: str = "",
) -> list[OutboundMessage]:
    """Queue the invitation of an application: the email, and the text when it applies.

    Calling it again for the same invitation queues nothing new; use ``resends.resend`` for another.

    Args:
        session: Database session (the caller commits).
        application: The application to invite.
        sender: The recruiter who invites (signs the email), if any.
        kind: "invitation" or "reminder".
        number: Which invitation (or reminder) of this application it is: the same number
            twice is the same message.
        context: Templates and branding read beforehand (bulk imports).
        candidate: The application's candidate, when the caller has it.
        fresh: The application was created in this transaction (nothing queued for it yet).
        key: The message's identity without the channel (default "{kind}:{id}:{number}");
            reminders name their stage in it.
        stage_name: The stage a "next_stage" message announces.

    Returns:
        The queued (or already queued) messages.
    """
    candidate = candidate or session.get(Candidate, application.candidate_id)
    if context is None or context.kind != kind:
        context = invitation_context(
            session=session, job=session.get(Job, application.job_id), kind=kind
        )
    messages = [
        outbox.enqueue(session=session, fresh=fresh, **message)
        for message in invitation_messages(
            application=application,
            candidate=candidate,
            context=context,
            sender=sender,
            number=number,
            key=key,
            stage_name=stage_name,
        )
    ]
    if kind == "invitation":
        application.invited_at = application.invited_at or utcnow()
    return messages


def invitation_messages(
    *,
    application: Application,
    candidate: Candidate,
    context: InvitationContext,
    sender: User | None = None,
    number: int = 1,
    key: str | None = None,
    stage_name: str = "",
) -> list[dict[str, object]]:
    """The messages of one invitation, as ``outbox.enqueue`` arguments; nothing is written.

    ``invite`` enqueues them; bulk imports insert a whole chunk's in one statement.

    Args:
        application: The application (its id, token and deadline are read).
        candidate: Its candidate.
        context: Templates and branding of the invitation's kind.
        sender: The recruiter who invites (signs the email), if any.
        number: Which invitation (or reminder) of this application it is.
        key: The message's identity without the channel (default "{kind}:{id}:{number}").
        stage_name: The stage a "next_stage" message announces.

    Returns:
        The email's arguments, then the text's when it applies.
    """
    kind = context.kind
    values = _values(application, candidate, context.job, context.organization, sender)
    values["stage_name"] = stage_name
    key = key or f"{kind}:{application.id}:{number}"
    messages: list[dict[str, object]] = [
        {
            "organization_id": context.organization.id,
            "application_id": application.id,
            "channel": Channel.EMAIL,
            "kind": kind,
            "to_address": candidate.email,
            "subject": templates.render(context.subject, values),
            "body": templates.render(context.text, values),
            "html": context.html_template,
            "payload": {
                "from_email": context.from_email,
                "from_name": context.from_name,
                "text_template": context.text_template,
                "html_template": context.html_template,
                "substitutions": _substitutions(
                    values, context.text_template + context.html_template
                ),
                # The List-Unsubscribe headers (providers/email.py).
                "unsubscribe_link": values["unsubscribe_link"],
                "one_click_unsubscribe": one_click_unsubscribe_link(application),
            },
            "dedupe_key": f"{key}:email",
            "batch_key": context.batch_key,
        }
    ]
    phone = sms_number(candidate, opted_out=context.sms_opted_out)
    if context.job.sms_invitations and phone and context.sms_text:
        messages.append(
            {
                "organization_id": context.organization.id,
                "application_id": application.id,
                "channel": Channel.SMS,
                "kind": kind,
                "to_address": phone,
                "body": templates.render(context.sms_text, values),
                "dedupe_key": f"{key}:sms",
            }
        )
    return messages


def _substitutions(values: dict[str, str], content: str) -> dict[str, str]:
    """The values of the tags a content uses, keyed by tag (escaped for the HTML tags)."""
    tags = {f"%{name}%": value for name, value in values.items()}
    tags.update({f"%{name}_html%": html.escape(value) for name, value in values.items()})
    return {tag: value for tag, value in tags.items() if tag in content}
