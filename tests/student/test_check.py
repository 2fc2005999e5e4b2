"""check() runs the public tests the grader runs, against the notebook's namespace, and says what it will say."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from autograder.student.check import check, run_in_namespace
from autograder.student.display import render_text
from autograder.student.report import FAILED, NOT_IMPLEMENTED, PASSED
from autograder.student.suite import PublicSuite, UnknownQuestion

from .toy import CORRECT, QUESTIONS, STUBS

REPO = Path(__file__).resolve().parents[2]


def test_a_correct_notebook_passes_every_public_test(toy_suite, notebook_namespace):
    report = run_in_namespace(toy_suite, notebook_namespace(CORRECT))
    assert report.passed
    assert list(report.questions()) == QUESTIONS
    assert [t.status for t in report.tests] == [PASSED] * 4


@pytest.mark.parametrize(("question", "names"), [
    ("add", ["adds two tensors", "adds two numbers"]),
    ("scale", ["scales a tensor"]),
    ("layers", ["the layer maps two features to one"]),  # named by the marker, in test_scale.py
])
def test_a_question_runs_only_its_own_tests(toy_suite, notebook_namespace, question, names):
    report = run_in_namespace(toy_suite, notebook_namespace(CORRECT), question=question)
    assert [t.name for t in report.tests] == names
    assert {t.question for t in report.tests} == {question}
    assert f"question {question}" in render_text(report)


def test_an_unknown_question_is_refused_with_the_list_of_questions(toy_suite, notebook_namespace):
    with pytest.raises(UnknownQuestion, match="toy has no question 'ad'; its questions are: add, scale, layers"):
        run_in_namespace(toy_suite, notebook_namespace(CORRECT), question="ad")


def test_stubs_are_reported_as_not_implemented_yet_not_as_tracebacks(toy_suite, notebook_namespace):
    report = run_in_namespace(toy_suite, notebook_namespace(STUBS))
    assert [t.status for t in report.tests] == [NOT_IMPLEMENTED] * 4
    text = render_text(report)
    assert "layers: not implemented yet (1 check)" in text  # raised inside the grader's helper, in forward()
    assert "Traceback" not in text and "0 of 4 checks passed, 4 not implemented yet." in text


def test_one_stub_left_is_listed_under_its_question(toy_suite, notebook_namespace):
    namespace = notebook_namespace(CORRECT, "def scale(x, factor):\n    raise NotImplementedError\n")
    report = run_in_namespace(toy_suite, namespace)
    assert [(t.question, t.status) for t in report.tests if t.status != PASSED] == [("scale", NOT_IMPLEMENTED)]
    assert "TODO  scale: not implemented yet (1 check)" in render_text(report)


def test_other_exceptions_fail_with_the_students_own_traceback(toy_suite, notebook_namespace):
    namespace = notebook_namespace(CORRECT, "def add(a, b):\n    return helper(a)\n\ndef helper(a):\n"
                                            "    raise ValueError('not like this')\n")
    report = run_in_namespace(toy_suite, namespace, question="add")
    assert [t.status for t in report.tests] == [FAILED, FAILED]
    assert report.tests[1].message == (
        "add(2, 3) raised an exception:\n"
        "Traceback (your code, most recent call last):\n"
        "  cell 2, line 2, in add\n    return helper(a)\n"
        "  cell 2, line 5, in helper\n    raise ValueError('not like this')\n"
        "ValueError: not like this")


def test_a_wrong_result_gets_the_comparison_librarys_message(toy_suite, notebook_namespace):
    namespace = notebook_namespace(CORRECT, "def scale(x, factor):\n    return x * factor + 1\n")
    (test,) = run_in_namespace(toy_suite, namespace, question="scale").tests
    assert test.status == FAILED
    assert test.message.startswith("scale(x, 2.0) ")  # what was called, as the test names it
    assert "expected: tensor([2., 2., 2.])" in test.message  # a visible test shows the values


def test_a_function_the_notebook_lacks_is_named(toy_suite, notebook_namespace):
    namespace = notebook_namespace(CORRECT)
    del namespace["scale"]
    (test,) = run_in_namespace(toy_suite, namespace, question="scale").tests
    assert test.message == "your notebook does not define `scale`"


def test_check_shows_text_outside_jupyter_and_returns_none(toy_folder, notebook_namespace, monkeypatch, capsys):
    monkeypatch.chdir(toy_folder)
    assert check("add", namespace=notebook_namespace(CORRECT)) is None
    out = capsys.readouterr().out
    assert out.startswith("Public checks of toy (question add)\n")
    assert "PASS  add: all 2 checks passed" in out


def test_check_finds_a_named_assignment_folder_from_anywhere(toy_folder, notebook_namespace, tmp_path, monkeypatch,
                                                             capsys):
    monkeypatch.chdir(tmp_path)
    check("scale", assignment=str(toy_folder), namespace=notebook_namespace(STUBS))
    assert "TODO  scale: not implemented yet (1 check)" in capsys.readouterr().out


def test_check_leaves_the_notebooks_random_streams_as_they_were(toy_folder, notebook_namespace, monkeypatch, capsys):
    monkeypatch.chdir(toy_folder)
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    check(namespace=notebook_namespace(CORRECT))  # seeds every call, as the worker does
    assert torch.equal(torch.rand(3), expected)


def _python(code: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(REPO), **env}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=environment, capture_output=True, text=True,
                          timeout=120)


def test_check_does_nothing_inside_the_graders_worker(tmp_path):
    # No assignment.yaml here: anything but an immediate return would raise.
    result = _python("import sys\nfrom autograder import check\nprint(check('nms'), check(), "
                     "'autograder.student.runner' in sys.modules, 'pytest' in sys.modules)",
                     tmp_path, AUTOGRADER_WORKER="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None None False False"


def test_check_needs_none_of_the_grading_extras(toy_folder):
    code = ("import sys\nfrom autograder import check\n"
            "def add(a, b):\n    return a + b\n"
            "check('add')\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('nbconvert', 'jsonschema', 'matplotlib', "
            "'nbclient')))")
    result = _python(code, toy_folder, MPLBACKEND="Agg")
    assert result.returncode == 0, result.stderr
    assert "PASS  add: all 2 checks passed" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_a_stub_caught_by_a_test_expecting_another_exception_is_still_not_implemented(tmp_path, notebook_namespace):
    folder = tmp_path / "raises"
    (folder / "tests").mkdir(parents=True)
    (folder / "assignment.yaml").write_text("title: raises\n")
    (folder / "tests" / "test_checked_sqrt.py").write_text(
        "import pytest\nfrom autograder.errors import StudentError\n\n\n"
        "@pytest.mark.points(1, visibility='visible')\n"
        "def test_negative_input_raises_value_error(submission):\n"
        "    try:\n        submission.checked_sqrt(-1.0)\n"
        "    except StudentError as error:\n"
        "        assert 'ValueError' in str(error), f'should raise ValueError, but raised:\\n{error}'\n")
    suite = PublicSuite.from_folder(folder)
    stub = notebook_namespace("def checked_sqrt(x):\n    raise NotImplementedError\n")
    assert [t.status for t in run_in_namespace(suite, stub).tests] == [NOT_IMPLEMENTED]
    wrong = notebook_namespace("def checked_sqrt(x):\n    raise TypeError('negative')\n")
    assert [t.status for t in run_in_namespace(suite, wrong).tests] == [FAILED]
