"""Writing JSON the way a grader must: never half a file, never NaN."""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any


def finite(value: Any) -> Any:
    """Replace NaN and infinities (which JSON cannot carry) with 0 and tuples with lists, recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else 0.0
    if isinstance(value, dict):
        return {str(k): finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


TEMPORARY_PREFIX_CHARS = 40


def write_text_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename: readers see old or new, never a mix.

    The temporary name holds at most the first 40 characters of the file's, so it is never longer
    than the name itself may be. Lone surrogates (from file names that are not UTF-8) are written as
    ``\\udcXX`` escapes instead of failing the write.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{path.name[:TEMPORARY_PREFIX_CHARS]}."
    descriptor, temporary = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", errors="backslashreplace", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_json_atomic(path: Path, data: Any) -> None:
    """Atomic, and strict JSON: NaN and infinities are replaced before they can reach the file."""
    write_text_atomic(path, json.dumps(finite(data), indent=2, allow_nan=False, ensure_ascii=False) + "\n")
