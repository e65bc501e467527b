"""Pick each provider from the settings: the real service with keys, the offline outbox without."""

from __future__ import annotations

import logging

from heymilo_app.providers.email import Mailer, OfflineMailer, SendGridMailer
from heymilo_app.providers.sms import OfflineSms, SmsSender, TwilioSms
from heymilo_app.settings import get_settings

logger = logging.getLogger(__name__)


def get_mailer() -> Mailer:
    """SendGrid with ``SENDGRID_API_KEY``, else the offline outbox.

    Returns:
        The mailer.
    """
    settings = get_settings()
    if settings.email_offline:
        return OfflineMailer()
    return SendGridMailer(
        api_key=settings.sendgrid_api_key,
        host=settings.sendgrid_api_host,
        timeout=settings.provider_timeout_seconds,
    )


def get_sms() -> SmsSender:
    """Twilio with its three settings, else the offline outbox.

    Returns:
        The SMS sender.
    """
    settings = get_settings()
    if settings.sms_offline:
        return OfflineSms()
    return TwilioSms(
        account_sid=settings.twilio_account_sid,
        auth_token=settings.twilio_auth_token,
        from_number=settings.twilio_from_number,
        base_url=settings.twilio_api_base,
        timeout=settings.provider_timeout_seconds,
    )
