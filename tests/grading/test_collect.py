"""A suite's points read from its source agree with pytest's collection, and ``autograder list`` needs no torch."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from autograder.assignment import list_assignments, load_assignment
from autograder.grading.collect import question_points, read_points, suite_points

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", list_assignments())
def test_reading_the_source_gives_the_points_collecting_gives(name):
    assignment = load_assignment(name)
    read = read_points(assignment)
    assert read is not None, (f"{name}: the points cannot be read from the test files' source, so `autograder list` "
                              "must import the suite (and torch); see autograder/grading/collect.py for what it reads")
    assert read == suite_points(assignment)


def test_autograder_list_imports_neither_torch_nor_pytest():
    script = ("import sys\nfrom autograder.cli import main\nassert main(['list']) == 0\n"
              "print(sorted(m for m in ('torch', 'pytest', 'matplotlib', 'nbformat', 'jsonschema') if m in sys.modules))")
    finished = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.strip().splitlines()[-1] == "[]"
    for name in list_assignments():
        assert name in finished.stdout


COURSE_TEST = '''
import pytest
import torch

DTYPES = [pytest.param(torch.float32, id="float32"), pytest.param(torch.float64, id="float64")]

@pytest.mark.points(1.5, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(2, 3), (4,)])
def test_cases_multiply(submission, dtype, shape, device):
    pass

@pytest.mark.points(2, question="other")
def test_named_question(submission):
    pass

def test_without_points(submission):
    pass

def helper_not_a_test():
    pass
'''


def course(tmp_path: Path, hidden: dict[str, str]) -> Path:
    root = tmp_path / "course"
    (root / "assignments" / "mini").mkdir(parents=True)
    (root / "assignments" / "mini" / "assignment.yaml").write_text("title: Mini\ndevices: [cpu, cuda]\n")
    (root / "hidden_tests" / "mini").mkdir(parents=True)
    for name, text in hidden.items():
        (root / "hidden_tests" / "mini" / name).write_text(textwrap.dedent(text))
    return root


def test_parametrised_cases_count_once_each_and_devices_share(tmp_path):
    assignment = load_assignment("mini", course(tmp_path, {"test_mini.py": COURSE_TEST}))
    assert read_points(assignment) == {"mini": 1.5 * 4, "other": 2.0} == suite_points(assignment)


@pytest.mark.parametrize("twist", [
    "CASES = [1, 2]\nCASES.append(3)\n@pytest.mark.points(1)\n@pytest.mark.parametrize('x', [c for c in CASES])\n"
    "def test_computed(x):\n    pass\n",
    "@pytest.fixture(params=[1, 2, 3])\ndef value(request):\n    return request.param\n"
    "@pytest.mark.points(1)\ndef test_fixture_cases(value):\n    pass\n",
    "class TestGrouped:\n    @pytest.mark.points(1)\n    def test_in_a_class(self):\n        pass\n",
    "pytestmark = pytest.mark.points(1)\ndef test_module_marked():\n    pass\n",
    "def pytest_generate_tests(metafunc):\n    pass\n@pytest.mark.points(1)\ndef test_hooked():\n    pass\n",
    "POINTS = 2\n@pytest.mark.points(POINTS)\ndef test_points_from_a_name():\n    pass\n",
], ids=["computed parameters", "parametrised fixture", "test class", "pytestmark", "hook", "points from a name"])
def test_what_only_collecting_can_count_is_collected(tmp_path, twist):
    assignment = load_assignment("mini", course(tmp_path, {"test_twist.py": "import pytest\n" + twist}))
    assert read_points(assignment) is None
    assert question_points(assignment) == suite_points(assignment)
    assert sum(question_points(assignment).values()) > 0


def test_a_conftest_hook_makes_it_collect_too(tmp_path):
    root = course(tmp_path, {"test_mini.py": COURSE_TEST, "conftest.py": "def pytest_collection_modifyitems(items):\n"
                                                                          "    del items[1:]\n"})
    assignment = load_assignment("mini", root)
    assert read_points(assignment) is None
    assert question_points(assignment) == suite_points(assignment) == {"mini": 1.5}


def test_an_assignment_without_tests_is_worth_nothing_and_collects_nothing_else(tmp_path):
    assignment = load_assignment("mini", course(tmp_path, {}))
    (assignment.root / "hidden_tests" / "mini").rmdir()
    assert read_points(assignment) == {} == suite_points(assignment)
