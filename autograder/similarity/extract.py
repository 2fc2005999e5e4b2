"""The code a student wrote: their notebook's units, less everything the assignment handed them.

What the assignment hands out (see :mod:`autograder.similarity.skeleton`) is removed in three ways,
from the coarsest to the finest:

- the grader's own rule for given code (:mod:`autograder.ingest.given`): a definition of a given name
  is the assignment's code, wherever it stands, except the methods the student completes (``"student":
  ["SubNet.forward"]``); the loose statements of a cell marked as given (its imports) are the
  assignment's too. A cell marked as given keeps any function the student added to it, exactly as
  the grader runs it, so the marking cannot hide copied code;
- a unit that, normalised, equals one of the skeleton's (an untouched stub, ``check("nms")``, an
  unchanged demo cell) is dropped;
- the skeleton's k-grams are subtracted from the fingerprints (:mod:`autograder.similarity.fingerprint`),
  which takes the signature and the ``raise NotImplementedError`` leftovers out of a half-done stub.

Only the parser and the tokenizer see the code; nothing runs.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Iterable

from autograder.ingest.model import CodeCell
from autograder.similarity.normalise import Unit, cell_tokens, normalise_units
from autograder.similarity.units import Bound, bound_names, parse_cell, split_units


@dataclass(frozen=True)
class ParsedCell:
    """A code cell with its syntax tree (None when it does not parse)."""

    number: int
    source: str
    given: str | None
    tree: ast.Module | None


@dataclass(frozen=True)
class GivenRule:
    """Which definitions the assignment gives: ``methods[name]`` are the given methods of a given class
    (empty for a function), ``student`` the ``Class.method`` the student completes, ``ids`` the given cells."""

    methods: dict[str, frozenset[str]]
    student: frozenset[str]
    ids: frozenset[str]

    def is_given(self, unit: Unit, kind: str, owner: str | None, cell_given: str | None) -> bool:
        if kind == "loose":
            return cell_given in self.ids
        if kind == "method" and owner is not None:
            method = unit.name.split(".", 1)[1]
            return (owner in self.methods and method in self.methods[owner]
                    and unit.name not in self.student)
        return unit.name in self.methods


def parse_cells(cells: Iterable[CodeCell], skip_sources: frozenset[str] = frozenset()) -> list[ParsedCell]:
    """Parse each cell once; cells whose text is exactly one of ``skip_sources`` (the skeleton's) are left out."""
    return [ParsedCell(cell.number, cell.source, cell.given, parse_cell(cell.source))
            for cell in cells if cell.source not in skip_sources]


def names_bound_in(cells: Iterable[ParsedCell]) -> Bound:
    """Every name these cells bind (see :class:`autograder.similarity.units.Bound`)."""
    names = Bound()
    for cell in cells:
        names |= bound_names(cell.tree)
    return names


def cell_units(cell: ParsedCell, bound: Bound) -> list[tuple[Unit, str, str | None]]:
    """The cell's normalised units, each with its kind and, for a method, its class."""
    raw = split_units(cell.tree, len(cell.source.splitlines()), cell.number)
    units = normalise_units(cell.source, raw, cell.number, bound, cell_tokens(cell.source))
    return [(unit, spec.kind, spec.owner) for unit, spec in zip(units, raw)]


def student_units(cells: list[ParsedCell], rule: GivenRule, skeleton_units: frozenset[tuple[str, ...]],
                  bound: Bound) -> list[Unit]:
    """The units the student wrote: not given, not the skeleton's unchanged, not empty."""
    kept = []
    for cell in cells:
        for unit, kind, owner in cell_units(cell, bound):
            if not unit.symbols or unit.symbols in skeleton_units:
                continue
            if rule.is_given(unit, kind, owner, cell.given):
                continue
            kept.append(unit)
    return kept
