"""How long hostile resume files hold a request, and what the server's memory does meanwhile.

Run: .venv/bin/python -m benchmarks.resume_bombs
"""

from __future__ import annotations

import resource
import time

from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.scoring import resumes
from tests.test_resume_sandbox import _with_parts
from tests.test_resumes import _docx


def _measure(label: str, name: str, data: bytes) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        outcome = f"read {len(resumes.extract_text(name, data))} characters"
    except Invalid as error:
        outcome = "refused: " + error.errors["resume"][:60]
    took = time.perf_counter() - started
    grew = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    print(
        f"{label:<38} {len(data) / 1024:>8.0f} KB {took * 1000:>8.0f} ms"
        f"  +{grew:>5.0f} MB  {outcome}"
    )


def main() -> None:
    plain = _docx()
    _measure("normal Word resume (cold worker)", "cv.docx", plain)
    _measure("normal Word resume (warm worker)", "cv.docx", plain)
    _measure(
        "main part named word/main.XML, 61 MB",
        "cv.docx",
        _with_parts({"word/main.XML": b"<w:t>" + b" " * (61 * 1024 * 1024) + b"</w:t>"}),
    )
    _measure(
        "300 MB word/media/image1.png",
        "cv.docx",
        _with_parts({"word/media/image1.png": b"\0" * (300 * 1024 * 1024)}),
    )


if __name__ == "__main__":
    main()
