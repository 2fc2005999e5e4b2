"""Run an assignment's public tests against one session, with the grader's plugin, proxy and pytest setup.

The session decides where the student's code runs (the notebook's kernel, or a sandboxed worker
for ``autograder check``); everything between the test and the session is the grader's own code,
so a message here is the message the grader writes.
"""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from typing import Any

import pytest

from autograder.errors import GraderError
from autograder.grading.plugin import (GradingPlugin, TestOutcome, isolated_pytest_args, marker_fields,
                                       split_device_points)
from autograder.grading.proxy import SubmissionProxy
from autograder.student.report import (FAILED, GRADER_ERROR, NOT_IMPLEMENTED, PASSED, CheckedTest, CheckReport,
                                       raised_not_implemented)
from autograder.student.suite import PublicSuite, UnknownQuestion
from autograder.worker.session import Session


def pytest_arguments(suite: PublicSuite) -> list[str]:
    """The grader's isolation, for the public tests alone."""
    return isolated_pytest_args([suite.tests_dir], suite.root) + [
            "--capture=sys", "-q", "--no-header", "--tb=no", "-rN", "--disable-warnings",
            # their unconfigure runs gc.collect() over torch's objects, 0.1-0.3 s; they only ever warn
            "-p", "no:unraisableexception", "-p", "no:threadexception"]


class _QuestionFilter:
    """Keeps one question's tests (module name without ``test_``, or the marker's ``question``)."""

    def __init__(self, question: str | None) -> None:
        self.question = question
        self.known: list[str] = []
        self.not_implemented: set[str] = set()

    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        questions = [marker_fields(item, item.get_closest_marker("points"))[3] for item in items]
        self.known = list(dict.fromkeys(questions))
        if self.question is None:
            return
        kept = [item for item, question in zip(items, questions) if question == self.question]
        dropped = [item for item, question in zip(items, questions) if question != self.question]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
        items[:] = kept

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo) -> Any:
        yield
        if call.when == "call" and call.excinfo is not None and raised_not_implemented(call.excinfo.value):
            self.not_implemented.add(item.nodeid)


def _no_reference() -> Any:
    raise GraderError("a public test asked for the reference solution, which students do not have; "
                      "public tests may use only the `submission` fixture (see docs/authoring.md)")


def run_public_tests(suite: PublicSuite, session: Session, *, question: str | None = None,
                     cuda_available: bool = False) -> CheckReport:
    """Run the public tests (all, or one question's) through ``session``; raise UnknownQuestion for a bad name."""
    plugin = GradingPlugin(proxy_factory=lambda reveal: SubmissionProxy(session, reveal),
                           reference_loader=_no_reference, devices=suite.devices, cuda_available=cuda_available)
    selector = _QuestionFilter(question)
    report = CheckReport(assignment=suite.name, title=suite.title, question=question, tests=[])
    if not suite.tests_dir.is_dir():
        report.broken = True
        report.notes.append(f"This assignment has no public tests (no folder {suite.tests_dir}).")
        return report
    with redirect_stdout(io.StringIO()):
        exit_code = pytest.main(pytest_arguments(suite), plugins=[plugin, selector])
    if exit_code == pytest.ExitCode.INTERRUPTED:
        raise KeyboardInterrupt
    if plugin.collection_errors or exit_code in (pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR):
        report.broken = True
        report.notes.append("The public tests could not be loaded. This is a problem with the course files, not "
                            "with your work; please tell the course staff.\n" + "\n".join(plugin.collection_errors))
        return report
    if question is not None and question not in selector.known:
        raise UnknownQuestion(f"{suite.name} has no question {question!r}; its questions are: "
                              f"{', '.join(selector.known) or 'none'}. Call check() without a question to run them all.")
    report.tests = [_checked(outcome, selector.not_implemented) for outcome in split_device_points(plugin.outcomes)]
    return report


def _checked(outcome: TestOutcome, not_implemented: set[str]) -> CheckedTest:
    if outcome.status == PASSED:
        status = PASSED
    elif outcome.nodeid in not_implemented:
        status = NOT_IMPLEMENTED
    elif outcome.status == GRADER_ERROR:
        status = GRADER_ERROR
    else:
        status = FAILED
    return CheckedTest(name=outcome.name, question=outcome.question, status=status, message=outcome.output,
                       points=outcome.max_score)
