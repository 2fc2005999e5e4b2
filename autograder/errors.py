"""Exceptions that say whose fault a failure is.

Everything here that derives from :class:`SubmissionFailure` is the student's: the grader shows
it as the test's failure. Any other exception escaping a test is a grader bug and is reported as
one ("not your fault"), never as the student's.
"""

from __future__ import annotations


class SubmissionFailure(AssertionError):
    """A failure caused by the submission. Subclasses AssertionError so pytest treats it as a failed check."""

    def __init__(self, message: str, *, student_output: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.student_output = student_output

    def __str__(self) -> str:
        return self.message


class StudentError(SubmissionFailure):
    """The student's code raised; ``message`` holds the exception and the student's traceback lines."""


class MissingFunction(SubmissionFailure):
    """The notebook does not define the name a test asked for."""


class WorkerTimeout(SubmissionFailure):
    """A call or the notebook's top-level code ran past its time limit."""


class LimitExceeded(SubmissionFailure):
    """The student's processes went over a resource limit (memory, disk, processes, output)."""


class WorkerCrashed(SubmissionFailure):
    """The worker process died or stopped answering without a reply."""


class BadReply(SubmissionFailure):
    """The worker's reply could not be decoded as plain data."""


class NotebookError(SubmissionFailure):
    """The notebook could not be read or did not run, so no function can be called."""


class GraderError(Exception):
    """A problem of the grader's own (bad configuration, missing reference); never the student's fault."""
