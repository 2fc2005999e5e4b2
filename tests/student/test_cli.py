"""``autograder check`` runs a saved notebook in the real worker and exits non-zero unless every public check passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.cli import main

from .toy import CORRECT, STUBS

pytestmark = pytest.mark.slow  # each run starts a sandboxed worker


@pytest.fixture(autouse=True)
def course_home(toy_course: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AUTOGRADER_HOME", str(toy_course))
    return toy_course


def test_a_good_notebook_exits_0(write_notebook, capsys):
    path = write_notebook("from autograder import check", CORRECT, "check()", name="toy_notebook.ipynb")
    assert main(["check", "toy", str(path)]) == 0
    out = capsys.readouterr().out
    assert "PASS  add: all 2 checks passed" in out and "All 4 checks passed." in out


def test_a_notebook_with_stubs_exits_1_and_says_what_is_left(write_notebook, capsys):
    path = write_notebook("from autograder import check", STUBS, "check('add')", name="toy_notebook.ipynb")
    assert main(["check", "toy", str(path)]) == 1
    out = capsys.readouterr().out
    assert "TODO  layers: not implemented yet (1 check)" in out
    assert "0 of 4 checks passed, 4 not implemented yet." in out


def test_cells_that_fail_at_top_level_are_reported_as_the_grader_reports_them(write_notebook, capsys):
    path = write_notebook(CORRECT, "print(undefined_name)", name="toy_notebook.ipynb")
    assert main(["check", "toy", str(path)]) == 0  # the other cells still ran; every check passes
    out = capsys.readouterr().out
    assert "Some cells of your notebook raised an error when the grader ran it" in out
    assert "NameError: name 'undefined_name' is not defined" in out


def test_a_notebook_that_hangs_exits_1_with_the_time_limit(write_notebook, capsys):
    path = write_notebook(CORRECT, "while True:\n    pass", name="toy_notebook.ipynb")
    assert main(["check", "toy", str(path)]) == 1
    out = capsys.readouterr().out
    assert "running your notebook's top-level code did not finish within 5 s (time limit)" in out


def test_an_unreadable_notebook_exits_1(tmp_path, capsys):
    path = tmp_path / "toy_notebook.ipynb"
    path.write_text("{ this is not json")
    assert main(["check", "toy", str(path)]) == 1
    out = capsys.readouterr().out
    assert "Your submission could not be read" in out and "The checks could not run." in out


@pytest.mark.parametrize("arguments", [["check", "toy", "no_such.ipynb"], ["check", "tyo", "x.ipynb"]])
def test_misuse_exits_2(arguments, capsys):
    assert main(arguments) == 2
    assert capsys.readouterr().err.startswith("autograder: ")
