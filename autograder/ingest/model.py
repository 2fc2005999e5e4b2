"""What the ingest stage hands to the rest of the grader: code cells to run, and why a file was refused."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from autograder.errors import NotebookError


@dataclass(frozen=True)
class CodeCell:
    """One code cell, ready to compile as plain Python.

    ``number`` is the 1-based position among the notebook's code cells, which is what a student
    counts when told "cell 3"; cells that were skipped keep their number, so numbers can have gaps.
    The worker compiles ``source`` with the filename ``f"<cell {number}>"``. ``given`` is the id of
    the assignment's given cell this cell claims to be (its notebook metadata), if any.
    """

    number: int
    source: str
    given: str | None = None

    @property
    def filename(self) -> str:
        return f"<cell {self.number}>"


@dataclass(frozen=True)
class Submission:
    """A submission read into memory; nothing of it has run.

    ``sha256`` covers the raw bytes at ``path`` (the whole zip for a zip), so a re-grade can tell
    whether the student changed anything. ``warnings`` are addressed to the student.
    """

    path: Path
    graded_file: str
    sha256: str
    cells: tuple[CodeCell, ...]
    warnings: tuple[str, ...]


class IngestError(NotebookError):
    """The submitted file cannot be graded; ``message`` tells the student why in a sentence or two.

    It derives from :class:`~autograder.errors.NotebookError` because an unreadable file is the
    submission's failure, never a grader bug.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
