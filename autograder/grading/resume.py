"""Resuming a batch: which results files already grade what is in front of us.

A results file is reused when it records the same submission content (its sha256) and the same
``suite_version`` (grader, tests, reference and limits), and the grader did not fail on it. Results
are written atomically, so after any interruption, even ``kill -9``, a file is either complete or
absent; only hidden temporaries can be left, and :func:`remove_stale_temporaries` sweeps them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from autograder.report.jsonfile import write_json_atomic


def load_results(path: Path) -> dict[str, Any] | None:
    """A results file, or None if it is missing or unreadable (then it is simply graded again)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def reusable(results: dict[str, Any] | None, *, sha256: str, suite_version: str) -> bool:
    if not results:
        return False
    extra = results.get("extra_data") or {}
    return (extra.get("suite_version") == suite_version
            and (extra.get("submission") or {}).get("sha256") == sha256
            and not extra.get("grader_errors"))


def refresh_metadata(path: Path, results: dict[str, Any], metadata: dict[str, Any]) -> dict[str, Any]:
    """Who submitted can change without the work changing (a partner added on Gradescope): record it, no regrade."""
    extra = results.setdefault("extra_data", {})
    if extra.get("metadata", {}) != metadata:
        extra["metadata"] = metadata
        write_json_atomic(path, results)
    return results


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete the ``.NAME.XXXX.tmp`` files an interrupted atomic write leaves (in the folder and its feedback/)."""
    removed = []
    for place in (Path(folder), Path(folder) / "feedback"):
        if place.is_dir():
            for leftover in place.glob(".*.tmp"):
                leftover.unlink(missing_ok=True)
                removed.append(leftover)
    return removed
