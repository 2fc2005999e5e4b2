"""The real run_autograder from the unpacked zip, against a temporary /autograder tree.

Gradescope's containers cannot run bubblewrap, so these runs set AUTOGRADER_NO_BWRAP=1 to take the
same path (a plain worker process, dropping to an unprivileged uid where Python is readable by it).
"""

from __future__ import annotations

import json
import os
import shlex
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.assignment import load_assignment
from autograder.gradescope.build import build_autograder_zip
from autograder.gradescope.run import submission_source
from autograder.report.schema import validation_errors

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory) -> Path:
    return build_autograder_zip(load_assignment("conv_arithmetic"), tmp_path_factory.mktemp("dist"))


def gradescope_tree(root: Path, autograder_zip: Path, submission: dict[str, bytes]) -> Path:
    """/autograder as Gradescope lays it out: source/ (the unpacked zip), submission/, results/."""
    with zipfile.ZipFile(autograder_zip) as archive:
        archive.extractall(root / "source")
        for info in archive.infolist():  # zipfile drops the modes; Gradescope keeps them
            os.chmod(root / "source" / info.filename, stat.S_IMODE(info.external_attr >> 16) or 0o644)
    (root / "submission").mkdir()
    for name, data in submission.items():
        (root / "submission" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "submission" / name).write_bytes(data)
    return root


def notebook(*cells: str) -> bytes:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(cell) for cell in cells]
    return nbformat.writes(nb).encode()


def run_autograder(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable,
           "AUTOGRADER_NO_BWRAP": "1"}
    env.pop("AUTOGRADER_HOME", None)
    return subprocess.run([str(root / "source" / "run_autograder")], cwd=root, env=env, capture_output=True,
                          text=True, timeout=240)


def test_without_autograder_python_it_runs_the_venv_under_autograder_root(tmp_path, autograder_zip):
    """A try-out tree elsewhere than /autograder must not reach for /autograder/venv (absent or another one)."""
    root = gradescope_tree(tmp_path / "autograder", autograder_zip, {})
    called = root / "called.txt"
    python = root / "venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\necho "$@" > {shlex.quote(str(called))}\n')
    python.chmod(0o755)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root)}
    env.pop("AUTOGRADER_PYTHON", None)
    run = subprocess.run([str(root / "source" / "run_autograder")], cwd=root, env=env, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    assert called.read_text().split() == ["-m", "autograder.gradescope.run", "conv_arithmetic"]


def test_a_correct_notebook_gets_full_marks_in_a_valid_results_json(tmp_path, autograder_zip):
    reference = (REPO / "reference_solutions" / "conv_arithmetic.py").read_text()
    root = gradescope_tree(tmp_path / "autograder", autograder_zip,
                           {"conv_arithmetic.ipynb": notebook(reference), "notes.txt": b"my notes"})
    run = run_autograder(root)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"from {root / 'source' / 'autograder'}" in run.stdout, "the grader runs from the unpacked zip"
    assert "Grading conv_arithmetic.ipynb" in run.stdout
    results = json.loads((root / "results" / "results.json").read_text())
    assert validation_errors(results) == []
    assert results["score"] == results["extra_data"]["max_score"] == 20
    assert results["output"].startswith("Graded file: conv_arithmetic.ipynb")
    if os.geteuid() == 0:  # as on Gradescope: the hidden suite and reference are now private to root
        for private in ("hidden_tests", "reference_solutions", "assignments"):
            assert stat.S_IMODE((root / "source" / private).stat().st_mode) == 0o700
        assert stat.S_IMODE((root / "results").stat().st_mode) == 0o700
        assert stat.S_IMODE((root / "source" / "autograder").stat().st_mode) == 0o755


def test_an_ambiguous_submission_scores_0_with_the_reason_not_an_autograder_failure(tmp_path, autograder_zip):
    root = gradescope_tree(tmp_path / "autograder", autograder_zip,
                           {"draft.ipynb": notebook("x = 1"), "final.ipynb": notebook("x = 2")})
    run = run_autograder(root)
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    assert validation_errors(results) == []
    assert results["score"] == 0 and len(results["tests"]) > 10
    assert "several notebooks (draft.ipynb, final.ipynb)" in results["output"]
    assert all(t["status"] == "failed" and "conv_arithmetic.ipynb" in t["output"] for t in results["tests"])
    assert not results["extra_data"]["grader_errors"]


@pytest.mark.parametrize("files, graded, says", [
    (["conv_arithmetic.ipynb", "scratch.ipynb"], "conv_arithmetic.ipynb", None),
    (["unzipped/conv_arithmetic.ipynb"], "unzipped/conv_arithmetic.ipynb", None),
    (["my_exam.ipynb", "plot.png"], "my_exam.ipynb", "only notebook"),
    (["answers.py"], None, "no notebook"),
    ([], None, "it is empty"),
])
def test_the_notebook_is_picked_by_one_rule(tmp_path, files, graded, says):
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    source = submission_source(load_assignment("conv_arithmetic"), tmp_path)
    assert (source.path.relative_to(tmp_path).as_posix() if source.path else None) == graded
    assert says is None or says in (source.note or source.problem)


def test_setup_prepares_the_image_once_for_every_run(tmp_path, autograder_zip):
    """What setup.sh runs after installing: bytecode of the package and of the rewritten tests, kept for every run."""
    reference = (REPO / "reference_solutions" / "conv_arithmetic.py").read_text()
    root = gradescope_tree(tmp_path / "autograder", autograder_zip, {"conv_arithmetic.ipynb": notebook(reference)})
    setup = (root / "source" / "setup.sh").read_text()
    assert 'python -m autograder.gradescope.prepare "conv_arithmetic"' in setup
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AUTOGRADER_", "PYTHONDONTWRITE"))}
    prepared = subprocess.run([sys.executable, "-m", "autograder.gradescope.prepare", "conv_arithmetic"],
                              cwd=root / "source", env=env, capture_output=True, text=True, timeout=240)
    assert prepared.returncode == 0, prepared.stdout + prepared.stderr
    assert list((root / "source" / "autograder" / "worker" / "__pycache__").glob("pool.*.pyc"))
    assert list((root / "source" / "hidden_tests" / "conv_arithmetic" / "__pycache__").glob("*pytest*.pyc"))
    run = run_autograder(root)
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == results["extra_data"]["max_score"] == 20
