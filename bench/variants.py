"""The class to grade: enough submissions per assignment, made from its examples and its mutants.

A real class hands in many different notebooks; we have a few examples (correct, partly wrong,
untouched, unreadable) and a dozen mutants (one deliberate bug each) per assignment. A student
hands in the whole notebook, demos and plots included, so a mutant becomes the correct example
with the mutant's definitions in cells after it: the notebook's own work is the same as a real
one's, and the mutant's definitions are the ones graded. Each variant is one of those with a
comment naming its number, so every file has its own hash (nothing can be cached or deduplicated
by content) while grading it does the same work as the original.
"""

from __future__ import annotations

import ast
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from autograder.assignment import Assignment

FUTURE_IMPORT = "from __future__ import annotations"


@dataclass(frozen=True)
class Variant:
    path: Path
    origin: str       # what it was made from, relative to the assignment folder
    readable: bool    # a notebook nbformat can read: the kernel-based baseline can run it


@dataclass(frozen=True)
class _Original:
    origin: str
    notebook: dict | None   # parsed notebook JSON, or None for a file that does not parse
    raw: bytes


def originals(assignment: Assignment) -> list[_Original]:
    """The examples as they are, then every mutant turned into a notebook."""
    found = []
    for path in sorted(assignment.examples.glob("*.ipynb")):
        raw = path.read_bytes()
        try:
            notebook = json.loads(raw)
        except ValueError:
            notebook = None
        found.append(_Original(f"examples/{path.name}", notebook, raw))
    correct = next((o.notebook for o in found if o.origin == "examples/correct.ipynb" and o.notebook), None)
    for path in sorted(assignment.mutants.glob("*.py")):
        notebook = script_to_notebook(path.read_text())
        if correct is not None:
            notebook = {**correct, "cells": correct["cells"] + notebook["cells"]}
        found.append(_Original(f"mutants/{path.name}", notebook, b""))
    return found


def script_to_notebook(source: str) -> dict:
    """One code cell per top-level definition (imports and constants together), as a student's notebook has.

    Every cell compiles on its own, so each one keeps the script's ``from __future__`` import.
    """
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    future = any(isinstance(node, ast.ImportFrom) and node.module == "__future__" for node in tree.body)
    cells: list[str] = []
    preamble: list[str] = []
    for node in tree.body:
        start = (node.decorator_list[0].lineno if getattr(node, "decorator_list", None) else node.lineno) - 1
        text = "".join(lines[start:node.end_lineno])
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            continue
        if isinstance(node, ast.Expr) and isinstance(getattr(node, "value", None), ast.Constant) and not cells and not preamble:
            continue  # the module docstring: prose, not code
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if preamble:
                cells.append("".join(preamble))
                preamble = []
            cells.append(text)
        else:
            preamble.append(text + ("" if text.endswith("\n") else "\n"))
    if preamble:
        cells.append("".join(preamble))
    if future:
        cells = [f"{FUTURE_IMPORT}\n{cell}" for cell in cells]
    return {
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                     "language_info": {"name": "python"}},
        "cells": [{"cell_type": "markdown", "id": "mutant-intro", "metadata": {}, "source": "## My revised solution"}]
        + [{"cell_type": "code", "id": f"mutant-{i}", "metadata": {}, "execution_count": None, "outputs": [],
            "source": cell.rstrip("\n")} for i, cell in enumerate(cells)],
    }


def _with_marker(original: _Original, number: int) -> bytes:
    """The original with a harmless comment naming the variant: same behaviour, a different hash."""
    marker = f"# submission {number:04d}, a variant of {original.origin}\n"
    if original.notebook is None:  # unreadable stays unreadable; trailing spaces change its bytes only
        return original.raw + b" " * (number + 1)
    notebook = json.loads(json.dumps(original.notebook))
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            cell["source"] = marker + source
            break
    else:
        notebook.setdefault("cells", []).append({"cell_type": "code", "metadata": {}, "execution_count": None,
                                                 "outputs": [], "source": marker})
    return (json.dumps(notebook, indent=1) + "\n").encode()


def make_class(assignment: Assignment, folder: Path, count: int) -> list[Variant]:
    """``count`` submissions in ``folder`` (emptied first), cycling through the originals in order."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    pool = originals(assignment)
    if not pool:
        return []
    variants = []
    for number in range(count):
        original = pool[number % len(pool)]
        path = folder / f"student_{number:04d}.ipynb"
        path.write_bytes(_with_marker(original, number))
        variants.append(Variant(path, original.origin, original.notebook is not None))
    return variants


def baseline_sample(variants: list[Variant], size: int) -> list[Variant]:
    """The first ``size`` readable variants: the same mix of originals as the whole class, in order."""
    return [v for v in variants if v.readable][:size]
