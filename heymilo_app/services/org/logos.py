"""Logos: uploaded files checked by their bytes, stored, and served.

Logos are checked by their bytes, not their names: PNG and JPEG by signature, SVG parsed safely
(defusedxml) and rebuilt from an allowlist of drawing elements and attributes, so no script,
event handler, external reference or embedded document survives. Files live under
``DATA_DIR/logos`` and are served by the API with a strict content security policy.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from xml.etree import ElementTree

from defusedxml import ElementTree as SafeElementTree
from sqlmodel import Session

from heymilo_app.models import Branding, User
from heymilo_app.services.common.access import require_recruiter
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.org import branding as org_branding
from heymilo_app.settings import get_settings

MAX_LOGO_BYTES = 2 * 1024 * 1024
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "svg": "image/svg+xml"}


# ---------------------------------------------------------------- logos

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
SVG_ELEMENTS = {
    "svg",
    "g",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "defs",
    "lineargradient",
    "radialgradient",
    "stop",
    "title",
    "desc",
    "clippath",
    "mask",
    "symbol",
    "use",
}
SVG_ATTRIBUTES = {
    "viewbox",
    "width",
    "height",
    "x",
    "y",
    "x1",
    "x2",
    "y1",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "d",
    "points",
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-opacity",
    "stroke-dasharray",
    "opacity",
    "transform",
    "font-family",
    "font-size",
    "font-weight",
    "text-anchor",
    "offset",
    "stop-color",
    "stop-opacity",
    "gradientunits",
    "gradienttransform",
    "clip-path",
    "mask",
    "id",
    "preserveaspectratio",
    "version",
    "clip-rule",
    "href",
    "dominant-baseline",
    "letter-spacing",
}
_URL_REF = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE)


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _safe_value(value: str) -> bool:
    lowered = value.lower()
    if "javascript:" in lowered or "expression(" in lowered or "data:" in lowered:
        return False
    return all(target.startswith("#") for _, target in _URL_REF.findall(value))


def sanitize_svg(data: bytes) -> bytes:
    """Rebuild an SVG from allowed drawing elements and attributes only.

    Args:
        data: The uploaded file.

    Returns:
        A clean SVG document.

    Raises:
        Invalid: When the file is not a readable SVG.
    """
    try:
        root = SafeElementTree.fromstring(data)
    except Exception:
        raise Invalid({"logo": "This SVG file could not be read."}) from None
    if _local_name(root.tag) != "svg":
        raise Invalid({"logo": "This file is not an SVG image."})

    def rebuild(element: ElementTree.Element) -> ElementTree.Element | None:
        name = _local_name(element.tag)
        if name not in SVG_ELEMENTS:
            return None
        clean = ElementTree.Element(f"{{{SVG_NS}}}{name}")
        for key, value in element.attrib.items():
            attribute = _local_name(key)
            if attribute not in SVG_ATTRIBUTES or not _safe_value(value):
                continue
            if attribute == "href":
                if not value.startswith("#"):
                    continue
                clean.set(f"{{{XLINK_NS}}}href", value)
                continue
            clean.set(attribute, value)
        clean.text = element.text if name in ("text", "tspan", "title", "desc") else None
        for child in element:
            rebuilt = rebuild(child)
            if rebuilt is not None:
                rebuilt.tail = child.tail if name in ("text", "tspan") else None
                clean.append(rebuilt)
        return clean

    ElementTree.register_namespace("", SVG_NS)
    ElementTree.register_namespace("xlink", XLINK_NS)
    return ElementTree.tostring(rebuild(root), encoding="utf-8", xml_declaration=True)


def _logo_kind(filename: str, data: bytes) -> str:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    head = data[:2048].lstrip().lower()
    if filename.lower().endswith(".svg") or head.startswith((b"<?xml", b"<svg", b"<!--")):
        return "svg"
    raise Invalid({"logo": "Upload a PNG, JPEG or SVG image."})


def logo_dir() -> Path:
    """The folder logos are kept in.

    Returns:
        The path (created when missing).
    """
    path = Path(get_settings().data_dir) / "logos"
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_logo(*, session: Session, user: User, filename: str, data: bytes) -> Branding:
    """Check and store a new logo for the acting recruiter's organization.

    Args:
        session: Database session.
        user: The acting recruiter.
        filename: The uploaded file's name.
        data: Its bytes.

    Returns:
        The branding with the new logo.

    Raises:
        Invalid: For an empty, too large or unsupported file; the old logo stays.
    """
    require_recruiter(user)
    if not data:
        raise Invalid({"logo": "The file is empty."})
    if len(data) > MAX_LOGO_BYTES:
        raise Invalid({"logo": "The logo must be 2 MB or smaller."})
    kind = _logo_kind(filename or "", data)
    if kind == "svg":
        data = sanitize_svg(data)
    name = f"{hashlib.sha256(data).hexdigest()[:20]}.{kind}"
    target = logo_dir() / f"{user.organization_id}-{name}"
    target.write_bytes(data)
    branding = org_branding.get_branding(session=session, organization_id=user.organization_id)
    branding.logo_path = name
    session.commit()
    return branding


def remove_logo(*, session: Session, user: User) -> Branding:
    """Remove the organization's logo (its name shows instead).

    Args:
        session: Database session.
        user: The acting recruiter.

    Returns:
        The branding.
    """
    require_recruiter(user)
    branding = org_branding.get_branding(session=session, organization_id=user.organization_id)
    branding.logo_path = ""
    session.commit()
    return branding


def logo_file(organization_id: int, name: str) -> tuple[Path, str] | None:
    """The stored file of a logo and its content type, for the API to serve.

    Args:
        organization_id: The organization.
        name: The logo's file name as in its URL.

    Returns:
        (path, content type), or None for anything that is not a stored logo.
    """
    if not re.fullmatch(r"[0-9a-f]{20}\.(png|jpg|svg)", name or ""):
        return None
    path = logo_dir() / f"{int(organization_id)}-{name}"
    if not path.is_file():
        return None
    return path, CONTENT_TYPES[name.rsplit(".", 1)[1]]


def logo_url(branding: Branding) -> str:
    """Where the organization's logo is served, or "" when it has none.

    Args:
        branding: The organization's branding.

    Returns:
        A URL path.
    """
    if not branding.logo_path:
        return ""
    return f"/api/logos/{branding.organization_id}/{branding.logo_path}"
