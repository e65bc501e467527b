"""The FastAPI application Reflex mounts in front of itself (``api_transformer``).

Endpoints validate at the door and hand over to services; no business rules live here.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from heymilo_app import db


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

    return api
