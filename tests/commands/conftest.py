"""A tiny course on disk, and a way to run the real ``autograder`` command against it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Callable

import nbformat
import pytest

ASSIGNMENT_YAML = """\
title: Tiny batch course
exam: test fixture
notebook: tiny.ipynb
devices: [cpu]
limits:
  notebook_seconds: 30
  call_seconds: 5
"""

REFERENCE = '''
import torch

def double(x):
    return x * 2

def count(n):
    return n + 1
'''

PUBLIC_TESTS = '''
import pytest
import torch
from autograder.compare import assert_equal, assert_tensor_close

@pytest.mark.points(1, visibility="visible")
def test_doubles_a_small_tensor(submission):
    assert_tensor_close(submission.double(torch.tensor([1.0, 2.0])), torch.tensor([2.0, 4.0]), what="double([1, 2])")

@pytest.mark.points(1, visibility="visible")
def test_counts_from_one(submission):
    assert_equal(submission.count(1), 2, what="count(1)")
'''

HIDDEN_TESTS = '''
import pytest
import torch
from autograder.compare import assert_equal, assert_tensor_close

SECRET_INPUT = 4141

@pytest.mark.points(2, visibility="hidden")
def test_doubles_a_secret_tensor(submission, reference):
    x = torch.tensor([31.25, -7.5, 1234.5])
    assert_tensor_close(submission.double(x), reference.double(x), what="double(x)")

@pytest.mark.points(2, visibility="hidden", question="counting")
def test_counts_a_secret_number(submission, reference):
    assert_equal(submission.count(SECRET_INPUT), reference.count(SECRET_INPUT), what="count of a hidden number")
'''

CORRECT = REFERENCE
WRONG_COUNT = REFERENCE.replace("return n + 1", "return n + 1 if n < 100 else n")
SLOW_START = "import time\ntime.sleep(4)\n" + REFERENCE


def write_notebook(path: Path, *cells: str) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(textwrap.dedent(cell)) for cell in cells]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


@pytest.fixture(scope="session")
def tiny_course(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tiny-course")
    (root / "assignments" / "tiny" / "tests").mkdir(parents=True)
    (root / "assignments" / "tiny" / "assignment.yaml").write_text(ASSIGNMENT_YAML)
    (root / "assignments" / "tiny" / "tests" / "test_public.py").write_text(PUBLIC_TESTS)
    (root / "hidden_tests" / "tiny").mkdir(parents=True)
    (root / "hidden_tests" / "tiny" / "test_hidden.py").write_text(HIDDEN_TESTS)
    (root / "reference_solutions").mkdir()
    (root / "reference_solutions" / "tiny.py").write_text(REFERENCE)
    write_notebook(root / "assignments" / "tiny" / "tiny.ipynb", "import torch")  # what students start from
    return root


@pytest.fixture(scope="session")
def autograder_command(tiny_course) -> Callable[..., subprocess.CompletedProcess]:
    """Run ``python -m autograder ARGS`` on the tiny course, the way a TA would."""

    def run(*args: str, cwd: Path, timeout: float = 240, **popen) -> subprocess.CompletedProcess:
        env = {**os.environ, "AUTOGRADER_HOME": str(tiny_course)}
        return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=cwd, env=env, capture_output=True,
                              text=True, timeout=timeout, **popen)

    return run
