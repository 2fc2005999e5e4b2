"""Split a code cell into units: one per function, one per method, one for the rest of each class, and
one for the cell's loose statements.

Units are what makes the comparison blind to the order of functions: fingerprints never span two
units, so moving a function, or a method within its class, changes no fingerprint. They are also the
granularity at which the assignment's skeleton is recognised (an unchanged stub, an unchanged demo
cell) and dropped. Only the parser looks at the code; nothing runs.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

Position = tuple[int, int]  # (line, column) as the tokenizer reports them: line 1-based, column 0-based

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


@dataclass
class RawUnit:
    """Where one unit stands in its cell, and which of its stretches are not the student's reasoning.

    ``skipped`` holds half-open position ranges whose tokens are left out: docstrings (prose, not code)
    and function headers (the signature the notebook gives; a header is never evidence of copying).
    """

    name: str
    kind: str                     # "function", "method", "class" (its body less the methods) or "loose"
    lines: list[int]              # the cell's lines it covers, in order
    owner: str | None = None      # the class of a method
    skipped: list[tuple[Position, Position]] = field(default_factory=list)


def parse_cell(source: str) -> ast.Module | None:
    """The cell's syntax tree, or None for a cell that does not parse (it is then compared as one loose unit)."""
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None


def split_units(tree: ast.Module | None, line_count: int, cell_number: int) -> list[RawUnit]:
    """The cell's units in source order; a cell that does not parse is one loose unit."""
    loose = RawUnit(f"cell {cell_number}", "loose", [])
    if tree is None:
        loose.lines = list(range(1, line_count + 1))
        return [loose]
    units: list[RawUnit] = []
    for node in tree.body:
        first, last = first_line(node), node.end_lineno or node.lineno
        if isinstance(node, _FUNCTIONS):
            units.append(_function_unit(node, node.name, "function", first, last))
        elif isinstance(node, ast.ClassDef):
            units.extend(_class_units(node, first, last))
        else:
            loose.lines.extend(range(first, last + 1))
            loose.skipped.extend(_docstrings([node]))
    if loose.lines:
        units.append(loose)
    return units


def _class_units(node: ast.ClassDef, first: int, last: int) -> list[RawUnit]:
    rest = RawUnit(node.name, "class", [], skipped=_docstrings(node.body))
    methods = []
    method_lines: set[int] = set()
    for child in node.body:
        if isinstance(child, _FUNCTIONS):
            start, end = first_line(child), child.end_lineno or child.lineno
            methods.append(_function_unit(child, f"{node.name}.{child.name}", "method", start, end, owner=node.name))
            method_lines.update(range(start, end + 1))
    rest.lines = [line for line in range(first, last + 1) if line not in method_lines]
    return [rest, *methods]


def _function_unit(node: ast.FunctionDef | ast.AsyncFunctionDef, name: str, kind: str, first: int, last: int,
                   owner: str | None = None) -> RawUnit:
    body_start = (node.body[0].lineno, node.body[0].col_offset)
    header = ((node.lineno, node.col_offset), body_start)
    return RawUnit(name, kind, list(range(first, last + 1)), owner, [header, *_docstrings(node.body)])


def _docstrings(body: list[ast.stmt]) -> list[tuple[Position, Position]]:
    """Bare string statements anywhere in ``body`` (docstrings, and prose written as a string): not code.

    Only statement lists are visited, never expressions: a cell's expressions outnumber its statements.
    """
    found = []
    pending = list(body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            # To the start of the next line: the string's NEWLINE goes too, so deleting it changes nothing.
            found.append(((node.lineno, node.col_offset), (node.end_lineno + 1, 0)))
            continue
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(node, name, None)
            if isinstance(children, list):
                pending.extend(children)
    return sorted(found)


def first_line(node: ast.stmt) -> int:
    """Where a definition starts: its first decorator, else its own line."""
    decorators = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)])


def top_level_names(tree: ast.Module | None) -> dict[str, ast.stmt]:
    """The functions and classes a cell defines at top level, by name."""
    if tree is None:
        return {}
    return {node.name: node for node in tree.body if isinstance(node, _DEFINITIONS)}


@dataclass(frozen=True)
class Bound:
    """Names the code itself gives a meaning to, so a copier may rename them.

    ``names``: variables, parameters, its own functions and classes, import aliases; ``attributes``:
    attributes it assigns (``self.conv1 = ...``). Names it only uses (``torch``, ``argsort``, ``.shape``,
    ``len``, a keyword of a library call) are in neither: they carry the solution's content, and keeping
    them keeps unrelated solutions apart. The two are apart so that ``device = boxes.device`` does not
    make every ``.device`` a placeholder.
    """

    names: frozenset[str] = frozenset()
    attributes: frozenset[str] = frozenset()

    def __or__(self, other: "Bound") -> "Bound":
        return Bound(self.names | other.names, self.attributes | other.attributes)


def bound_names(tree: ast.Module | None) -> Bound:
    """What ``tree`` binds (see :class:`Bound`)."""
    names: set[str] = set()
    attributes: set[str] = set()
    if tree is None:
        return Bound()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and not isinstance(node.ctx, ast.Load):
            attributes.add(node.attr)
        elif isinstance(node, _DEFINITIONS):
            names.add(node.name)
            if isinstance(node, _FUNCTIONS):
                attributes.add(node.name)  # a method is called as self.name(...)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias) and node.asname:
            names.add(node.asname)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names.update(node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            names.add(node.rest)
    return Bound(frozenset(names), frozenset(attributes))
