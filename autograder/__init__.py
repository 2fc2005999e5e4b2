"""Sandboxed pytest autograder for PyTorch notebook assignments.

Students use :func:`check` inside their notebook; TAs use the ``autograder`` command.
"""

__version__ = "0.1.0"

__all__ = ["__version__", "check"]


def check(question: str | None = None, *, assignment: str | None = None):
    """Run the public tests of one question (or all) against the notebook's current state."""
    from autograder.student.check import check as _check

    return _check(question, assignment=assignment)
