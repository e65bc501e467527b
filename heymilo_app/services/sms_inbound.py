"""Text messages candidates send us: opt-out keywords first, everything else kept for stages.

STOP, STOPALL, UNSUBSCRIBE, CANCEL, END or QUIT stops every text to that number; START or
UNSTOP resumes them; HELP is answered by the carrier and Twilio, so nothing more is sent here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from heymilo_app.models import Candidate

STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"}
START_WORDS = {"START", "UNSTOP"}
HELP_WORDS = {"HELP", "INFO"}


@dataclass(frozen=True)
class InboundResult:
    """What an inbound text did."""

    action: str  # "opted_out", "opted_in", "help" or "message"
    candidates: int  # how many candidate records share the number


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


def handle_inbound(*, session: Session, from_number: str, body: str) -> InboundResult:
    """Apply an inbound text from a number.

    Args:
        session: Database session.
        from_number: The sender (E.164).
        body: What they wrote.

    Returns:
        What it did.
    """
    candidates = session.exec(select(Candidate).where(Candidate.phone == from_number)).all()
    word = keyword(body)
    if word in ("STOP", "START"):
        for candidate in candidates:
            candidate.sms_opt_out = word == "STOP"
        session.commit()
        return InboundResult("opted_out" if word == "STOP" else "opted_in", len(candidates))
    if word == "HELP":
        return InboundResult("help", len(candidates))
    return InboundResult("message", len(candidates))
