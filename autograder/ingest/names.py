"""Turn names a student controls (file names, zip members, metadata keys) into safe file names.

A submission's name becomes the name of its results and feedback files. Left as is, a name can
climb out of the output folder (``../../x``, ``/tmp/x``), be too long for the filesystem (the
atomic writer's temporary name then fails and, before this module, the whole batch with it), hide
itself (``.x``), look like an option (``-o``), carry control characters, or differ from another
only by case or Unicode normalisation (``Alice`` and ``alice``, ``é`` as one code point or two),
which is the same file on macOS and Windows disks. Each name here becomes one path component
that avoids all of that; the original text is kept elsewhere for display.
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path
from typing import Iterable

MAX_COMPONENT_BYTES = 96
"""Room for ``.NAME.json.XXXXXXXX.tmp`` (and a ``-NN`` suffix) well inside the usual 255-byte limit."""

FALLBACK = "submission"
_KEPT_PUNCTUATION = frozenset("-_.+@,()[]")
_DIGEST_CHARS = 8


def safe_component(name: str, *, max_bytes: int = MAX_COMPONENT_BYTES) -> str:
    """One path component with only letters, digits, marks and a little punctuation, at most ``max_bytes``.

    Everything else (separators, control and format characters, the lone surrogates that stand
    for undecodable bytes, spaces)
    becomes ``_``; a leading ``.`` or ``-`` gets a ``_`` in front, so the name is never hidden,
    ``.``/``..``, or read as an option. A name cut to fit ends with a digest of the whole, so
    long names that share a beginning stay distinct.
    """
    text = unicodedata.normalize("NFC", "".join(ch if _kept(ch) else "_" for ch in name))
    cleaned = text or FALLBACK
    if cleaned[0] in ".-":
        cleaned = "_" + cleaned
    if len(cleaned.encode("utf-8")) <= max_bytes:
        return cleaned
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:_DIGEST_CHARS]
    return _cut_to_bytes(cleaned, max_bytes - _DIGEST_CHARS - 1) + "~" + digest


def fold(name: str) -> str:
    """The form two names share when a filesystem would treat them as one (case and normalisation)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())


def numbered(name: str, number: int) -> str:
    """``name-NUMBER``, cut so that it still fits :data:`MAX_COMPONENT_BYTES`."""
    suffix = f"-{number}"
    return _cut_to_bytes(name, MAX_COMPONENT_BYTES - len(suffix)) + suffix


def unique_components(names: Iterable[str]) -> list[str]:
    """:func:`safe_component` of each name, numbered (``-2``, ``-3``...) where two would fold to the same file."""
    taken: set[str] = set()
    unique = []
    for name in names:
        base = candidate = safe_component(name)
        number = 2
        while fold(candidate) in taken:
            candidate, number = numbered(base, number), number + 1
        taken.add(fold(candidate))
        unique.append(candidate)
    return unique


def path_inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing (ValueError) any name that is not one component resolving inside ``folder``."""
    folder = Path(folder)
    target = folder / name
    if name in ("", ".", "..") or "/" in name or "\0" in name:
        raise ValueError(f"{name!r} is not a single file name")
    root = folder.resolve()
    if target.resolve().parent != root:
        raise ValueError(f"{name!r} would be written outside {root}")
    return target


def _kept(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] in "LNM" or ch in _KEPT_PUNCTUATION


def _cut_to_bytes(text: str, limit: int) -> str:
    """The longest prefix of ``text`` whose UTF-8 form fits ``limit`` bytes, never splitting a character."""
    return text.encode("utf-8")[:max(limit, 1)].decode("utf-8", "ignore") or "_"
