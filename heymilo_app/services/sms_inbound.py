"""Text messages candidates send us: opt-out keywords first, everything else kept for stages.

STOP, STOPALL, UNSUBSCRIBE, CANCEL, END or QUIT stops every text to that number; START or
UNSTOP resumes them; HELP gets a help reply. Each result carries the reply text in the
organization's language: Twilio confirms STOP and START itself, so the webhook answers only
HELP; offline (the dev inbox) nobody does, so the caller decides what to show.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from heymilo_app.models import Candidate, Organization
from heymilo_app.services import i18n
from heymilo_app.settings import get_settings

STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"}
START_WORDS = {"START", "UNSTOP"}
HELP_WORDS = {"HELP", "INFO"}
# Who answers a number no organization knows (the product name; components are not imported
# here, services stay free of Reflex).
FALLBACK_NAME = "OpenInterview"


@dataclass(frozen=True)
class InboundResult:
    """What an inbound text did."""

    action: str  # "opted_out", "opted_in", "help" or "message"
    candidates: int  # how many candidate records share the number
    reply: str = ""  # the answer to the keyword ("" for a plain message)


def keyword(body: str) -> str:
    """The opt-out keyword a text is, if it is one ("STOP", "START", "HELP" or "").

    Args:
        body: The text.

    Returns:
        The normalized keyword group, or "".
    """
    word = (body or "").strip().strip(".!").upper()
    if word in STOP_WORDS:
        return "STOP"
    if word in START_WORDS:
        return "START"
    if word in HELP_WORDS:
        return "HELP"
    return ""


def reply_text(*, session: Session, from_number: str, word: str) -> str:
    """The answer to a keyword, in the language of the organization that texted the number.

    When several organizations know the number, the one whose candidate record is newest
    answers; without any, ``EMAIL_FROM_NAME`` or the product name does.

    Args:
        session: Database session.
        from_number: The sender (E.164).
        word: "HELP", "STOP" or "START".

    Returns:
        The text ("" for anything else), e.g. "Acme interviews: reply STOP to stop texts,
        START to resume. Questions: reply here or email jobs@acme.example.com."
    """
    key = {"HELP": "sms_help", "STOP": "sms_stopped", "START": "sms_started"}.get(word)
    if key is None:
        return ""
    organization = session.exec(
        select(Organization)
        .join(Candidate, Candidate.organization_id == Organization.id)
        .where(Candidate.phone == from_number)
        .order_by(Candidate.created_at.desc(), Candidate.id.desc())
    ).first()
    settings = get_settings()
    return i18n.t(
        organization.language if organization else None,
        key,
        org=organization.name if organization else settings.email_from_name or FALLBACK_NAME,
        email=settings.email_from,
    )


def help_text(*, session: Session, from_number: str) -> str:
    """The answer to HELP from a number.

    Args:
        session: Database session.
        from_number: The sender (E.164).

    Returns:
        The help text.
    """
    return reply_text(session=session, from_number=from_number, word="HELP")


def handle_inbound(*, session: Session, from_number: str, body: str) -> InboundResult:
    """Apply an inbound text from a number.

    Args:
        session: Database session.
        from_number: The sender (E.164).
        body: What they wrote.

    Returns:
        What it did, with the reply to a keyword.
    """
    if not (from_number or "").strip():
        # Without a sender, ``phone == ""`` would match every candidate who gave no number.
        return InboundResult("message", 0)
    candidates = session.exec(select(Candidate).where(Candidate.phone == from_number)).all()
    word = keyword(body)
    if word in ("STOP", "START"):
        for candidate in candidates:
            candidate.sms_opt_out = word == "STOP"
        session.commit()
        return InboundResult(
            "opted_out" if word == "STOP" else "opted_in",
            len(candidates),
            reply_text(session=session, from_number=from_number, word=word),
        )
    if word == "HELP":
        return InboundResult(
            "help", len(candidates), help_text(session=session, from_number=from_number)
        )
    return InboundResult("message", len(candidates))
