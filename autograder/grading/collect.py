"""What a suite is worth, found by collecting it (no student code involved)."""

from __future__ import annotations

import io
from contextlib import redirect_stdout

import pytest

from autograder.assignment import Assignment
from autograder.grading.plugin import GradingPlugin, case_group, isolated_pytest_args, marker_fields


class _Collector(GradingPlugin):
    def __init__(self, devices: tuple[str, ...]) -> None:
        super().__init__(proxy_factory=lambda reveal: None, reference_loader=lambda: None, devices=devices,
                         cuda_available=False)
        self.items: list[pytest.Item] = []

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.items = list(session.items)


def suite_points(assignment: Assignment) -> dict[str, float]:
    """Points per question. Device variants of one test share its points, so count them once."""
    collector = _Collector(assignment.devices)
    args = isolated_pytest_args(assignment.test_paths(), assignment.root) + ["--collect-only", "-q"]
    with redirect_stdout(io.StringIO()):
        pytest.main(args, plugins=[collector])
    points: dict[str, float] = {}
    seen: set[tuple] = set()
    for item in collector.items:
        key = case_group(item)
        if key in seen:
            continue
        seen.add(key)
        value, _, _, question = marker_fields(item, item.get_closest_marker("points"))
        points[question] = points.get(question, 0.0) + value
    return points
