"""Hostile inputs on the TA's side (see :mod:`hostile.ta_inputs`): one bad source costs only itself.

Each case is graded as a batch beside two honest submissions, in a child process whose memory and
time are capped: the real discovery, keys, ingest and output writers, with the worker replaced by
an ingest-only grader (tests/hostile/test_corpus.py covers what student code does in the worker).
The last test runs the real ``autograder grade`` once over a class holding every case at once.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path

import nbformat
import pytest
from matplotlib.figure import Figure  # noqa: F401 - imported once here, not in each forked case (0.8 s each)

from autograder.assignment import load_assignment
from autograder.commands.grade import table_row
from autograder.grading import batch
from autograder.grading.outputs import write_outputs
from autograder.grading.plugin import TestOutcome as Outcome
from autograder.ingest import IngestError, load_submission
from autograder.report.gradebook import GradedEntry
from autograder.report.results import GradedSubmission
from hostile.corpus import COURSE
from hostile.ta_inputs import CANARY, CASES, TaCase, files_outside, gradebook_text_cells, honest_class

CASE_SECONDS = 60
CASE_EXTRA_MEGABYTES = 1024  # address space a case may add to the process it runs in
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
try:  # markdown-it-py (here through jupytext) renders raw HTML as HTML, as a feedback viewer would
    from markdown_it import MarkdownIt

    MARKDOWN_RENDER = MarkdownIt("commonmark").render
except ImportError:  # without it, the page's own text is checked
    MARKDOWN_RENDER = str


def ingest_only(assignment, source, get_worker) -> GradedSubmission:
    """Grade by ingesting only: it passes when the submission can be read, else fails with the reason."""
    if source.path is None:
        passed, output = False, source.problem or "nothing submitted"
    else:
        try:
            submission = load_submission(source.path, expected_name=assignment.notebook)
            passed, output = True, f"{len(submission.cells)} cell(s) read"
        except IngestError as error:
            passed, output = False, error.message
    outcome = Outcome(nodeid="t::read", name="read", question="q", max_score=1.0, visibility="visible",
                      status="passed" if passed else "failed", fraction=1.0 if passed else 0.0, output=output)
    return GradedSubmission(assignment=assignment.name, source=source.origin, graded_file=str(source.path),
                            sha256=source.sha256, suite_version=assignment.suite_version, outcomes=[outcome],
                            execution_time=0.0, metadata=dict(source.metadata))


def run_case(case: TaCase, root: Path) -> dict:
    """Build and grade ``case`` in ``root``; returns what the checks need (in the child process)."""
    klass = root / "class"
    honest_class(klass)
    extra = case.build(root, klass)
    (root / CANARY).mkdir()
    out = root / "out"
    before = files_outside(root, out)
    notices: list[str] = []
    batch.grade_source = ingest_only  # the job processes are forked from here: they inherit it
    toy = load_assignment("toy", root=COURSE)
    result = batch.grade_batch(toy, [klass, *extra], out, jobs=1, exports=extra if case.export else (),
                               on_notice=notices.append)
    entries = [GradedEntry(key, result.labels[key], data) for key, data in result.results.items()]
    write_outputs(out, entries, title="Toy")
    return {"before": sorted(before), "after": sorted(files_outside(root, out)), "notices": notices,
            "rows": [table_row(s) for s in result.summaries],
            "summaries": [(s.key, s.source, s.results_path) for s in result.summaries]}


def _child(case: TaCase, root: Path, pipe) -> None:
    try:
        with open("/proc/self/status") as status:
            vm = next(int(line.split()[1]) for line in status if line.startswith("VmSize:"))
        limit = (vm + CASE_EXTRA_MEGABYTES * 1024) * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        pipe.send(("ok", run_case(case, root)))
    except BaseException:  # noqa: BLE001 - whatever happened is the test's failure message
        pipe.send(("error", traceback.format_exc()))
    finally:
        pipe.close()


def graded_in_bounds(case: TaCase, root: Path) -> dict:
    """:func:`run_case` in a forked child with capped address space and time."""
    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(case, root, theirs))
    started = time.monotonic()
    child.start()
    theirs.close()
    try:
        if not ours.poll(CASE_SECONDS):
            pytest.fail(f"{case.name}: not finished within {CASE_SECONDS} s")
        status, payload = ours.recv()
    finally:
        if child.is_alive():
            child.kill()
        child.join()
    assert status == "ok", payload
    payload["seconds"] = time.monotonic() - started
    return payload


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_hostile_source_costs_only_itself(case: TaCase, tmp_path: Path) -> None:
    got = graded_in_bounds(case, tmp_path)
    out = tmp_path / "out"

    assert got["after"] == got["before"], "something was written outside the output folder"
    assert not any((tmp_path / CANARY).iterdir())
    results = {Path(path).name: json.loads(Path(path).read_text(encoding="utf-8")) for _, _, path in got["summaries"]}
    assert len(results) == len(got["summaries"]) == len(list(out.glob("*.json"))), "a results file was shared"
    for key, _, path in got["summaries"]:
        assert Path(path).parent == out and len(Path(path).name.encode()) <= 110 and not key.startswith((".", "-"))

    by_source = {data["extra_data"]["submission"]["source"]: data for data in results.values()}
    for honest in ("alice.ipynb", "bob.ipynb"):
        (data,) = [d for s, d in by_source.items() if s == str(tmp_path / "class" / honest)]
        assert data["score"] == 1, f"{honest} was not graded normally: {data['tests'][0]['output']}"
        assert not data["extra_data"]["metadata"], f"{honest} got someone's metadata"
    for where, says in case.results.items():
        matching = [d for s, d in by_source.items() if where in s]
        assert matching, f"no results file for a source containing {where!r}: {sorted(by_source)}"
        for data in matching:
            assert (data["score"] == 1) if not says else (says in data["tests"][0]["output"]), data["tests"][0]
    for needle in case.notices:
        assert any(needle in notice for notice in got["notices"]), got["notices"]
    if case.no_metadata:
        assert not any(d["extra_data"]["metadata"].get("submitters") for d in results.values())

    for line in got["rows"] + got["notices"]:
        assert "\x1b" not in line and "\x07" not in line and "\r" not in line, repr(line)
    gradebook = (out / "gradebook.csv").read_text(encoding="utf-8")
    assert not any(cell.startswith(FORMULA_STARTS) for cell in gradebook_text_cells(gradebook))
    sources = [row["source"] for row in csv.DictReader(io.StringIO(gradebook))][1:]
    assert len(set(sources)) == len(sources) == len(results), "rows must be told apart by their source"
    for page in [out / "report.html", *sorted((out / "feedback").glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        assert "\x1b" not in text, page.name
        shown = MARKDOWN_RENDER(text) if page.suffix == ".md" else text
        assert "<img src=x" not in shown, f"{page.name}: a student's HTML is live"
    assert got["seconds"] < CASE_SECONDS


def test_every_case_is_described() -> None:
    assert len({case.name for case in CASES}) == len(CASES)
    for case in CASES:
        assert len(case.about.split()) >= 5, case.name


# ------------------------------------------------------------------------- the real command, once


@pytest.fixture(scope="module")
def toy_course(tmp_path_factory) -> Path:
    """The toy course with an assignment notebook (the grader reads its given cells)."""
    course = tmp_path_factory.mktemp("toy-course") / "course"
    shutil.copytree(COURSE, course, ignore=shutil.ignore_patterns("__pycache__"))
    notebook = course / "assignments" / "toy" / "toy.ipynb"
    if not notebook.exists():
        nbformat.write(nbformat.v4.new_notebook(), notebook)
    return course


@pytest.mark.slow
def test_one_class_with_every_hostile_source_grades_every_honest_submission(tmp_path: Path, toy_course: Path) -> None:
    klass = tmp_path / "class"
    honest_class(klass)
    extra: list[Path] = []
    for case in CASES:
        if not case.export:
            place = tmp_path / case.name
            place.mkdir()
            (place / CANARY).mkdir()
            extra += case.build(place, klass)
    out = tmp_path / "out"
    before = files_outside(tmp_path, out)
    command = [sys.executable, "-m", "autograder", "grade", "toy", "-o", str(out), "-j", "2", "--",
               str(klass), *map(str, extra)]
    env = {**os.environ, "AUTOGRADER_HOME": str(toy_course)}
    run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, errors="surrogateescape")
    assert run.returncode == 0, run.stderr[-3000:]
    assert files_outside(tmp_path, out) == before, "something was written outside the output folder"
    assert "\x1b" not in run.stdout and "\x1b" not in run.stderr.replace("\r\x1b[K", "")

    results = [json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")]
    honest = [r for r in results if Path(r["extra_data"]["submission"]["source"]).parent == klass
              and Path(r["extra_data"]["submission"]["source"]).name in ("alice.ipynb", "bob.ipynb")]
    assert len(honest) == 2
    for data in honest:
        assert data["score"] == data["extra_data"]["max_score"] > 0, data["output"]
        assert not data["extra_data"]["grader_errors"]
    assert not any(r["extra_data"]["grader_errors"] for r in results), "a hostile source became a grader error"
    rows = list(csv.DictReader(io.StringIO((out / "gradebook.csv").read_text(encoding="utf-8"))))
    assert len(rows) - 1 == len(results)
