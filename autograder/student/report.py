"""What a check found, in the student's terms: per test, passed, failed, or not implemented yet."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from autograder.errors import StudentError

PASSED = "passed"
FAILED = "failed"
NOT_IMPLEMENTED = "not_implemented"
GRADER_ERROR = "grader_error"

# The worker's message ends with the exception line, unindented; the traceback lines above it are indented.
_NOT_IMPLEMENTED_LINE = re.compile(r"^NotImplementedError\b", re.MULTILINE)


def raised_not_implemented(error: BaseException | None) -> bool:
    """True when the student's code raised NotImplementedError: the stub is still in place.

    The StudentError may also be the cause or context of the test's own failure (a test that
    expects some other exception catches it and fails with a plain assert).
    """
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, StudentError):
            _, _, details = error.message.partition("\n")
            if _NOT_IMPLEMENTED_LINE.search(details):
                return True
        error = error.__cause__ or error.__context__
    return False


@dataclass(frozen=True)
class CheckedTest:
    name: str
    question: str
    status: str  # PASSED, FAILED, NOT_IMPLEMENTED or GRADER_ERROR
    message: str = ""
    points: float = 0.0


@dataclass
class CheckReport:
    """The public tests' verdict on one notebook; ``notes`` are problems outside any one test."""

    assignment: str
    title: str
    question: str | None
    tests: list[CheckedTest]
    notes: list[str] = field(default_factory=list)
    broken: bool = False  # the tests could not run at all (unreadable notebook, suite not loadable)

    @property
    def passed(self) -> bool:
        return not self.broken and bool(self.tests) and all(t.status == PASSED for t in self.tests)

    def count(self, status: str) -> int:
        return sum(1 for t in self.tests if t.status == status)

    def questions(self) -> dict[str, list[CheckedTest]]:
        grouped: dict[str, list[CheckedTest]] = {}
        for test in self.tests:
            grouped.setdefault(test.question, []).append(test)
        return grouped

    def summary(self) -> dict:
        """Counts for machines (a notebook's outputs, CI); the rendering is for people."""
        return {"assignment": self.assignment, "question": self.question, "total": len(self.tests),
                "passed": self.count(PASSED), "failed": self.count(FAILED),
                "not_implemented": self.count(NOT_IMPLEMENTED), "grader_errors": self.count(GRADER_ERROR),
                "broken": self.broken, "all_passed": self.passed}
