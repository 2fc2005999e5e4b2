"""What every student got for free: the assignment notebook's code cells and the reference's given part.

The student notebook holds the given cells (imports, helpers, given classes), the stubs (signatures,
docstrings, ``raise NotImplementedError``), the ``check(...)`` cells and the demo cells. The reference
solution repeats the given definitions (a test keeps them identical) and has its own imports. Two
students who left all of it untouched share every line of it; none of it is evidence of copying.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from autograder.assignment import Assignment
from autograder.errors import GraderError
from autograder.ingest import IngestError, load_submission
from autograder.ingest.given import GivenCode
from autograder.similarity.extract import GivenRule, ParsedCell, parse_cells
from autograder.similarity.units import first_line, parse_cell

REFERENCE_CELL_NUMBER = 0


@dataclass(frozen=True)
class Skeleton:
    cells: tuple[ParsedCell, ...]
    rule: GivenRule

    @property
    def sources(self) -> frozenset[str]:
        """The exact texts of the notebook's cells: a student's cell equal to one is skipped unread."""
        return frozenset(cell.source for cell in self.cells if cell.number != REFERENCE_CELL_NUMBER)


def given_rule(given: GivenCode) -> GivenRule:
    """The grader's rule for given code (:mod:`autograder.ingest.given`), as names to drop."""
    methods: dict[str, frozenset[str]] = {}
    student: set[str] = set(entry for cell in given.cells for entry in cell.student)
    for cell in given.cells:
        for node in cell.tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                methods[node.name] = frozenset()
            elif isinstance(node, ast.ClassDef):
                methods[node.name] = frozenset(m.name for m in node.body
                                               if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)))
    return GivenRule(methods, frozenset(student), frozenset(cell.id for cell in given.cells))


def load_skeleton(assignment: Assignment) -> Skeleton:
    """The notebook's code cells, read by the same ingest as a student's, and the reference's given part."""
    try:
        notebook = load_submission(assignment.notebook_path, assignment.notebook)
    except IngestError as error:
        raise GraderError(f"cannot read the assignment notebook {assignment.notebook_path}: {error}") from error
    rule = given_rule(assignment.given_code)
    cells = parse_cells(notebook.cells)
    reference = _reference_given_part(assignment, rule)
    if reference is not None:
        cells.append(reference)
    return Skeleton(tuple(cells), rule)


def _reference_given_part(assignment: Assignment, rule: GivenRule) -> ParsedCell | None:
    """The reference's imports and given definitions, as one cell (its solutions are not subtracted)."""
    try:
        source = assignment.reference_path.read_text(encoding="utf-8")
        tree = ast.parse(source)
    except (OSError, SyntaxError, ValueError):
        return None
    lines = source.splitlines(keepends=True)
    pieces = []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            pieces.append("".join(lines[node.lineno - 1:node.end_lineno]))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name in rule.methods:
            solved = {line for m in getattr(node, "body", [])
                      if f"{node.name}.{getattr(m, 'name', '')}" in rule.student  # the student's part stays
                      for line in range(first_line(m), m.end_lineno + 1)}
            kept = (lines[i - 1] for i in range(first_line(node), node.end_lineno + 1) if i not in solved)
            pieces.append("".join(kept))
    text = "\n\n".join(piece.strip("\n") for piece in pieces if piece.strip()) + "\n"
    return ParsedCell(REFERENCE_CELL_NUMBER, text, None, parse_cell(text))

