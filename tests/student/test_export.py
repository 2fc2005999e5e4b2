"""``export()`` as a student runs it in a notebook: it finds the saved file, checks, lists what is unanswered, zips."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from autograder.student.export import ExportError, export, find_notebook, run_export, write_export
from autograder.student.suite import PublicSuite

from manual.notebooks import answered, assignment_notebook, write

PUBLIC_TEST = '''\
import pytest
from autograder.compare import assert_equal


@pytest.mark.points(1, visibility="visible")
def test_doubles_two(submission):
    assert_equal(submission.double(2), 4, what="double(2)")
'''
YAML = "title: Written toy\nnotebook: tiny.ipynb\ndevices: [cpu]\nlimits:\n  notebook_seconds: 5\n  call_seconds: 1\n"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A student's standalone folder: assignment.yaml, the public tests, and the notebook they work in."""
    folder = tmp_path / "tiny"
    (folder / "tests").mkdir(parents=True)
    (folder / "assignment.yaml").write_text(YAML)
    (folder / "tests" / "test_double.py").write_text(PUBLIC_TEST)
    write(answered(assignment_notebook(), {"2b": "Validation loss rises while training loss falls."}),
          folder / "tiny.ipynb")
    return folder


def zip_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return sorted(archive.namelist())


def test_export_in_a_notebook_checks_lists_the_unanswered_and_zips_the_saved_file(course, monkeypatch, capsys):
    monkeypatch.chdir(course)
    monkeypatch.setenv("JPY_SESSION_NAME", str(course / "tiny.ipynb"))
    namespace = {"double": lambda x: 2 * x}
    result = run_export(namespace=namespace)
    shown = capsys.readouterr().out
    assert "All 1 check" in shown or "the check passed" in shown.lower()
    assert result.zip_path == course / "tiny-submission.zip"
    assert "Written questions not answered yet: 1a (of 1a, 2b)" in shown
    assert "as saved at" in shown, "the student is told the saved file is what was exported"
    names = zip_names(result.zip_path)
    assert "tiny.ipynb" in names
    with zipfile.ZipFile(result.zip_path) as archive:
        assert archive.read("tiny.ipynb") == (course / "tiny.ipynb").read_bytes()
    if result.pdf_included:
        assert names == ["tiny-answers.pdf", "tiny.ipynb"]
    else:
        assert "could not be made" in shown


def test_without_the_pdf_engine_the_zip_holds_the_notebook_and_says_how_to_install_it(course, monkeypatch):
    from autograder.pdf import engine

    def missing():  # noqa: ANN202
        raise engine.EngineMissing("the PDF engine WeasyPrint is not usable here (no Pango). Install it: ...")

    monkeypatch.setattr(engine, "load_engine", missing)
    result = write_export(course / "tiny.ipynb", PublicSuite.from_folder(course), out=course / "out.zip")
    assert zip_names(course / "out.zip") == ["tiny.ipynb"] and not result.pdf_included
    assert any("could not be made" in note and "Install it" in note for note in result.notes)
    assert result.unanswered == ["1a"]


def test_inside_the_graders_worker_export_does_nothing(course, monkeypatch):
    monkeypatch.chdir(course)
    monkeypatch.setenv("AUTOGRADER_WORKER", "1")
    assert run_export(namespace={}) is None
    export(namespace={})
    assert not list(course.glob("*.zip"))


@pytest.mark.parametrize("how", ["argument", "environment", "ipykernel session", "assignment name"])
def test_the_notebook_is_found_the_way_the_front_end_tells_it(course, tmp_path, monkeypatch, how):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    expected = course / "tiny.ipynb"
    namespace = {}
    argument = None
    if how == "argument":
        argument = "tiny.ipynb"
    elif how == "environment":
        monkeypatch.setenv("JPY_SESSION_NAME", str(expected))
    elif how == "ipykernel session":
        namespace["__session__"] = str(expected)
    assert find_notebook(argument, namespace, cwd=course) == expected


def test_with_nothing_to_go_by_the_student_is_asked_for_the_path(tmp_path, monkeypatch):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    with pytest.raises(ExportError, match=r'export\("'):
        find_notebook(None, {}, cwd=tmp_path)
    with pytest.raises(ExportError, match="no notebook"):
        find_notebook("missing.ipynb", {}, cwd=tmp_path)


def test_the_student_package_imports_export_without_the_pdf_engine():
    import subprocess
    import sys

    script = ("import sys\nfrom autograder import export\nimport autograder.student.export\n"
              "print(sorted(m for m in ('nbconvert', 'weasyprint', 'matplotlib', 'bleach', 'torch') if m in sys.modules))")
    finished = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.strip() == "[]"
