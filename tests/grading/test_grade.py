"""Grading one submission end to end on a tiny course: points, visibility, partial credit, whose fault."""

from __future__ import annotations

import json
import textwrap
import time
from pathlib import Path

import nbformat
import pytest

from autograder.assignment import load_assignment
from autograder.grading.grade import grade_submission
from autograder.report.results import build_results
from autograder.report.schema import validation_errors
from autograder.worker.pool import Worker

REFERENCE = '''
import torch

def double(x):
    return x * 2

def count(n):
    return n + 1
'''

PUBLIC = '''
import pytest
import torch
from autograder.compare import assert_tensor_close

@pytest.mark.points(1, visibility="visible")
def test_doubles_a_small_tensor(submission):
    assert_tensor_close(submission.double(torch.tensor([1.0, 2.0])), torch.tensor([2.0, 4.0]), what="double([1, 2])")
'''

HIDDEN = '''
import pytest
import torch
from autograder.compare import assert_tensor_close, assert_equal

SECRET = torch.tensor([31.25, -7.5, 1234.5])

@pytest.mark.points(4, visibility="hidden")
def test_doubles_on_every_device(submission, reference, device):
    x = SECRET.to(device)
    assert_tensor_close(submission.double(x), reference.double(x), what="double(x)")

@pytest.mark.points(2, visibility="hidden", name="count with partial credit")
def test_count_partial(submission, reference, partial_credit):
    assert_equal(submission.count(1), reference.count(1), what="count(1)")
    partial_credit(0.5)
    assert_equal(submission.count(41), reference.count(41), what="count(41)")

@pytest.mark.points(3, visibility="hidden")
def test_bare_assert_hides_its_source(submission):
    assert submission.count(99) == 100

@pytest.mark.points(1, visibility="after_due_date", question="internals")
def test_a_buggy_test_is_the_graders_fault(submission):
    {}["missing key"]
'''

CORRECT = "import torch\ndef double(x):\n    return x * 2\ndef count(n):\n    return n + 1\n"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    (root / "assignments" / "mini" / "tests").mkdir(parents=True)
    (root / "hidden_tests" / "mini").mkdir(parents=True)
    (root / "reference_solutions").mkdir()
    (root / "assignments" / "mini" / "assignment.yaml").write_text(
        "title: Mini\nnotebook: mini.ipynb\ndevices: [cpu, cuda]\nlimits:\n  call_seconds: 5\n")
    (root / "assignments" / "mini" / "tests" / "test_double.py").write_text(textwrap.dedent(PUBLIC))
    (root / "hidden_tests" / "mini" / "test_hidden.py").write_text(textwrap.dedent(HIDDEN))
    (root / "reference_solutions" / "mini.py").write_text(REFERENCE)
    handout = nbformat.v4.new_notebook()  # the assignment's notebook: nothing in it is given code
    handout.cells = [nbformat.v4.new_code_cell("def double(x):\n    raise NotImplementedError")]
    nbformat.write(handout, root / "assignments" / "mini" / "mini.ipynb")
    return root


def grade(course: Path, path: Path, worker) -> dict:
    graded = grade_submission(load_assignment("mini", root=course), path, worker)
    results = build_results(graded)
    assert validation_errors(results) == []
    json.dumps(results, allow_nan=False)
    return results


def by_name(results: dict) -> dict:
    return {t["name"]: t for t in results["tests"]}


def test_a_correct_submission_earns_every_point(course, worker, write_notebook):
    results = grade(course, write_notebook(CORRECT), worker)
    assert (results["score"], results["extra_data"]["max_score"]) == (10, 11)  # 1 point sits in the buggy test
    assert [t["name"] for t in results["tests"] if t["status"] != "passed"] == ["a buggy test is the graders fault"]


def test_device_variants_share_their_points_so_the_total_never_changes(course, worker, write_notebook):
    results = grade(course, write_notebook(CORRECT), worker)
    variants = [t for t in results["tests"] if t["name"].startswith("doubles on every device")]
    assert sum(t["max_score"] for t in variants) == 4
    assert results["extra_data"]["devices"] in (["cpu"], ["cpu", "cuda"])


def test_hidden_failures_explain_without_revealing_inputs_or_source(course, worker, write_notebook):
    results = grade(course, write_notebook("def double(x):\n    return x * 2 + 0.25\ndef count(n):\n    return n\n"), worker)
    tests = by_name(results)
    hidden = tests["doubles on every device [cpu]"]["output"]
    assert "double(x) is not close enough" in hidden and "max abs error" in hidden.lower()
    assert "31.25" not in hidden and "1234" not in hidden and "SECRET" not in hidden
    bare = tests["bare assert hides its source"]["output"]
    assert "hidden check failed" in bare and "submission.count" not in bare and "99" not in bare


def test_visible_failures_show_the_call_and_the_values(course, worker, write_notebook):
    results = grade(course, write_notebook("def double(x):\n    return x + 1\n"), worker)
    visible = by_name(results)["doubles a small tensor"]
    assert visible["score"] == 0 and visible["visibility"] == "visible"
    assert "double([1, 2])" in visible["output"] and "4" in visible["output"]


def test_partial_credit_is_kept_when_a_later_check_fails(course, worker, write_notebook):
    source = "def double(x):\n    return x * 2\ndef count(n):\n    return 2 if n == 1 else 0\n"
    test = by_name(grade(course, write_notebook(source), worker))["count with partial credit"]
    assert (test["score"], test["max_score"], test["status"]) == (1.0, 2.0, "failed")


def test_a_bug_in_a_test_is_reported_as_the_graders_not_the_students(course, worker, write_notebook):
    results = grade(course, write_notebook(CORRECT), worker)
    buggy = by_name(results)["a buggy test is the graders fault"]
    assert "not your fault" in buggy["output"] and "error id" in buggy["output"]
    assert "missing key" not in buggy["output"]
    assert any("KeyError" in e for e in results["extra_data"]["grader_errors"])
    assert "problem in the grader, not in your work" in results["output"]


def test_an_unreadable_file_gets_a_result_with_every_test_failed(course, worker, tmp_path):
    bogus = tmp_path / "homework.ipynb"
    bogus.write_bytes(b"%PDF-1.7 not a notebook")
    results = grade(course, bogus, worker)
    assert results["score"] == 0 and len(results["tests"]) >= 5
    assert all("could not be read" in t["output"] for t in results["tests"] if "fault" not in t["output"])
    assert "PDF" in results["output"]


def test_a_suite_that_does_not_collect_still_writes_a_valid_result(course, worker, write_notebook):
    (course / "hidden_tests" / "mini" / "test_broken.py").write_text("def test_x(:\n")
    results = grade(course, write_notebook(CORRECT), worker)
    assert results["score"] == 0
    assert "grader failed" in results["output"] and "error id" in results["output"]
    assert results["extra_data"]["grader_errors"]


def test_the_results_carry_what_staff_need(course, worker, write_notebook):
    path = write_notebook(CORRECT)
    extra = grade(course, path, worker)["extra_data"]
    assert extra["submission"]["sha256"] and len(extra["submission"]["sha256"]) == 64
    assert extra["suite_version"] and extra["grader_version"]
    assert "seccomp: no network sockets" in extra["protections"]
    assert all(isinstance(v, float) for v in extra["test_durations"].values())
    assert extra["questions"]["internals"]["max_score"] == 1


class SlowStartWorker(Worker):
    """A worker whose zygote takes ``delay`` seconds longer to come up, as on a machine whose cores are all busy."""

    def __init__(self, delay: float, **kwargs) -> None:
        self.delay = delay
        super().__init__(**kwargs)

    def wait_ready(self) -> None:
        if not self.ready:
            time.sleep(self.delay)
        super().wait_ready()


def test_the_worker_start_up_is_never_charged_to_the_submission(course, write_notebook):
    """A start-up longer than the whole submission's budget: still full marks, and times that leave it out."""
    (course / "assignments" / "mini" / "assignment.yaml").write_text(
        "title: Mini\nnotebook: mini.ipynb\ndevices: [cpu]\nlimits:\n  call_seconds: 3\n  submission_seconds: 4\n")
    delay = 6.0
    worker = SlowStartWorker(delay, protected=[course])
    try:
        began = time.monotonic()
        results = grade(course, write_notebook(CORRECT), worker)
        took = time.monotonic() - began
    finally:
        worker.close()
    assert took > delay
    assert (results["score"], results["extra_data"]["max_score"]) == (10, 11)  # as with a warm worker
    assert results["execution_time"] < delay / 2, "the start-up is not the submission's time"
    assert max(results["extra_data"]["test_durations"].values()) < delay / 2, "nor any test's"
