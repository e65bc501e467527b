"""The FastAPI application Reflex mounts in front of itself (``api_transformer``).

Endpoints validate at the door and hand over to services; no business rules live here.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from heymilo_app import db
from heymilo_app.api import ats, guard, provider_webhooks, unsubscribe
from heymilo_app.api import session as login_cookie
from heymilo_app.services.common.errors import NotFound
from heymilo_app.services.intake import job_board
from heymilo_app.services.org import logos
from heymilo_app.services.pipeline import journey

# Pydantic names the branch of a union in an error's location ("job.int"): not a field.
TYPE_TAGS = {"str", "int", "float", "bool", "list", "dict", "none"}


CANDIDATE_LINK = re.compile(r"^/i/([A-Za-z0-9_-]{1,64})/?$")
APPLY_PAGE = re.compile(r"^/apply/([^/]{1,200})/?$")


def _link_status(token: str) -> int:
    with db.session_scope() as session:
        return journey.link_http_status(session=session, token=token)


def _apply_status(slug: str) -> int:
    """200 for a job that takes applications, 404 for any other slug (the page says so)."""
    with db.session_scope(write=False) as session:
        try:
            job_board.public_job(session=session, slug=unquote(slug))
        except NotFound:
            return 404
    return 200


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

    # Security headers on every answer and body caps on every request, pages included
    # (Reflex is mounted inside this app).
    api.add_middleware(guard.Guard)
    api.include_router(ats.router)

    @api.middleware("http")
    async def candidate_link_status(request: Request, call_next):
        """Give a candidate link's page the status of its link (404 unknown, 410 gone), and a
        job board page 404 for a job that takes no applications."""
        response = await call_next(request)
        if request.method == "GET" and response.status_code == 200:
            if match := CANDIDATE_LINK.match(request.url.path):
                response.status_code = await run_in_threadpool(_link_status, match.group(1))
            elif match := APPLY_PAGE.match(request.url.path):
                response.status_code = await run_in_threadpool(_apply_status, match.group(1))
        return response

    api.include_router(provider_webhooks.router)
    api.include_router(unsubscribe.router)
    api.include_router(login_cookie.router)

    @api.exception_handler(RequestValidationError)
    def invalid_body(_request, error: RequestValidationError) -> JSONResponse:
        """422 with each field named the way the body spells it."""
        details = []
        for item in error.errors():
            field = ".".join(str(p) for p in item["loc"] if p != "body" and p not in TYPE_TAGS)
            detail = {"field": field, "message": item["msg"]}
            if detail not in details:
                details.append(detail)
        return JSONResponse({"detail": details}, status_code=422)

    @api.get("/api/health")
    def health() -> JSONResponse:
        """Report whether the app and its database answer."""
        if db.ping():
            return JSONResponse({"status": "ok", "database": "ok"})
        return JSONResponse({"status": "error", "database": "down"}, status_code=503)

    @api.get("/api/logos/{organization_id}/{name}")
    def logo(organization_id: int, name: str) -> Response:
        """Serve an organization's logo; SVGs can never run anything."""
        found = logos.logo_file(organization_id, name)
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
