"""What a hostile file makes a parser do, as functions a sandbox worker can import cheaply."""

from __future__ import annotations

import time


def hog_memory() -> int:
    """Try to hold 2 GB."""
    blocks = [bytearray(64 * 1024 * 1024) for _ in range(32)]
    return len(blocks)


def sleep_long() -> int:
    """Take far longer than allowed."""
    time.sleep(30)
    return 1


def small_allocation() -> int:
    """Hold 16 MB: well within the limit."""
    return len(bytearray(16 * 1024 * 1024))
