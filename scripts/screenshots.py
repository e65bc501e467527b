"""Take screenshots of the app's pages at phone and laptop widths, to look at them.

Usage: .venv/bin/python scripts/screenshots.py [BASE_URL] [OUT_DIR]
Logs in as the demo recruiter (seeded by `make run`) and saves one PNG per page and width.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def main() -> None:
    """Log in and capture every recruiter page and the login page."""
    base = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:3000"
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "test-artifacts/screens")
    out.mkdir(parents=True, exist_ok=True)
    extra = sys.argv[3:]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for width in (390, 1280):
            page = browser.new_page(viewport={"width": width, "height": 900})
            for name in ("login", "signup"):
                page.goto(f"{base}/{name}")
                page.wait_for_timeout(1500)
                page.screenshot(path=out / f"{name}-{width}.png", full_page=True)
            page.goto(f"{base}/login")
            page.fill("#field-email", "recruiter@example.com")
            page.fill("#field-password", "demo-recruiter-pass")
            page.click("#login-submit")
            page.wait_for_url(re.compile(r".*/jobs/?$"))
            for path in ["jobs", "candidates", "dashboard", "settings", *extra]:
                page.goto(f"{base}/{path}")
                page.wait_for_timeout(1500)
                page.screenshot(path=out / f"{path.replace('/', '_')}-{width}.png", full_page=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
