"""The FastAPI application Reflex mounts in front of itself (``api_transformer``).

Endpoints validate at the door and hand over to services; no business rules live here.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import FileResponse, JSONResponse, Response

from heymilo_app import db
from heymilo_app.services import branding


def create_api() -> FastAPI:
    """Build the HTTP API.

    Returns:
        The FastAPI application with every route under ``/api``.
    """
    api = FastAPI(
        title="HeyMilo-style interviewing API",
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        redoc_url=None,
    )

    @api.get("/api/health")
    def health() -> JSONResponse:
        """Report whether the app and its database answer."""
        if db.ping():
            return JSONResponse({"status": "ok", "database": "ok"})
        return JSONResponse({"status": "error", "database": "down"}, status_code=503)

    @api.get("/api/logos/{organization_id}/{name}")
    def logo(organization_id: int, name: str) -> Response:
        """Serve an organization's logo; SVGs can never run anything."""
        found = branding.logo_file(organization_id, name)
        if found is None:
            return JSONResponse({"detail": "Not found"}, status_code=404)
        path, content_type = found
        return FileResponse(
            path,
            media_type=content_type,
            headers={
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
                "X-Content-Type-Options": "nosniff",
                "Cache-Control": "public, max-age=31536000, immutable",
            },
        )

    return api
