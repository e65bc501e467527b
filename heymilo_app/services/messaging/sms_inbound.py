"""Text messages candidates send us: opt-out keywords first, everything else kept for stages.

STOP, STOPALL, UNSUBSCRIBE, CANCEL, END or QUIT stops every text to that number; START or
UNSTOP resumes them; HELP gets a help reply. Each result carries the reply text in the
organization's language: Twilio confirms STOP and START itself, so the webhook answers only
HELP; offline (the dev inbox) nobody does, so the caller decides what to show. The numbers
that said STOP are kept on the opt-out list (``sms_opt_outs``).

The HELP answer is an outbox row like every other message (kind ``sms_help``), so it shows
in the dev inbox and in the candidate's message history. It is not queued for the sender:
Twilio sends it as the TwiML answer to the inbound webhook, so the row is written already
``sent`` (offline: ``delivered_offline``) before that answer leaves. A HELP must be answered
at once and whatever the hour, even from a number that opted out, and the sender's quiet
hours and opt-out checks would hold it; answering in TwiML also costs no second API call.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    Candidate,
    Channel,
    Organization,
    utcnow,
)
from heymilo_app.services.common import i18n
from heymilo_app.services.messaging import outbox, sms_opt_outs
from heymilo_app.settings import get_settings

logger = logging.getLogger(__name__)

STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"}
START_WORDS = {"START", "UNSTOP"}
HELP_WORDS = {"HELP", "INFO"}
# Who answers a number no organization knows (the product name; components are not imported
# here, services stay free of Reflex).
FALLBACK_NAME = "OpenInterview"
HELP_KIND = "sms_help"


@dataclass(frozen=True)
class InboundResult:
    """What an inbound text did."""

    action: str  # "opted_out", "opted_in", "help" or "message"
    candidates: int  # how many candidate records share the number
    reply: str = ""  # the answer to the keyword ("" for a plain message)
    # The outbox row of the answer (HELP), when an organization knows the number.
    outbox_id: int | None = None


def keyword(body: str) -> str:
    """The opt-out keyword a text is, if it is one ("STOP", "START", "HELP" or "").

    Args:
        body: The text.

    Returns:
        The normalized keyword group, or "".
    """
    word = (body or "").strip().strip(".!").strip().upper()
    if word in STOP_WORDS:
        return "STOP"
    if word in START_WORDS:
        return "START"
    if word in HELP_WORDS:
        return "HELP"
    return ""


def _newest_candidate(candidates: Iterable[Candidate]) -> Candidate | None:
    """The newest of the candidate records with a number: its organization answers for it.

    Args:
        candidates: The records with the number.

    Returns:
        The one created last (the highest id among equals), or None for none.
    """
    return max(candidates, key=lambda c: (c.created_at, c.id), default=None)


def reply_text(*, session: Session, candidate: Candidate | None, word: str) -> str:
    """The answer to a keyword, in the language of the organization that texted the number.

    When several organizations know the number, the one whose candidate record is newest
    answers (``_newest_candidate``); without any, ``EMAIL_FROM_NAME`` or the product name does.

    Args:
        session: Database session.
        candidate: The newest candidate record with the sender's number (None: none).
        word: "HELP", "STOP" or "START".

    Returns:
        The text ("" for anything else), e.g. "Acme interviews: reply STOP to stop texts,
        START to resume. Questions: reply here or email jobs@acme.example.com."
    """
    key = {"HELP": "sms_help", "STOP": "sms_stopped", "START": "sms_started"}.get(word)
    if key is None:
        return ""
    organization = session.get(Organization, candidate.organization_id) if candidate else None
    settings = get_settings()
    return i18n.t(
        organization.language if organization else None,
        key,
        org=organization.name if organization else settings.email_from_name or FALLBACK_NAME,
        email=(organization.contact_email if organization else "") or settings.email_from,
    )


def record_help(
    *,
    session: Session,
    candidate: Candidate | None,
    from_number: str,
    reply: str,
    via_twiml: bool,
    message_sid: str = "",
) -> int | None:
    """Write the HELP answer to the outbox as already handed over, and commit.

    The row belongs to the newest candidate record with the number (its organization and
    its newest application), so it shows in the dev inbox and the message history.

    Args:
        session: Database session.
        candidate: The newest candidate record with the number (``_newest_candidate``).
        from_number: Who asked (E.164).
        reply: The answer.
        via_twiml: True when Twilio sends it as the webhook's TwiML answer (``sent``);
            False offline (``delivered_offline``, the dev inbox).
        message_sid: The inbound text's ``MessageSid``: a webhook Twilio retries writes
            one row.

    Returns:
        The row's id, or None when no organization knows the number.
    """
    if candidate is None:
        return None
    application_id = session.exec(
        select(Application.id)
        .where(Application.candidate_id == candidate.id)
        .order_by(Application.created_at.desc(), Application.id.desc())
    ).first()
    row = outbox.enqueue(
        session=session,
        organization_id=candidate.organization_id,
        application_id=application_id,
        channel=Channel.SMS,
        kind=HELP_KIND,
        to_address=from_number,
        body=reply,
        dedupe_key=f"{HELP_KIND}:{message_sid}" if message_sid else None,
    )
    outbox.record_delivered(row, provider="twilio" if via_twiml else "offline", at=utcnow())
    session.commit()
    return row.id


def handle_inbound(
    *,
    session: Session,
    from_number: str,
    body: str,
    via_twiml: bool = False,
    message_sid: str = "",
    organization_id: int | None = None,
) -> InboundResult:
    """Apply an inbound text from a number.

    Args:
        session: Database session.
        from_number: The sender (E.164).
        body: What they wrote.
        via_twiml: The caller answers HELP in TwiML (the Twilio webhook); False offline.
        message_sid: The inbound text's ``MessageSid``, when Twilio sent it.
        organization_id: Only this organization's candidates and opt-out list are touched
            (a reply simulated in the dev inbox); None for a text Twilio delivered, which
            speaks for the number everywhere.

    Returns:
        What it did, with the reply to a keyword.
    """
    from_number = (from_number or "").strip()
    if not from_number:
        # Without a sender, ``phone == ""`` would match every candidate who gave no number.
        return InboundResult("message", 0)
    query = select(Candidate).where(Candidate.phone == from_number)
    if organization_id is not None:
        query = query.where(Candidate.organization_id == organization_id)
    candidates = session.exec(query).all()
    newest = _newest_candidate(candidates)
    word = keyword(body)
    if word in ("STOP", "START"):
        if word == "STOP":
            source = (body or "").strip().strip(".!").strip().upper()
            sms_opt_outs.stop_texts(
                session=session,
                phone=from_number,
                source=source,
                candidates=candidates,
                organization_ids=() if organization_id is None else (organization_id,),
            )
        else:
            for candidate in candidates:
                candidate.sms_opt_out = False
            sms_opt_outs.opt_in(session=session, phone=from_number, organization_id=organization_id)
        session.commit()
        return InboundResult(
            "opted_out" if word == "STOP" else "opted_in",
            len(candidates),
            reply_text(session=session, candidate=newest, word=word),
        )
    if word == "HELP":
        reply = reply_text(session=session, candidate=newest, word=word)
        outbox_id = record_help(
            session=session,
            candidate=newest,
            from_number=from_number,
            reply=reply,
            via_twiml=via_twiml,
            message_sid=message_sid,
        )
        return InboundResult("help", len(candidates), reply, outbox_id)
    return InboundResult("message", len(candidates))
