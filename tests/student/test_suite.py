"""check() finds its assignment from the argument, the notebook's folder, or the notebook's file name."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.student.suite import CheckUsageError, PublicSuite, locate_suite, notebook_file_of

from .toy import TOY_YAML


@pytest.fixture
def course_home(toy_course: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AUTOGRADER_HOME", str(toy_course))
    return toy_course


def test_an_explicit_name_is_looked_up_in_the_course(course_home, tmp_path):
    suite = locate_suite("toy", cwd=tmp_path)
    assert (suite.name, suite.tests_dir) == ("toy", course_home / "assignments" / "toy" / "tests")
    assert suite.limits.call_seconds == 1 and suite.devices == ("cpu",)


def test_an_explicit_folder_is_used_as_it_is(toy_folder, tmp_path):
    assert locate_suite(str(toy_folder), cwd=tmp_path).folder == toy_folder


def test_the_notebooks_folder_holding_assignment_yaml_is_the_assignment(toy_folder):
    assert locate_suite(cwd=toy_folder).folder == toy_folder


def test_the_notebooks_file_name_picks_the_assignment_in_the_course(course_home, tmp_path):
    suite = locate_suite(cwd=tmp_path, notebook_file=str(tmp_path / "downloads" / "toy_notebook.ipynb"))
    assert suite.folder == course_home / "assignments" / "toy"


def test_a_folder_of_its_own_works_outside_a_course_checkout(tmp_path):
    folder = tmp_path / "my_copy"
    (folder / "tests").mkdir(parents=True)
    (folder / "assignment.yaml").write_text(TOY_YAML)
    suite = locate_suite(cwd=folder)
    assert suite == PublicSuite(name="my_copy", folder=folder, root=tmp_path, title="Toy assignment",
                                notebook="toy_notebook.ipynb", devices=("cpu",), limits=suite.limits)
    assert suite.limits.notebook_seconds == 5


def test_nothing_to_go_by_asks_for_the_name_and_lists_the_assignments(course_home, tmp_path):
    with pytest.raises(CheckUsageError, match=r"check\(assignment=\"nms\"\). Known assignments: toy\."):
        locate_suite(cwd=tmp_path, notebook_file="Untitled.ipynb")


def test_an_unknown_name_lists_the_known_ones(course_home, tmp_path):
    with pytest.raises(CheckUsageError, match=r"unknown assignment 'tyo' \(known: toy\)"):
        locate_suite("tyo", cwd=tmp_path)


@pytest.mark.parametrize(("namespace", "environment", "expected"), [
    ({"__vsc_ipynb_file__": "/home/s/nms.ipynb"}, "", "/home/s/nms.ipynb"),
    ({"__session__": "work/nms.ipynb"}, "", "work/nms.ipynb"),
    ({}, "nms.ipynb", "nms.ipynb"),
    ({"__session__": "a-console-session"}, "", None),
])
def test_the_notebook_file_comes_from_what_the_front_end_tells_the_kernel(monkeypatch, namespace, environment,
                                                                           expected):
    monkeypatch.setenv("JPY_SESSION_NAME", environment)
    assert notebook_file_of(namespace) == expected
