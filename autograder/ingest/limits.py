"""Size limits that keep one hostile or bloated upload from exhausting the grader's memory."""

from __future__ import annotations

from typing import Sequence

from autograder.ingest.model import IngestError

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


# What a submission may ask the grader to do, counted in work rather than bytes: a 300 KB zip can
# unpack to a million empty cells, or to a hundred million empty JSON lists, each far more costly
# to read than its bytes suggest. Real course notebooks are two orders of magnitude below these.
MAX_CELLS = 10_000
"""Cells of any kind in one notebook."""

MAX_JSON_CONTAINERS = 1_000_000
"""JSON objects and arrays in one notebook file (outside strings), outputs included."""

MAX_JSON_SEPARATORS = 10_000_000
"""Commas and colons in one notebook file (outside strings): about the number of values in it."""

MAX_CODE_CHARS = 8 * 1024 * 1024
"""Characters of code, all code cells together (or the whole ``.py`` script)."""

MAX_CODE_LINES = 100_000
"""Lines of code, all code cells together (or the whole ``.py`` script)."""

MAX_ZIP_MEMBERS = 10_000
"""Files in a submitted zip: the notebook, perhaps some data, never a whole dataset."""

MAX_ZIP_DIRECTORY_BYTES = 4 * 1024 * 1024
"""A submitted zip's table of contents (its central directory), which is parsed whole when it is opened."""


def check_code_volume(name: str, sources: Sequence[str] = (), *, cells: int = 0) -> None:
    """Refuse (:class:`IngestError`) a submission with more cells, characters or lines of code than any needs.

    Lines are counted the way they are later split (``\\r`` and ``\\r\\n`` become line breaks too).
    """
    chars = sum(map(len, sources))
    lines = sum(source.count("\n") + source.count("\r") + 1 for source in sources)
    for count, limit, what in ((cells, MAX_CELLS, "cells"), (chars, MAX_CODE_CHARS, "characters of code"),
                               (lines, MAX_CODE_LINES, "lines of code")):
        if count > limit:
            raise IngestError(
                f"{name} has more than {limit:,} {what}, far more than this assignment needs, so it was not "
                "graded. Submit the notebook you worked in, without generated or pasted bulk."
            )
