"""Size limits that keep one hostile or bloated upload from exhausting the grader's memory."""

from __future__ import annotations

MAX_SUBMISSION_BYTES = 512 * 1024 * 1024
"""Largest file accepted, and the most bytes ever decompressed from a zip."""


def describe_size(n_bytes: int) -> str:
    """A size the way a student reads it: ``"0 bytes"``, ``"12.3 KB"``, ``"600 MB"``."""
    if n_bytes < 1024:
        return f"{n_bytes} byte" + ("" if n_bytes == 1 else "s")
    for unit in ("KB", "MB", "GB"):
        n_bytes /= 1024
        if n_bytes < 1024 or unit == "GB":
            return f"{n_bytes:.1f} {unit}" if n_bytes < 10 else f"{n_bytes:.0f} {unit}"
    raise AssertionError("unreachable")
