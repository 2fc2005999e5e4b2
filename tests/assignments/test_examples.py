"""Every bundled example gets exactly the score its assignment says, and every suite passes its audit."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from autograder.assignment import list_assignments, load_assignment
from autograder.audit import audit, format_table
from autograder.grading.grade import grade_submission
from autograder.report.results import build_results
from autograder.report.schema import validation_errors

ASSIGNMENTS = list_assignments()


def expected_scores(name: str) -> dict[str, float]:
    path = load_assignment(name).examples / "expected.yaml"
    assert path.is_file(), f"{path} is missing: every assignment states the scores of its examples"
    return {str(k): float(v) for k, v in yaml.safe_load(path.read_text()).items()}


def example_cases() -> list:
    cases = []
    for name in ASSIGNMENTS:
        examples = load_assignment(name).examples
        for path in sorted(examples.glob("*.ipynb")):
            cases.append(pytest.param(name, path, id=f"{name}/{path.name}"))
    return cases


def test_every_assignment_has_examples():
    exam = {"adversarial", "conv_arithmetic", "gan_losses", "graph_networks", "layers", "lipschitz", "nms",
            "optimizer_params", "residual"}
    assert exam <= set(ASSIGNMENTS)
    for name in ASSIGNMENTS:
        assert {"correct.ipynb", "partly_wrong.ipynb"} <= {p.name for p in load_assignment(name).examples.glob("*.ipynb")}


@pytest.mark.slow
@pytest.mark.parametrize(("name", "path"), example_cases())
def test_example_gets_its_stated_score(name: str, path: Path, worker):
    assignment = load_assignment(name)
    graded = grade_submission(assignment, path, worker)
    results = build_results(graded)
    assert validation_errors(results) == []
    assert not results["extra_data"]["grader_errors"], results["extra_data"]["grader_errors"]
    assert results["score"] == pytest.approx(expected_scores(name)[path.name]), results["output"]
    if path.name == "correct.ipynb":
        assert results["score"] == results["extra_data"]["max_score"]


@pytest.mark.slow
@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_hidden_suite_passes_its_audit(name: str, worker):
    rows = audit(load_assignment(name), worker)
    assert sum(row.kind == "mutant" for row in rows) >= 8, "at least 8 mutants"
    assert any(row.kind == "wrong variant" for row in rows), "every graded function gets wrong variants"
    assert all(row.ok for row in rows), "\n" + format_table(rows)


def conv_results(example: str, worker) -> dict:
    assignment = load_assignment("conv_arithmetic")
    return build_results(grade_submission(assignment, assignment.examples / example, worker))


def test_conv_arithmetic_partly_wrong_example_is_told_what_is_wrong(worker):
    results = conv_results("partly_wrong.ipynb", worker)
    failing = [t for t in results["tests"] if t["status"] == "failed"]
    assert failing, "the partly wrong example must lose points"
    assert any("not implemented" in t["output"].lower() or "NotImplementedError" in t["output"] for t in failing)
    for test in failing:
        assert test["output"].strip(), f"{test['name']} failed without saying why"
        if test["visibility"] != "visible":
            assert "assert " not in test["output"], "hidden tests must not show their source"


def test_conv_arithmetic_example_that_does_not_parse_scores_zero_with_a_reason(worker):
    results = conv_results("does_not_parse.ipynb", worker)
    assert results["score"] == 0
    assert "could not be read" in results["output"]
    assert all("could not be read" in t["output"] for t in results["tests"])
