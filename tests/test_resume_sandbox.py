"""Hostile resume files: zip bombs refused, parsers run in a limited worker, off the loop."""

from __future__ import annotations

import asyncio
import io
import time
import zipfile
from pathlib import Path

import pytest
import reflex as rx

from heymilo_app.services.common import sandbox
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.scoring import resumes
from heymilo_app.state import apply
from tests.fakes.hostile import hog_memory, sleep_long, small_allocation
from tests.support import ticks_while
from tests.test_resumes import _docx


def _with_parts(parts: dict[str, bytes], base: bytes | None = None) -> bytes:
    """A real Word file with extra parts added (deflated)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base or _docx())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def test_a_normal_word_file_is_read_in_the_worker() -> None:
    assert "Customer Support Lead" in resumes.extract_text("cv.docx", _docx())


def test_a_main_part_named_in_capitals_counts_too() -> None:
    """The check counted only names ending in '.xml'; python-docx follows _rels anywhere."""
    bomb = _with_parts({"word/main.XML": b"<w:t>" + b" " * (61 * 1024 * 1024) + b"</w:t>"})
    assert len(bomb) < 1024 * 1024
    with pytest.raises(Invalid) as error:
        resumes.extract_text("cv.docx", bomb)
    assert error.value.errors["resume"].startswith(resumes.TOO_LARGE_WORD)


def test_a_huge_image_inside_a_word_file_is_refused() -> None:
    bomb = _with_parts({"word/media/image1.png": b"\0" * (70 * 1024 * 1024)})
    with pytest.raises(Invalid) as error:
        resumes.extract_text("cv.docx", bomb)
    assert error.value.errors["resume"].startswith(resumes.TOO_LARGE_WORD)


def test_a_part_compressed_a_thousand_times_is_refused_under_the_total() -> None:
    bomb = _with_parts({"word/media/image2.png": b"\0" * (3 * 1024 * 1024)})
    with pytest.raises(Invalid):
        resumes.extract_text("cv.docx", bomb)


def test_too_many_parts_are_refused() -> None:
    bomb = _with_parts({f"word/media/p{n}.bin": b"x" for n in range(resumes.MAX_ENTRIES + 1)})
    with pytest.raises(Invalid):
        resumes.extract_text("cv.docx", bomb)


# ------------------------------------------------------------------ the worker's limits


def test_a_worker_past_its_memory_limit_fails_alone() -> None:
    pool = sandbox.Pool(size=1, memory_bytes=256 * 1024 * 1024)
    try:
        assert pool.run(small_allocation) == 16 * 1024 * 1024  # the limit leaves room to work
        with pytest.raises(sandbox.Failed) as error:
            pool.run(hog_memory)
        assert error.value.reason == "memory"
        assert pool.run(len, "still serving") == 13  # a fresh worker took its place
    finally:
        pool.close()


def test_a_worker_past_its_deadline_is_ended() -> None:
    pool = sandbox.Pool(size=1)
    try:
        pool.run(len, "warm up")
        started = time.monotonic()
        with pytest.raises(sandbox.Failed) as error:
            pool.run(sleep_long, timeout=1.0)
        assert error.value.reason == "timeout" and time.monotonic() - started < 5
    finally:
        pool.close()


def test_a_failed_parse_becomes_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_args, **_kwargs):
        raise sandbox.Failed("timeout", "the worker was ended")

    monkeypatch.setattr(resumes._POOL, "run", fail)
    with pytest.raises(Invalid) as error:
        resumes.extract_text("cv.docx", _docx())
    assert error.value.errors["resume"].startswith(resumes.NOT_IN_TIME)


def test_reading_an_upload_leaves_the_event_loop_free(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(name: str, data: bytes) -> str:
        time.sleep(0.3)
        return "text " * 20

    monkeypatch.setattr(resumes, "extract_text", slow)
    upload = rx.UploadFile(file=io.BytesIO(b"%PDF-1.7 ..."), path=Path("cv.pdf"))

    ticks, (name, text) = asyncio.run(ticks_while(apply.read_resume([upload])))
    assert ticks >= 10 and name == "cv.pdf" and text.startswith("text")


def test_a_zip_declaring_too_many_parts_is_refused_before_its_directory_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bomb = _with_parts({f"p{n}": b"" for n in range(resumes.MAX_ENTRIES + 1)})

    def never(*_args, **_kwargs):
        raise AssertionError("the directory was parsed")

    monkeypatch.setattr(resumes.zipfile, "ZipFile", never)
    started = time.monotonic()
    with pytest.raises(Invalid):
        resumes.extract_text("cv.docx", bomb)
    assert time.monotonic() - started < 0.5
