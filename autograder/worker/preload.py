"""What the zygote imports before it forks: only what grading the assignment uses.

Imports done in the zygote are paid once per worker and shared by every child; imports a child
does itself are paid per submission, counted in its time. But each one also delays the worker's
start, which is what a student waits for on Gradescope (a fresh container per submission):
``matplotlib.pyplot`` takes 0.3-0.6 s; the first optimizer step 1-2 s (it imports
``torch._dynamo``); the first ``backward`` or ``autograd.grad`` given an explicit gradient 0.3-1 s
(it imports ``torch.fx.experimental.symbolic_shapes``, and with it sympy). So the zygote preloads
each one only for an assignment whose notebook or tests (whose helpers run in the worker) use it.

This module is read by the grader before anything heavy is imported; it imports nothing but the
standard library.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograder.assignment import Assignment

ENVIRONMENT = "AUTOGRADER_PRELOAD"
MATPLOTLIB = "matplotlib"
OPTIMIZER = "optimizer"
GRADIENTS = "gradients"
KNOWN = (MATPLOTLIB, OPTIMIZER, GRADIENTS)

_USES = {
    MATPLOTLIB: re.compile(r"\bmatplotlib\b|\bplt\."),
    OPTIMIZER: re.compile(r"\btorch\.optim\b|\boptim\.[A-Z]|\bfrom torch import optim\b"),
    GRADIENTS: re.compile(r"\.backward\(\s*[^)\s]|\bgrad_outputs\b|\bautograd\.grad\("),
}


def for_assignment(assignment: "Assignment") -> tuple[str, ...]:
    """The preloads grading ``assignment`` calls for: what its notebook's code and its tests' source use."""
    sources = [assignment.notebook_path]
    for folder in assignment.test_paths():
        sources += sorted(folder.rglob("*.py"))
    found: set[str] = set()
    for path in sources:
        found.update(_uses(path))
    return tuple(name for name in KNOWN if name in found)


def for_notebook(path: Path) -> tuple[str, ...]:
    """The preloads the code cells of the notebook at ``path`` call for (none when it cannot be read)."""
    return tuple(name for name in KNOWN if name in _uses(path))


def _uses(path: Path) -> tuple[str, ...]:
    try:
        stamp = os.stat(path).st_mtime_ns
    except OSError:
        return ()
    return _uses_cached(str(path), stamp)


@lru_cache(maxsize=256)
def _uses_cached(path: str, stamp: int) -> tuple[str, ...]:
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ()
    if path.endswith(".ipynb"):
        try:
            cells = json.loads(text).get("cells", [])
        except (ValueError, AttributeError):
            return ()
        text = "\n".join("".join(c.get("source", "")) if isinstance(c.get("source"), list) else str(c.get("source", ""))
                         for c in cells if isinstance(c, dict) and c.get("cell_type") == "code")
    return tuple(name for name in KNOWN if _USES[name].search(text))


FONT_CACHE_ENVIRONMENT = "AUTOGRADER_FONT_CACHE"  # "FD NAME": an open file with matplotlib's font list
FONT_CACHE_NAME = re.compile(r"fontlist-v[0-9][0-9a-z.]*\.json")
FONT_CACHE_LIMIT = 4 * 1024 * 1024


def font_cache() -> Path | None:
    """This user's matplotlib font list (where ``matplotlib.get_cachedir`` keeps it), the newest if several.

    The zygote starts with an empty private folder for matplotlib: given this file, pyplot's import
    skips scanning the fonts again (0.1 s). A file of another matplotlib version is rebuilt, as without it.
    """
    try:
        configured = os.environ.get("MPLCONFIGDIR")
        cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = Path(configured) if configured else Path(cache) / "matplotlib"
        found = [p for p in folder.glob("fontlist-v*.json") if FONT_CACHE_NAME.fullmatch(p.name) and p.is_file()]
        return max(found, key=lambda p: p.stat().st_mtime) if found else None
    except (OSError, RuntimeError):  # no home, an unreadable folder: the zygote scans the fonts itself
        return None


def encode(preloads: tuple[str, ...] | list[str]) -> str:
    return ",".join(name for name in preloads if name in KNOWN)


def decode(text: str | None) -> tuple[str, ...]:
    return tuple(name for name in (text or "").split(",") if name in KNOWN)
