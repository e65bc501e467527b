"""Reflex configuration. Every value comes from settings.py (environment variables)."""

import reflex as rx

from heymilo_app.settings import get_settings

_settings = get_settings()

config = rx.Config(
    app_name="heymilo_app",
    telemetry_enabled=False,
    # Reflex's own state manager: in-process by default, Redis when REDIS_URL is set.
    redis_url=_settings.redis_url or None,
    show_built_with_reflex=False,
    # CORS and the websocket answer only pages of PUBLIC_BASE_URL's origin (and
    # EXTRA_ALLOWED_ORIGINS); Reflex's default is any origin.
    cors_allowed_origins=list(_settings.allowed_origins),
    plugins=[
        rx.plugins.SitemapPlugin(),
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(
                appearance="light", accent_color="indigo", gray_color="slate", radius="medium"
            )
        ),
    ],
)
