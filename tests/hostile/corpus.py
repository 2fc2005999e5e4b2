"""The hostile corpus: each case's submission, what it must score, and the checks every grading must pass.

A case is a folder ``cases/NAME`` holding the submitted file and ``expected.yaml``:

    about: what the submission does, and what must happen     (required)
    score: 7                       the total, on a machine without CUDA                  (required)
    tests: {test_scale_small: 0}   points of a test function, all its device variants together;
                                   a test not listed earns full points (or none: ``others: zero``)
    output: {test_scale_small: ["did not finish", ["memory limit", "time limit"]]}
                                   substrings that test's message must contain (a list: any one of them)
    top_output: ["SystemExit"]     substrings the message about the whole submission must contain
    forbidden: ["PASSED"]          substrings that must appear nowhere in results.json
    host_paths_absent: [/tmp/x]    files the submission tries to create outside its sandbox
    runs: 2                        grade it this many times: scores and messages must be identical
    grader_mb: 300                 how far the grader's resident memory may grow while grading it (Linux)
    generate: huge_outputs         the submission is built at test time (see GENERATORS)
    with_cuda: {score: .., tests: .., output: ..}   what changes where a CUDA device exists
    needs: {unprivileged: why}     layers the outcome relies on; a worker without them skips the
                                   case (see LAYERS)
"""

from __future__ import annotations

import json
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import nbformat
import pytest
import torch
import yaml

from autograder.assignment import Assignment, load_assignment
from autograder.grading.grade import grade_submission
from autograder.report.jsonfile import write_json_atomic
from autograder.report.results import GradedSubmission, build_results
from autograder.report.schema import validation_errors
from autograder.worker.pool import Worker
from autograder.worker.session import Session

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CASES = HERE / "cases"
COURSE = REPO / "tests" / "fixtures" / "course"
SUBMISSION_NAMES = ("submission.ipynb", "submission.py", "submission.zip")
KEYS = {"about", "score", "tests", "others", "output", "top_output", "forbidden", "host_paths_absent", "runs",
        "generate", "with_cuda", "needs", "grader_mb"}
# What a case may rely on, each recognised in the protections a worker reports.
LAYERS = {
    "bubblewrap": lambda protections: any(p.startswith("bubblewrap") for p in protections),
    "filesystem": lambda protections: any(p.startswith(("bubblewrap", "landlock")) for p in protections),
    "unprivileged": lambda protections: "unprivileged uid" in protections,
}
# Grading may take the submission's own budget plus this: forking, the last sweep, writing results.
OVERHEAD_SECONDS = 10.0
# Every case: nothing of the grader's internals or of a crash ever reaches the student.
ALWAYS_FORBIDDEN = ("Traceback (most recent call last)", "internal error")


def toy_assignment() -> Assignment:
    return load_assignment("toy", root=COURSE)


def corpus_worker(assignment: Assignment, *, use_bwrap: bool | None = None) -> Worker:
    """A warm worker for the corpus: the toy course and this repository's tests are out of its sight."""
    return Worker(protected=assignment.protected_paths() + [REPO / "tests"], disk_mb=assignment.limits.disk_mb,
                  use_bwrap=use_bwrap)


# ----------------------------------------------------------------------------------- expectations


@dataclass(frozen=True)
class Expectation:
    name: str
    folder: Path
    about: str
    score: float
    tests: dict[str, float]
    others: str
    output: dict[str, list]
    top_output: list[str]
    forbidden: list[str]
    host_paths_absent: list[str]
    runs: int
    generate: str | None
    needs: dict[str, str]
    grader_mb: float | None
    raw: dict = field(repr=False)

    @classmethod
    def load(cls, folder: Path, *, cuda: bool = False) -> "Expectation":
        raw = yaml.safe_load((folder / "expected.yaml").read_text()) or {}
        unknown = set(raw) - KEYS
        if unknown or "about" not in raw or "score" not in raw:
            raise ValueError(f"{folder.name}/expected.yaml: unknown keys {sorted(unknown)} or no about/score")
        merged = dict(raw)
        if cuda:
            merged.update(raw.get("with_cuda") or {})
        if merged.get("others", "full") not in ("full", "zero"):
            raise ValueError(f"{folder.name}/expected.yaml: others must be full or zero")
        return cls(name=folder.name, folder=folder, about=str(raw["about"]), score=float(merged["score"]),
                   tests={k: float(v) for k, v in (merged.get("tests") or {}).items()},
                   others=merged.get("others", "full"), output=dict(merged.get("output") or {}),
                   top_output=list(merged.get("top_output") or []), forbidden=list(merged.get("forbidden") or []),
                   host_paths_absent=list(merged.get("host_paths_absent") or []), runs=int(merged.get("runs", 1)),
                   generate=merged.get("generate"), needs=dict(merged.get("needs") or {}),
                   grader_mb=merged.get("grader_mb"), raw=raw)

    @contextmanager
    def submission(self, scratch: Path) -> Iterator[Path]:
        """The file to grade: the committed one, or one generated in ``scratch`` (and removed afterwards)."""
        if self.generate:
            path = GENERATORS[self.generate](scratch)
            try:
                yield path
            finally:
                path.unlink(missing_ok=True)
            return
        found = [self.folder / name for name in SUBMISSION_NAMES if (self.folder / name).exists()]
        if len(found) != 1:
            raise ValueError(f"{self.name}: expected exactly one of {SUBMISSION_NAMES}, found {found}")
        yield found[0]


def case_folders() -> list[Path]:
    return sorted(p.parent for p in CASES.glob("*/expected.yaml"))


def case_params() -> list:
    return [pytest.param(folder, id=folder.name) for folder in case_folders()]


def worker_protections(worker: Worker, assignment: Assignment) -> tuple[str, ...]:
    """The layers a child of this worker gets, as it reports them."""
    session = Session(worker, [], assignment.limits)
    try:
        session.start()
        return session.protections
    finally:
        session.close()


def unmet_needs(expectation: Expectation, protections: tuple[str, ...]) -> list[str]:
    """Why this worker cannot give the case the outcome it expects (empty: it can)."""
    unknown = set(expectation.needs) - set(LAYERS)
    if unknown:
        raise ValueError(f"{expectation.name}: unknown layers {sorted(unknown)} (known: {sorted(LAYERS)})")
    return [f"no {layer} layer here: {why}" for layer, why in expectation.needs.items() if not LAYERS[layer](protections)]


# ------------------------------------------------------------------------------------- generators


def huge_outputs(scratch: Path) -> Path:
    """A correct notebook that carries 200 MB of stored cell outputs (too big to commit)."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_code_cell((CASES / "huge_outputs" / "cells.txt").read_text()))
    blob = "0123456789abcdef" * (1 << 16)  # 1 MB of text
    stream = nbformat.v4.new_output("stream", name="stdout", text=blob)
    for _ in range(4):
        cell = nbformat.v4.new_code_cell("for epoch in range(3):\n    print(f'epoch {epoch}: loss 0.25')")
        cell.outputs = [stream] * 50
        notebook.cells.append(cell)
    path = scratch / "toy.ipynb"
    with open(path, "w") as handle:
        json.dump(notebook, handle)
    return path


GENERATORS: dict[str, Callable[[Path], Path]] = {"huge_outputs": huge_outputs}


# ---------------------------------------------------------------------------------------- grading


@dataclass
class Graded:
    graded: GradedSubmission
    results: dict
    text: str
    seconds: float
    grown_mb: float | None = None  # the grader's peak resident memory while grading, over what it held before

    def by_function(self) -> dict[str, list[tuple[float, float, str]]]:
        """test function name -> (score, max_score, output) of each of its variants that ran."""
        table: dict[str, list[tuple[float, float, str]]] = {}
        for outcome, entry in zip(self.graded.outcomes, self.results["tests"]):
            table.setdefault(outcome.group[1], []).append((entry["score"], entry["max_score"], entry["output"]))
        return table


def grade_case(assignment: Assignment, submission: Path, worker: Worker, out_dir: Path) -> Graded:
    """Grade as the batch command does, and read back the results.json the grader wrote."""
    started, resident = time.monotonic(), _reset_peak_memory()
    graded = grade_submission(assignment, submission, worker)
    seconds = time.monotonic() - started
    grown = _status_mb("VmHWM") - resident if resident is not None else None
    destination = out_dir / "results.json"
    write_json_atomic(destination, build_results(graded))
    text = destination.read_text()
    return Graded(graded, json.loads(text), text, seconds, grown)


def _reset_peak_memory() -> float | None:
    """This process's resident MB, with its peak reset to it (Linux: clear_refs 5); None where it cannot be."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return _status_mb("VmRSS")
    except OSError:
        return None


def _status_mb(key: str) -> float:
    with open("/proc/self/status") as handle:
        return next(int(line.split()[1]) / 1024 for line in handle if line.startswith(f"{key}:"))


def check_case(expectation: Expectation, run: Graded, assignment: Assignment) -> None:
    """Everything a case promises, plus what every grading must satisfy."""
    results = run.results
    assert validation_errors(results) == [], validation_errors(results)
    extra = results["extra_data"]
    assert extra["grader_errors"] == [], "\n".join(extra["grader_errors"])
    unread = "could not be read" in results["output"]
    assert unread or extra["protections"], "results.json must list the protections that were in force"
    budget = assignment.limits.submission_seconds + OVERHEAD_SECONDS
    assert run.seconds <= budget, f"grading took {run.seconds:.1f} s, over the budget of {budget:g} s"
    if expectation.grader_mb is not None and run.grown_mb is not None:
        assert run.grown_mb <= expectation.grader_mb, f"the grader grew by {run.grown_mb:.0f} MB while grading"

    table = run.by_function()
    got_scores = {name: round(sum(v[0] for v in variants), 4) for name, variants in table.items()}
    unknown = set(expectation.tests) | set(expectation.output)
    assert unknown <= set(table), f"expected.yaml names tests that do not exist: {sorted(unknown - set(table))}"
    wanted = {}
    for name, variants in table.items():
        full = round(sum(v[1] for v in variants), 4)
        wanted[name] = expectation.tests.get(name, full if expectation.others == "full" else 0.0)
    assert got_scores == wanted, _explain(table)
    assert results["score"] == pytest.approx(expectation.score), _explain(table)

    for name, needles in expectation.output.items():
        for _, _, output in table[name]:
            for needle in needles:
                options = needle if isinstance(needle, list) else [needle]
                assert any(o in output for o in options), f"{name}: none of {options} in its message:\n{output}"
    for needle in expectation.top_output:
        assert needle in results["output"], f"{needle!r} not in the top-level message:\n{results['output']}"
    for needle in [*expectation.forbidden, *ALWAYS_FORBIDDEN]:
        assert needle not in run.text, f"{needle!r} must not appear in results.json"
    for path in expectation.host_paths_absent:
        assert not os.path.lexists(path), f"the submission created {path} outside its sandbox"


def _explain(table: dict) -> str:
    return "\n".join(f"{name}: {[(s, m) for s, m, _ in variants]} {variants[0][2][:300]!r}"
                     for name, variants in table.items())


def same_outcome(first: Graded, second: Graded) -> bool:
    strip = lambda r: [(t["name"], t["score"], t["output"]) for t in r["tests"]]  # noqa: E731
    return first.results["score"] == second.results["score"] and strip(first.results) == strip(second.results)


# ------------------------------------------------------------------------------------ the host side


def student_processes(worker: Worker) -> list[int]:
    """Processes still running under the worker's zygote: students it failed to sweep."""
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    stat = handle.read().rsplit(b")", 1)[1].split()
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    command = handle.read()
            except OSError:
                continue
            table[int(entry)] = (int(stat[1]), stat[0], command)
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in table.items():
        children.setdefault(ppid, []).append(pid)

    def below(root: int) -> list[int]:
        found, stack = [], [root]
        while stack:
            for child in children.get(stack.pop(), []):
                found.append(child)
                stack.append(child)
        return found

    if worker.process is None:
        return []
    tree = [worker.process.pid, *below(worker.process.pid)]
    def is_zygote(pid: int) -> bool:  # python -m autograder.worker.zygote (bwrap's own command line names it too)
        argv = table[pid][2].split(b"\0") if pid in table else []
        return b"autograder.worker.zygote" in argv and b"bwrap" not in Path(argv[0].decode(errors="replace")).name.encode()

    zygotes = [p for p in tree if is_zygote(p) and not is_zygote(table[p][0])]
    return [p for z in zygotes for p in below(z) if table.get(p, (0, b"Z"))[1] != b"Z"]


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if "__pycache__" not in p.parts}


def cuda_available() -> bool:
    return torch.cuda.is_available()
