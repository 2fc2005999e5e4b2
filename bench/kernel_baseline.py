"""Baseline (c): each notebook executed by nbclient in a fresh Jupyter kernel, then graded inside it.

This is what ``otter run`` and nbgrader's autograde do per submission: start a kernel, run every
cell (the notebook imports torch again), run the checks in the kernel, shut it down. The time
per submission is measured from before the kernel starts to after it has stopped.
"""

from __future__ import annotations

import json
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import nbformat
from nbclient import NotebookClient

from autograder.assignment import Assignment

REPO = Path(__file__).resolve().parent.parent
MARKER = "BENCH-RESULT "
CELL_TIMEOUT = 600

GRADING_CELL = """\
import json as _bench_json, sys as _bench_sys
_bench_sys.path.insert(0, {repo!r})
from bench.in_kernel import grade_here as _bench_grade_here
print({marker!r} + _bench_json.dumps(_bench_grade_here({name!r}, {root!r}, globals())))
"""


@dataclass(frozen=True)
class KernelRun:
    source: str
    seconds: float
    score: float | None
    max_score: float | None
    checks_seconds: float | None   # the in-kernel pytest run alone
    error: str | None = None


@contextmanager
def kernel_environment() -> Iterator[None]:
    """Kernels inherit this: ``check()`` cells do nothing (as in our worker) and torch uses one thread (as ours)."""
    wanted = {"AUTOGRADER_WORKER": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "MPLBACKEND": "Agg"}
    saved = {key: os.environ.get(key) for key in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def grade_in_fresh_kernel(assignment: Assignment, notebook_path: Path, workdir: Path) -> KernelRun:
    """Start a kernel, run the notebook and then the grading cell in it, stop the kernel."""
    started = time.perf_counter()
    try:
        notebook = nbformat.read(notebook_path, as_version=4)
        notebook.cells.append(nbformat.v4.new_code_cell(GRADING_CELL.format(
            repo=str(REPO), marker=MARKER, name=assignment.name, root=str(assignment.root))))
        client = NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3", allow_errors=True,
                                resources={"metadata": {"path": str(workdir)}})
        client.execute()
    except Exception as error:  # noqa: BLE001 - a failed baseline run is reported, not fatal
        return KernelRun(str(notebook_path), time.perf_counter() - started, None, None, None,
                         f"{type(error).__name__}: {error}"[:300])
    seconds = time.perf_counter() - started
    result = _grading_output(notebook.cells[-1])
    if result is None:
        return KernelRun(str(notebook_path), seconds, None, None, None, "the grading cell printed no result")
    return KernelRun(str(notebook_path), seconds, float(result["score"]), float(result["max_score"]),
                     float(result["seconds"]))


def _grading_output(cell: dict) -> dict | None:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            for line in output.get("text", "").splitlines():
                if line.startswith(MARKER):
                    return json.loads(line[len(MARKER):])
        if output.get("output_type") == "error":
            return None
    return None
