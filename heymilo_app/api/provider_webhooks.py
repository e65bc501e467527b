"""Callbacks from Twilio and SendGrid: inbound texts, delivery statuses and email events.

Each endpoint verifies the provider's signature, parses the request and hands it to a
service; nothing else happens here.

- ``POST /api/twilio/sms``: Twilio's inbound message webhook (STOP, START, HELP, replies).
  Answers TwiML: the help text for HELP (written to the outbox as ``sent`` first, so it
  shows in the candidate's message history), an empty ``<Response/>`` otherwise (Twilio
  confirms STOP and START itself).
- ``POST /api/twilio/status``: Twilio's message status callback; 204.
- ``POST /api/sendgrid/events``: SendGrid's event webhook (a JSON array); 200 with the counts.

Twilio requests are signed with the auth token (``X-Twilio-Signature``, HMAC over the URL
Twilio called plus the sorted form parameters); the URL is rebuilt from ``PUBLIC_BASE_URL``,
since behind a proxy the app does not see the one Twilio used. Without ``TWILIO_AUTH_TOKEN``
nothing can be verified and every request is refused. Requests signed with a Webhooks
SharedKey (``X-Twilio-Webhooks-Signature-Settings``) are refused too: no shared key secret is
configured. SendGrid's Signed Event Webhook is checked (ECDSA P-256/SHA-256 over the
timestamp header plus the raw body): ``sendgrid.helpers.eventwebhook`` loads the key, and
the ``cryptography`` package it is built on (a dependency of the ``sendgrid`` SDK, nothing
more to install) verifies the raw bytes. A signed batch whose timestamp is more than
``SENDGRID_TIMESTAMP_TOLERANCE_SECONDS`` away from now is refused (a captured batch cannot be
replayed later; SendGrid signs each retry anew). Without ``SENDGRID_WEBHOOK_PUBLIC_KEY``
every batch is refused, unless the operator set ``SENDGRID_WEBHOOK_ALLOW_UNSIGNED`` for
development (then unsigned events are accepted and a warning is logged once). Each event
must also name the outbox row's recipient (``delivery_events``), so a batch cannot touch an
email it does not know the address of.
"""

from __future__ import annotations

import base64
import functools
import json
import logging
import time
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import ImmutableMultiDict

from heymilo_app import db
from heymilo_app.services.messaging import delivery_events, sms_inbound
from heymilo_app.services.pipeline import text_inbound
from heymilo_app.settings import get_settings

logger = logging.getLogger(__name__)

router = APIRouter()

TWILIO_SIGNATURE = "X-Twilio-Signature"
TWILIO_SIGNATURE_SETTINGS = "X-Twilio-Webhooks-Signature-Settings"
SENDGRID_SIGNATURE = "X-Twilio-Email-Event-Webhook-Signature"
SENDGRID_TIMESTAMP = "X-Twilio-Email-Event-Webhook-Timestamp"

# Oldest (or furthest in the future) signed timestamp accepted, in seconds.
SENDGRID_TIMESTAMP_TOLERANCE_SECONDS = 600

_warned_unsigned = False


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"detail": [{"message": message}]}, status_code=status)


def _public_url(request: Request) -> str:
    """The URL Twilio called: the configured public base, this path and query."""
    url = get_settings().public_base_url.rstrip("/") + request.url.path
    return f"{url}?{request.url.query}" if request.url.query else url


async def _twilio_form(request: Request) -> tuple[ImmutableMultiDict | None, JSONResponse | None]:
    """The form of a Twilio request whose signature holds, or the 403 to answer.

    Returns:
        (form, None) when the request is genuine, (None, response) when it is not.
    """
    from twilio.request_validator import RequestValidator

    token = get_settings().twilio_auth_token
    if not token:
        logger.warning("Twilio webhook refused: TWILIO_AUTH_TOKEN is not set")
        return None, _error(
            403, "TWILIO_AUTH_TOKEN is not set, so Twilio's signature cannot be verified."
        )
    if request.headers.get(TWILIO_SIGNATURE_SETTINGS):
        logger.warning("Twilio webhook signed with a SharedKey refused: none is configured")
        return None, _error(403, "Signed with a Twilio SharedKey; only the auth token is set.")
    raw = (await request.body()).decode("utf-8", "replace")
    form = ImmutableMultiDict(parse_qsl(raw, keep_blank_values=True))
    signature = request.headers.get(TWILIO_SIGNATURE, "")
    if not signature or not RequestValidator(token).validate(_public_url(request), form, signature):
        logger.warning("Twilio webhook with a bad signature refused (%s)", request.url.path)
        return None, _error(403, "Invalid X-Twilio-Signature.")
    return form, None


def _inbound(from_number: str, body: str, message_sid: str) -> sms_inbound.InboundResult:
    """Keywords, then the text kept in the candidate's conversation (no model call here)."""
    with db.session_scope() as session:
        return text_inbound.inbound(
            session=session, from_number=from_number, body=body, message_sid=message_sid
        ).keyword


@router.post("/api/twilio/sms")
async def twilio_sms(request: Request) -> Response:
    """Twilio's inbound message webhook: apply opt-out keywords, answer HELP in TwiML, keep
    any other text in the candidate's conversation (its reply leaves later, by the outbox)."""
    from twilio.twiml.messaging_response import MessagingResponse

    form, refused = await _twilio_form(request)
    if refused is not None:
        return refused
    twiml = MessagingResponse()
    from_number = form.get("From", "").strip()
    if from_number:
        result = await run_in_threadpool(
            _inbound, from_number, form.get("Body", ""), form.get("MessageSid", "")
        )
        if result.action == "help" and result.reply:
            twiml.message(result.reply)
    return Response(str(twiml), media_type="text/xml")


def _status(form: ImmutableMultiDict, outbox_id: str | None) -> str:
    with db.session_scope() as session:
        return delivery_events.apply_twilio_status(
            session,
            form.get("MessageSid", ""),
            form.get("MessageStatus", ""),
            error_code=form.get("ErrorCode", ""),
            error_message=form.get("ErrorMessage", ""),
            outbox_id=outbox_id,
            to=form.get("To", ""),
        )


@router.post("/api/twilio/status")
async def twilio_status(request: Request) -> Response:
    """Twilio's message status callback: record the delivery status of a text."""
    form, refused = await _twilio_form(request)
    if refused is not None:
        return refused
    await run_in_threadpool(_status, form, request.query_params.get("outbox_id"))
    return Response(status_code=204)


@functools.cache
def _sendgrid_verifier(public_key: str):
    from sendgrid.helpers.eventwebhook import EventWebhook

    return EventWebhook(public_key)


def _sendgrid_refusal(request: Request, raw: bytes) -> JSONResponse | None:
    """The 403 to answer when the Signed Event Webhook's signature does not hold, else None."""
    global _warned_unsigned
    from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    settings = get_settings()
    public_key = settings.sendgrid_webhook_public_key.strip()
    if not public_key:
        if not settings.sendgrid_webhook_allow_unsigned:
            logger.warning("SendGrid event webhook refused: SENDGRID_WEBHOOK_PUBLIC_KEY is not set")
            return _error(
                403,
                "SENDGRID_WEBHOOK_PUBLIC_KEY is not set, so SendGrid's signature cannot be "
                "verified.",
            )
        if not _warned_unsigned:
            _warned_unsigned = True
            logger.warning(
                "SENDGRID_WEBHOOK_ALLOW_UNSIGNED is on: SendGrid events are accepted unsigned; "
                "for development only. Turn on the Signed Event Webhook and set "
                "SENDGRID_WEBHOOK_PUBLIC_KEY."
            )
        return None
    try:
        verifier = _sendgrid_verifier(public_key)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        logger.error("SENDGRID_WEBHOOK_PUBLIC_KEY is not a valid public key")
        return _error(403, "The configured SendGrid verification key is not a valid key.")
    signature = request.headers.get(SENDGRID_SIGNATURE, "")
    timestamp = request.headers.get(SENDGRID_TIMESTAMP, "")
    # The helper's verify_signature takes the body as text and encodes it again; verify the
    # raw bytes instead, so any body SendGrid signed verifies.
    valid = bool(signature and timestamp)
    try:
        if valid:
            verifier.public_key.verify(
                base64.b64decode(signature, validate=True),
                timestamp.encode() + raw,
                ec.ECDSA(hashes.SHA256()),
            )
    except (InvalidSignature, ValueError, TypeError):
        valid = False
    if not valid:
        logger.warning("SendGrid event webhook with a bad signature refused")
        return _error(403, "Invalid SendGrid event webhook signature.")
    if not _fresh(timestamp):
        logger.warning("SendGrid event webhook with a stale timestamp refused (%r)", timestamp)
        return _error(403, "The SendGrid event webhook timestamp is too old or in the future.")
    return None


def _fresh(timestamp: str) -> bool:
    """Whether a signed timestamp (Unix seconds) is within the tolerance of now."""
    text = timestamp.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 12):
        return False
    return abs(time.time() - int(text)) <= SENDGRID_TIMESTAMP_TOLERANCE_SECONDS


def _events(events: list) -> dict[str, int]:
    with db.session_scope() as session:
        return delivery_events.apply_sendgrid_events(session, events).as_dict()


@router.post("/api/sendgrid/events")
async def sendgrid_events(request: Request) -> JSONResponse:
    """SendGrid's event webhook: record deliveries, bounces, drops and unsubscribes."""
    raw = await request.body()
    refused = _sendgrid_refusal(request, raw)
    if refused is not None:
        return refused
    try:
        events = json.loads(raw)
    except ValueError:
        events = None
    if not isinstance(events, list):
        return _error(400, "The body must be a JSON array of SendGrid events.")
    return JSONResponse(await run_in_threadpool(_events, events))
