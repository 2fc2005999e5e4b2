"""The assignment's given code is what runs, whatever the student's copy of it says.

A notebook hands students code they should not need to change: imports, the exam's network,
helpers. A slip in it must never cost points and a different version must never earn any, so the
grader runs the assignment's own version of every given cell (nbgrader does the same for its
read-only cells):

- a cell whose metadata names a given cell (``"autograder": {"given": "<id>"}``) becomes that
  given cell; functions and classes the student added to it are kept after the given code;
- where the metadata was lost (Colab, VS Code, code pasted into a fresh notebook) a top-level
  ``def`` or ``class`` of a given name is recognised by that name: the first one found becomes its
  whole given cell (imports included), a later one becomes the given definition again;
- a given cell found nowhere is put back right after the given cell that stands before it;
- a class the student completes (``"student": ["SubNet.forward"]`` in the metadata) keeps the
  student's listed methods, and any methods the student added, inside the given class.

Only the grader process reads the assignment's notebook: nothing here runs student code, it
rearranges source text before the worker sees it.
"""

from __future__ import annotations

import ast
import json
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from autograder.errors import GraderError
from autograder.ingest.model import CodeCell

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
INSERTED_CELL_NUMBER = 0  # cells put back by the grader have no number in the student's notebook


def given_cell_id(cell: dict) -> str | None:
    """The id under which the assignment marked this cell as given code, if it did (a short string)."""
    metadata = cell.get("metadata")
    marker = metadata.get("autograder") if isinstance(metadata, dict) else None
    given = marker.get("given") if isinstance(marker, dict) else None
    return given if isinstance(given, str) and 0 < len(given) <= 100 else None


@dataclass(frozen=True)
class GivenCell:
    """One given code cell of the assignment notebook."""

    id: str
    source: str
    student: tuple[str, ...] = ()  # "Class.method" written by the student inside a given class

    @property
    def tree(self) -> ast.Module:
        return ast.parse(self.source)

    @property
    def names(self) -> tuple[str, ...]:
        """The functions and classes this cell defines at top level, by which copies are recognised."""
        return tuple(node.name for node in self.tree.body if isinstance(node, _DEFINITIONS))

    def student_methods(self, class_name: str) -> tuple[str, ...]:
        return tuple(m.split(".", 1)[1] for m in self.student if m.split(".", 1)[0] == class_name)


@dataclass(frozen=True)
class GivenCode:
    """Every given cell of an assignment, in notebook order."""

    cells: tuple[GivenCell, ...]

    @property
    def owners(self) -> dict[str, GivenCell]:
        return {name: cell for cell in self.cells for name in cell.names}


@dataclass
class Restored:
    """The cells to run, and which given cells the student's notebook changed or lacked."""

    cells: list[CodeCell]
    changed: dict[str, int] = field(default_factory=dict)   # given id -> the student's cell number
    missing: list[GivenCell] = field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        """One sentence per given cell that was not there as given, for the student and the TA."""
        return ([_changed_note(self._given[gid], number) for gid, number in self.changed.items()]
                + [_missing_note(cell) for cell in self.missing])

    _given: dict[str, GivenCell] = field(default_factory=dict, repr=False)


def read_given_code(notebook: Path) -> GivenCode:
    """The given cells of an assignment notebook; a malformed marking is the course author's error.

    A course without a student notebook (scripts only) gives no code, so nothing is restored.
    """
    path = Path(notebook).resolve()
    return _read_given_code(str(path)) if path.is_file() else GivenCode(())


@lru_cache(maxsize=32)
def _read_given_code(notebook: str) -> GivenCode:
    try:
        cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError) as error:
        raise GraderError(f"cannot read the assignment notebook {notebook}: {error}") from error
    given: list[GivenCell] = []
    for cell in cells:
        given_id = given_cell_id(cell) if cell.get("cell_type") == "code" else None
        if given_id is None:
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        student = tuple(cell["metadata"]["autograder"].get("student", ()))
        given.append(GivenCell(given_id, source, student))
    _check_marking(notebook, given)
    return GivenCode(tuple(given))


def _check_marking(notebook: str, cells: list[GivenCell]) -> None:
    ids = [cell.id for cell in cells]
    if len(set(ids)) != len(ids):
        raise GraderError(f"{notebook}: two given cells share an id ({ids})")
    seen: set[str] = set()
    for cell in cells:
        try:
            tree = cell.tree
        except SyntaxError as error:
            raise GraderError(f"{notebook}: the given cell {cell.id!r} is not valid Python: {error}") from error
        if seen & set(cell.names):
            raise GraderError(f"{notebook}: {sorted(seen & set(cell.names))} defined in two given cells")
        seen |= set(cell.names)
        classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
        for entry in cell.student:
            class_name, _, method = entry.partition(".")
            if class_name not in classes or method not in _methods(classes[class_name]):
                raise GraderError(f"{notebook}: given cell {cell.id!r} lists {entry!r}, which it does not define")


def restore_given(cells: tuple[CodeCell, ...] | list[CodeCell], given: GivenCode) -> Restored:
    """The student's cells with the assignment's given code in place of the student's copy of it."""
    if not given.cells:
        return Restored(list(cells))
    by_id = {cell.id: cell for cell in given.cells}
    owners = given.owners
    parsed = [_parse(cell.source) for cell in cells]
    student_classes = _student_classes(cells, parsed, given)
    placed: dict[str, int] = {}         # given id -> index in the output where its code first stands
    differs: dict[str, int] = {}        # given id -> number of the student's cell that differed
    output: list[CodeCell] = []
    for cell, tree in zip(cells, parsed):
        own = by_id.get(cell.given) if cell.given else None
        if tree is None:  # a syntax error: the student's cell stays (and is reported) unless it is given
            if own is not None:
                placed.setdefault(own.id, len(output))
                differs.setdefault(own.id, cell.number)
                output.append(CodeCell(cell.number, _render(own, student_classes), own.id))
            else:
                output.append(cell)
            continue
        pieces: list[str] = []
        body = tree.body
        lines = cell.source.splitlines(keepends=True)
        # What this cell's own classes make of the given code: a change is judged cell by cell.
        here = {**student_classes, **{n.name: (n, lines) for n in body
                                      if isinstance(n, ast.ClassDef) and n.name in student_classes}}
        if own is not None:
            placed.setdefault(own.id, len(output))
            kept = [node for node in body if not (isinstance(node, _DEFINITIONS) and node.name in own.names)]
            extras = [node for node in kept if isinstance(node, _DEFINITIONS)]
            if _dump([n for n in body if n not in extras]) != _dump(ast.parse(_render(own, here)).body):
                differs.setdefault(own.id, cell.number)
            pieces.append(_render(own, student_classes))
            body = extras
        last = 0
        for node in body:
            owner = owners.get(node.name) if isinstance(node, _DEFINITIONS) else None
            if owner is None:
                if own is not None:  # the student's own function in a given cell: kept after the given code
                    pieces.append(_segment(lines, _first_line(node), node.end_lineno))
                continue
            if own is None:
                pieces.append("".join(lines[last:_first_line(node) - 1]))
                last = node.end_lineno
            mine = {**here, node.name: (node, lines)} if node.name in student_classes else here
            if _dump([node]) != _dump([_find(ast.parse(_render(owner, mine)), node.name)]):
                differs.setdefault(owner.id, cell.number)
            if owner.id not in placed:
                placed[owner.id] = len(output)
                replacement = _render(owner, student_classes)
            else:
                replacement = _definition(owner, node.name, student_classes)
            pieces.append(replacement if replacement.endswith("\n") else replacement + "\n")
        if own is None:
            pieces.append("".join(lines[last:]))
        source = "\n\n".join(p.strip("\n") for p in pieces if p.strip()) + "\n" if own is not None else "".join(pieces)
        output.append(CodeCell(cell.number, source, cell.given))
    restored = Restored(output, differs, [], by_id)
    for index, missing in enumerate(given.cells):
        if missing.id in placed:
            continue
        before = [placed[c.id] for c in given.cells[:index] if c.id in placed]
        at = max(before) + 1 if before else 0
        output.insert(at, CodeCell(INSERTED_CELL_NUMBER, _render(missing, student_classes), missing.id))
        placed = {gid: (i + 1 if i >= at else i) for gid, i in placed.items()}
        placed[missing.id] = at
        restored.missing.append(missing)
    return restored


def _changed_note(cell: GivenCell, number: int) -> str:
    what = f" ({', '.join(cell.names)})" if cell.names else ""
    return (f"Cell {number} changes the given code '{cell.id}'{what}; the grader ran the assignment's given "
            "version instead. Given code never costs or earns points.")


def _missing_note(cell: GivenCell) -> str:
    what = f" ({', '.join(cell.names)})" if cell.names else ""
    return (f"The given code '{cell.id}'{what} was missing from your notebook; the grader put the assignment's "
            "given version back where it stood.")


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def _student_classes(cells: tuple[CodeCell, ...] | list[CodeCell], parsed: list[ast.Module | None],
                     given: GivenCode) -> dict[str, tuple[ast.ClassDef, list[str]]]:
    """The student's last top-level version of each class they complete, with its cell's lines."""
    wanted = {entry.split(".", 1)[0] for cell in given.cells for entry in cell.student}
    found: dict[str, tuple[ast.ClassDef, list[str]]] = {}
    for cell, tree in zip(cells, parsed):
        if tree is None:
            continue
        lines = cell.source.splitlines(keepends=True)
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and node.name in wanted:
                found[node.name] = (node, lines)
    return found


def _render(cell: GivenCell, student_classes: dict[str, tuple[ast.ClassDef, list[str]]]) -> str:
    """The given cell's source with the student's methods in the classes they complete."""
    if not cell.student:
        return cell.source
    lines = cell.source.splitlines(keepends=True)
    classes = [node for node in cell.tree.body if isinstance(node, ast.ClassDef) and cell.student_methods(node.name)]
    for node in sorted(classes, key=lambda n: n.lineno, reverse=True):  # bottom up: earlier line numbers hold
        lines[_first_line(node) - 1:node.end_lineno] = _merged_class(cell, node, lines, student_classes.get(node.name))
    return "".join(lines)


def _merged_class(cell: GivenCell, given: ast.ClassDef, lines: list[str],
                  student: tuple[ast.ClassDef, list[str]] | None) -> list[str]:
    text = lines[_first_line(given) - 1:given.end_lineno]
    if student is None:
        return text
    student_node, student_lines = student
    theirs = _methods(student_node)
    ours = _methods(given)
    offset = _first_line(given) - 1
    indent = _indent_of(lines[ours[next(iter(ours))].lineno - 1]) if ours else "    "
    for name in sorted(cell.student_methods(given.name), key=lambda n: ours[n].lineno, reverse=True):
        if name in theirs:
            method = ours[name]
            text[_first_line(method) - 1 - offset:method.end_lineno - offset] = _reindented(theirs[name], student_lines, indent)
    for name, method in theirs.items():  # helpers the student added to the class
        if name not in ours:
            text.extend(["\n", *_reindented(method, student_lines, indent)])
    return text


def _reindented(node: ast.stmt, lines: list[str], indent: str) -> list[str]:
    block = textwrap.dedent(_segment(lines, _first_line(node), node.end_lineno))
    return textwrap.indent(block if block.endswith("\n") else block + "\n", indent).splitlines(keepends=True)


def _definition(cell: GivenCell, name: str, student_classes: dict[str, tuple[ast.ClassDef, list[str]]]) -> str:
    rendered = _render(cell, student_classes)
    node = _find(ast.parse(rendered), name)
    return _segment(rendered.splitlines(keepends=True), _first_line(node), node.end_lineno)


def _find(tree: ast.Module, name: str) -> ast.stmt:
    return next(node for node in tree.body if isinstance(node, _DEFINITIONS) and node.name == name)


def _methods(node: ast.ClassDef) -> dict[str, ast.stmt]:
    return {m.name: m for m in node.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))}


def _first_line(node: ast.stmt) -> int:
    decorators = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)])


def _segment(lines: list[str], start: int, end: int | None) -> str:
    return "".join(lines[start - 1:end])


def _indent_of(line: str) -> str:
    return line[:len(line) - len(line.lstrip())]


def _dump(nodes: list[ast.stmt]) -> str:
    return "\n".join(ast.dump(node) for node in nodes)
