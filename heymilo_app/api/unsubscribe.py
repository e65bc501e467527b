"""One-click unsubscribe for mail clients (RFC 8058): ``POST /api/unsubscribe/{token}``.

Emails name this URL in ``List-Unsubscribe`` with ``List-Unsubscribe-Post:
List-Unsubscribe=One-Click``; a mail client's "Unsubscribe" button POSTs
``List-Unsubscribe=One-Click`` to it. A GET (a person, or a scanner following the link) changes
nothing and is sent to the page that asks to confirm.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse

from heymilo_app import db, routes
from heymilo_app.services.common.errors import NotFound
from heymilo_app.services.pipeline import unsubscribes

router = APIRouter()


def _unsubscribe(token: str) -> bool:
    with db.session_scope() as session:
        try:
            unsubscribes.unsubscribe(session=session, token=token)
        except NotFound:
            return False
    return True


@router.post("/api/unsubscribe/{token}")
async def one_click(token: str) -> JSONResponse:
    """Stop reminder emails (the body, ``List-Unsubscribe=One-Click``, is not needed)."""
    if not await run_in_threadpool(_unsubscribe, token):
        return JSONResponse({"error": "Unknown link."}, status_code=404)
    return JSONResponse({"unsubscribed": True})


@router.get("/api/unsubscribe/{token}")
def page(token: str) -> RedirectResponse:
    """The page that asks to confirm (following a link never unsubscribes)."""
    return RedirectResponse(routes.unsubscribe(token), status_code=303)
