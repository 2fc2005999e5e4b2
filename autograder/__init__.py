"""Sandboxed pytest autograder for PyTorch notebook assignments.

Students use :func:`check` inside their notebook; TAs use the ``autograder`` command.
"""

__version__ = "0.1.0"

__all__ = ["__version__", "check", "export"]


def check(question: str | None = None, *, assignment: str | None = None):
    """Run the public tests of one question (or all) against the notebook's current state."""
    from autograder.student.check import check as _check

    return _check(question, assignment=assignment)


def export(notebook: str | None = None, *, assignment: str | None = None, out: str | None = None):
    """Run the public checks, list unanswered written questions, and write NOTEBOOK-submission.zip to hand in."""
    from autograder.student.export import export as _export

    return _export(notebook, assignment=assignment, out=out)
