"""The student's side: ``check()`` inside a notebook and ``autograder check`` in a shell.

Both run the assignment's public tests through the grader's own plugin, proxy and comparisons,
so a check says what the grader will say about the same code. Nothing here needs the hidden
tests or the reference solutions, and nothing here imports the grading extras (nbconvert,
jsonschema, matplotlib), so the student install stays small.
"""

from autograder.student.check import check
from autograder.student.export import export

__all__ = ["check", "export"]
