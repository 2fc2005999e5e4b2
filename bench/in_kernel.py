"""The kernel-based way of grading, run inside the student's Jupyter kernel (as Otter and nbgrader do).

After the notebook's cells have run, one more cell calls :func:`grade_here`: pytest runs the
public and hidden suites in the kernel with the grader's own plugin (same tests, same points,
same comparisons), but ``submission.f(...)`` calls the notebook's ``f`` directly in the kernel's
namespace instead of in a forked worker. No isolation, no input checks: the cheapest honest
version of the old way, so the ratio we report is not inflated.
"""

from __future__ import annotations

import io
import time
import traceback
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any, Callable

import pytest
import torch

from autograder.assignment import load_assignment
from autograder.errors import MissingFunction, StudentError
from autograder.grading.plugin import GradingPlugin, isolated_pytest_args, split_device_points



class _Namespace:
    """The notebook's globals seen as a module: what ``submission.run(helper)`` hands to ``helper``."""

    def __init__(self, names: dict) -> None:
        self._names = names

    def __getattr__(self, name: str) -> Any:
        try:
            return self._names[name]
        except KeyError:
            raise AttributeError(name) from None


class InKernelSubmission:
    """``submission`` for tests that run in the same process as the student's code."""

    def __init__(self, names: dict) -> None:
        self._names = names

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.call(name, *args, **kwargs)

    def call(self, name: str, *args: Any, mutates_inputs: bool = False, allow_views: bool = False, **kwargs: Any) -> Any:
        if name not in self._names:
            raise MissingFunction(f"your notebook does not define `{name}`")
        return self._student(self._names[name], name, *args, **kwargs)

    def run(self, helper: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return self._student(helper, helper.__name__, _Namespace(self._names), *args, **kwargs)

    @property
    def notebook_problems(self) -> list[dict]:
        return []

    @staticmethod
    def _student(function: Callable[..., Any], name: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - the student's failure, worded as the worker words it
            detail = "".join(traceback.format_exception_only(type(error), error)).rstrip()
            raise StudentError(f"{name}(...) raised an exception:\n{detail}") from None


def grade_here(assignment_name: str, root: str, names: dict) -> dict:
    """Run both suites against the notebook's namespace ``names``; returns the score and the time it took."""
    started = time.perf_counter()
    assignment = load_assignment(assignment_name, Path(root))
    plugin = GradingPlugin(proxy_factory=lambda reveal: InKernelSubmission(names),
                           reference_loader=assignment.load_reference, devices=assignment.devices,
                           cuda_available=torch.cuda.is_available())
    args = isolated_pytest_args(assignment.test_paths(), assignment.root) + ["-q", "--tb=no", "-rN", "--disable-warnings"]
    sink = io.StringIO()
    with redirect_stdout(sink), redirect_stderr(sink):
        exit_code = pytest.main(args, plugins=[plugin])
    outcomes = split_device_points(plugin.outcomes)
    return {"score": round(sum(o.score for o in outcomes), 4), "max_score": round(sum(o.max_score for o in outcomes), 4),
            "tests": len(outcomes), "exit_code": int(exit_code), "seconds": time.perf_counter() - started}
